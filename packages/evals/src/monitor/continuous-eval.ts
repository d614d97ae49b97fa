import type Anthropic from "@anthropic-ai/sdk";
import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import type { FeedbackLoop, Policy, ShadowEvaluator, ShadowSample, TierOverride } from "@rightsize/policy";
import type { ContractedRates } from "@rightsize/pricing";
import { cost } from "@rightsize/pricing";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import { createGrader } from "../graders/create-grader.js";
import { answerText, type Grade, type Grader } from "../graders/grader.js";
import type { TaskGrading } from "../graders/graders-file.js";
import { EMULATOR_EVAL_FIELD, withJudgingHint } from "../runner/emulator-hints.js";
import { qualityTelemetry } from "./quality-telemetry.js";
import { type QualityWindow, qualityWindow } from "./regression-check.js";

/** A regression: a task type's pass rate on its tier no longer holds against the tier above. */
export interface RegressionAlert {
  taskType: string;
  tier: string;
  shadowTier: string;
  window: QualityWindow;
  /** The override that moved the task type up (when the policy's `monitoring.escalate` names it). */
  override?: TierOverride;
  /** What the alert says, with its figures. */
  message: string;
}

/** One graded sample: the routed answer held (`pass`) against the next tier's, or the eval failed. */
export interface ShadowVerdict {
  requestId: string;
  taskType: string;
  tier: string;
  shadowTier: string;
  grade?: Grade;
  /** The shadow re-run's and judge's cost, batch prices, pico-dollars. */
  costPico: bigint;
  window?: QualityWindow;
  error?: unknown;
}

export interface ContinuousEvalOptions {
  /** Where verdicts (the quality series) and overrides live; give it a Redis store to share them. */
  feedback: FeedbackLoop;
  /** Share of answered requests re-run on the next tier up, 0..1: one figure, or per task type. */
  sample: number | { default?: number; tasks?: Record<string, number> };
  /**
   * Per task type, its grader and bar (a graders file's `tasks`). The grader compares the routed
   * answer with the shadow answer as its reference; `normalized` when none is given. A judge
   * grader's call goes into the same batches, and its cost counts as quality assurance.
   */
  tasks?: Record<string, TaskGrading>;
  /** Resolves module graders' relative paths (the graders file's folder). */
  baseDir?: string;
  /** Bar for task types without one: 0.9 by default (a pass rate against the tier above). */
  defaultBar?: number;
  /** Verdicts in the window before a task type can regress: 20 by default. */
  minSamples?: number;
  /** Judge model for judge graders that name none: the shadow tier's model by default. */
  judgeModel?: string;
  /** Called when a regression alert fires (once per regression, per process). */
  onRegression?: (alert: RegressionAlert) => void;
  /** Called after every verdict. */
  onVerdict?: (verdict: ShadowVerdict) => void;
  /** Where a failed re-run, grade or store call goes (default: ignored; it is also on the span). */
  onError?: (error: unknown) => void;
  /** Contracted rates for the quality-assurance cost (list prices by default). */
  rates?: ContractedRates;
  /**
   * Talking to the bundled emulator: judge calls carry its `emulator_eval` hint so its verdict
   * follows the oracle (a closed question's own hint travels in the caller's request already).
   */
  emulator?: boolean;
  /** Where the verdict spans and the quality metrics go: the global providers by default. */
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  /** The clock of the verdict spans (a simulation's): real time by default. */
  now?: () => number;
  /** Sampling randomness (tests): Math.random by default. */
  random?: () => number;
}

/** The routed client's `shadowEval`, plus what a host needs to wait for it and read it. */
export interface ContinuousEval extends ShadowEvaluator {
  /** Waits for the evaluations in flight (their batches, grades and store writes). */
  flush(): Promise<void>;
  /** Evaluations in flight. */
  readonly pending: number;
  /** Quality-assurance spend so far in this process, pico-dollars. */
  readonly costPico: bigint;
}

function checkShare(value: number, where: string): number {
  if (!(value >= 0 && value <= 1))
    throw new EvalsError({
      code: EvalsErrorCode.invalidOption,
      message: `createContinuousEval: ${where} must be a share in [0, 1], got ${value}`,
    });
  return value;
}

function escalates(policy: Policy, taskType: string): boolean {
  const escalate = policy.monitoring?.escalate ?? [];
  return escalate === "all" || escalate.includes(taskType);
}

/**
 * The continuous shadow eval in production: a sampled share of each task type's answered
 * requests is re-run on the next tier up through the Message Batches API (half price), and the
 * task's grader compares the routed answer with the shadow one. Each verdict joins the task
 * type's quality series (the feedback loop's store: fleet-wide in Redis) and becomes a span and
 * metrics; when the series' Wilson upper bound falls below the bar, a regression alert fires
 * (callback, span event, metric), and where the policy's `monitoring.escalate` names the task
 * type, it moves up one tier through a feedback override (recorded, reviewable, revertible).
 * Nothing here runs before the caller has its answer, and nothing it does reaches the caller.
 *
 * @example
 * const feedback = createFeedbackLoop({ tiers: ["haiku", "sonnet", "opus"], store });
 * const shadowEval = await createContinuousEval({ feedback, sample: 0.05, tasks: graders.tasks });
 * const client = createRoutedClient({ client: new Anthropic(), policy, feedback, shadowEval });
 */
export async function createContinuousEval(options: ContinuousEvalOptions): Promise<ContinuousEval> {
  const sample = typeof options.sample === "number" ? { default: options.sample } : options.sample;
  const defaultShare = checkShare(sample.default ?? 0, "sample");
  const shares = new Map(
    Object.entries(sample.tasks ?? {}).map(([taskType, share]) => [
      taskType,
      checkShare(share, `sample.tasks.${taskType}`),
    ]),
  );
  const defaultBar = checkShare(options.defaultBar ?? 0.9, "defaultBar");
  const minSamples = options.minSamples ?? 20;
  const graders = new Map<string, Grader>();
  for (const [taskType, task] of Object.entries(options.tasks ?? {})) {
    if (task.grader)
      graders.set(
        taskType,
        await createGrader({ config: task.grader, ...(options.baseDir ? { baseDir: options.baseDir } : {}) }),
      );
  }
  const fallbackGrader = await createGrader({ config: { type: "normalized" } });
  const random = options.random ?? Math.random;
  const telemetry = qualityTelemetry({
    ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
    ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  const alerted = new Set<string>();
  let spent = 0n;

  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // The host's error handler must not break the evaluator either.
    }
  };

  /** At batch prices, on the rates in force when the call was made (the clock's: a simulation's too). */
  function batchCost(message: Anthropic.Message): bigint {
    const usage = { ...message.usage, service_tier: "batch" } as never;
    const at = new Date(options.now?.() ?? Date.now());
    return BigInt(cost({ model: message.model, usage, rates: options.rates, at }).contracted);
  }

  /** Grades the routed answer; a judge call's cost is added to the verdict as soon as it is paid. */
  async function grade(shadow: ShadowSample, shadowAnswer: Anthropic.Message, verdict: ShadowVerdict) {
    const grader = graders.get(shadow.taskType) ?? fallbackGrader;
    const input = {
      id: shadow.requestId,
      taskType: shadow.taskType,
      answer: answerText(shadow.answer),
      reference: answerText(shadowAnswer),
      request: shadow.request,
      message: shadow.answer,
    };
    if (grader.kind === "local") return await grader.grade(input);
    const model = grader.model ?? options.judgeModel ?? shadow.shadowModel;
    let params = grader.judgeRequest({ ...input, model });
    if (options.emulator) {
      const { [EMULATOR_EVAL_FIELD]: _hint, ...judged } = shadow.request as unknown as Record<
        string,
        unknown
      >;
      params = withJudgingHint(params, { ...judged, model: shadow.model } as never);
    }
    const judged = await shadow.sendBatch(params);
    // Paid whether or not its reply can be read: counted before it is.
    verdict.costPico += batchCost(judged);
    return grader.readVerdict(judged);
  }

  async function judgeSeries(sampled: ShadowSample): Promise<QualityWindow> {
    const verdicts = await options.feedback.verdicts({ taskType: sampled.taskType, tier: sampled.tier });
    const bar = options.tasks?.[sampled.taskType]?.bar ?? defaultBar;
    return qualityWindow({ verdicts, bar, minSamples });
  }

  async function alert(sampled: ShadowSample, window: QualityWindow): Promise<void> {
    const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
    const message =
      `${sampled.taskType} on ${sampled.tier}: ${window.passes} of ${window.n} shadow-eval answers held against ` +
      `${sampled.shadowTier} (${percent(window.passRate)}), upper bound ${percent(window.upper)} < bar ${percent(window.bar)}`;
    const alertInfo: RegressionAlert = {
      taskType: sampled.taskType,
      tier: sampled.tier,
      shadowTier: sampled.shadowTier,
      window,
      message,
    };
    if (escalates(sampled.policy, sampled.taskType)) {
      const override = await options.feedback.escalate({
        taskType: sampled.taskType,
        fromTier: sampled.tier,
        reason: `shadow eval regression: ${message}`,
        samples: window.n,
        flagRate: 1 - window.passRate,
        source: "shadow-eval",
      });
      if (override) alertInfo.override = override;
    }
    try {
      options.onRegression?.(alertInfo);
    } catch (error) {
      report(error);
    }
  }

  async function evaluateOne(sampled: ShadowSample): Promise<void> {
    const { [EMULATOR_EVAL_FIELD]: hint, ...request } = sampled.request as unknown as Record<string, unknown>;
    const shadowParams = {
      ...request,
      ...(hint === undefined ? {} : { [EMULATOR_EVAL_FIELD]: hint }),
      model: sampled.shadowModel,
    } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    const verdict: ShadowVerdict = {
      requestId: sampled.requestId,
      taskType: sampled.taskType,
      tier: sampled.tier,
      shadowTier: sampled.shadowTier,
      costPico: 0n,
    };
    let regression = false;
    try {
      const shadowAnswer = await sampled.sendBatch(shadowParams);
      verdict.costPico += batchCost(shadowAnswer);
      const graded = await grade(sampled, shadowAnswer, verdict);
      verdict.grade = graded;
      await options.feedback.recordVerdict({
        taskType: sampled.taskType,
        tier: sampled.tier,
        pass: graded.pass,
        score: graded.score,
      });
      verdict.window = await judgeSeries(sampled);
      const key = `${sampled.taskType}\u0000${sampled.tier}`;
      if (!verdict.window.regressed) alerted.delete(key);
      else if (!alerted.has(key)) {
        alerted.add(key);
        regression = true;
        await alert(sampled, verdict.window);
      }
    } catch (error) {
      verdict.error = error;
      report(error);
    } finally {
      spent += verdict.costPico;
      telemetry.report({
        taskType: verdict.taskType,
        tier: verdict.tier,
        shadowTier: verdict.shadowTier,
        pass: verdict.grade?.pass,
        costPico: verdict.costPico,
        series: verdict.window,
        regression,
        ...(verdict.error === undefined ? {} : { error: verdict.error }),
      });
      try {
        options.onVerdict?.(verdict);
      } catch (error) {
        report(error);
      }
    }
  }

  return {
    sample: (candidate) => random() < (shares.get(candidate.taskType) ?? defaultShare),
    evaluate: (sampled) => {
      const running: Promise<void> = evaluateOne(sampled).catch(report);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running));
    },
    flush: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    get pending() {
      return inFlight.size;
    },
    get costPico() {
      return spent;
    },
  };
}
