import type { ClosedAnswer } from "../answers/closed-answer.js";
import { type ComposedAnswer, composeAnswer } from "../answers/compose-answer.js";
import { planWebSearch } from "../answers/web-search.js";
import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { MessagesRequest } from "../api/messages-request.js";
import { checkSystemMessages, validateMessagesRequest } from "../api/request-validation.js";
import { collectBreakpoints } from "../caching/cache-breakpoints.js";
import type { CachePlan, PromptCache } from "../caching/prompt-cache.js";
import type { EmulatorClock } from "../clock.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { ModelSpec } from "../models/model-spec.js";
import type { EvalHint } from "../quality/eval-hint.js";
import { takeEvalHint } from "../quality/eval-hint.js";
import { judge, type QualityJudgement } from "../quality/quality-model.js";
import type { QualityVerdict } from "../quality/quality-verdict.js";
import { resolveTaskProfile, type TaskProfile } from "../quality/task-profile.js";
import { layoutPrompt } from "../tokenizer/prompt-layout.js";
import { type ResponseTiming, simulateTiming } from "./latency.js";
import type { SimulatedMessage } from "./simulated-message.js";
import { buildUsage } from "./usage.js";

/** Per-request inputs that do not travel in the body. */
export interface SimulationContext {
  headerTaskType?: string | undefined;
  headerDifficulty?: string | undefined;
  /** Cache scope: caches are per workspace. */
  workspace: string;
  serviceTier: "standard" | "batch";
  /** The eval harness's `emulator_eval` field, taken out of the body (quality/eval-hint.ts). */
  evalHint?: EvalHint | null;
}

/** A simulated answer, not yet delivered: commit its cache plan when the response begins. */
export interface Simulation {
  message: SimulatedMessage;
  verdict: QualityVerdict;
  profile: TaskProfile;
  model: ModelSpec;
  cachePlan: CachePlan;
  timing: ResponseTiming;
}

export type SimulationResult = { ok: true; value: Simulation } | { ok: false; error: ApiErrorSpec };

// Claude 4.6 and later accept inference_geo; fast mode exists on these Opus models only.
const GEO_SINCE = Date.parse("2026-01-27T00:00:00Z");
const FAST_MODE_MODELS = new Set(["claude-opus-5-5", "claude-opus-5", "claude-opus-4-8", "claude-opus-4-6"]);

/** What the simulator reads and writes: the run's seed, models, prompt cache, clock and id source. */
export interface SimulatorDependencies {
  seed: number;
  registry: ModelRegistry;
  cache: PromptCache;
  clock: EmulatorClock;
  newId: (prefix: string) => string;
}

/** Turns a validated Messages request into a simulated answer with exact usage and a verdict. */
export class MessageSimulator {
  private readonly dependencies: SimulatorDependencies;

  constructor(dependencies: SimulatorDependencies) {
    this.dependencies = dependencies;
  }

  simulate(request: MessagesRequest, context: SimulationContext): SimulationResult {
    const { seed, registry, cache, clock, newId } = this.dependencies;
    const found = registry.lookup(request.model, clock.now());
    if (found.kind !== "available")
      return { ok: false, error: apiError("not_found_error", `model: ${request.model}`) };
    const model = found.model;
    const modelError = checkModelLimits(request, model);
    if (modelError) return { ok: false, error: modelError };

    const layout = layoutPrompt(request, model.tokenizer);
    const breakpoints = collectBreakpoints(layout, request.cache_control);
    if (!breakpoints.ok) return breakpoints;
    if (layout.totalTokens > model.contextWindow) {
      const message = `prompt is too long: ${layout.totalTokens} tokens > ${model.contextWindow} maximum`;
      return { ok: false, error: apiError("invalid_request_error", message) };
    }

    const resolved = resolveTaskProfile({
      layout,
      headerTaskType: context.headerTaskType,
      headerDifficulty: context.headerDifficulty,
      formatRequested: Boolean(request.output_config?.format),
    });
    const graded = this.gradeWithHint({ request, model, profile: resolved, layout, hint: context.evalHint });
    if (!graded.ok) return graded;
    const { profile, judgement, closed, thinkingTokens } = graded.value;
    const answer = composeAnswer({
      request,
      model,
      profile,
      judgement,
      layout,
      thinkingTokens,
      seed,
      closed,
      newToolUseId: () => newId("toolu_01"),
    });
    // Server tools run before the answer: their blocks come first and their results are input.
    const search = planWebSearch({
      request,
      layout,
      tokenizer: model.tokenizer,
      newId: () => newId("srvtoolu_01"),
    });
    if (search) answer.content.unshift(...search.blocks);
    const cachePlan = cache.plan({
      scope: `${context.workspace}|${model.id}`,
      layout,
      breakpoints: breakpoints.value,
      minimumTokens: model.minCacheableTokens,
      nowMs: clock.now(),
    });
    const usage = buildUsage({
      promptTokens: layout.totalTokens + (search?.inputTokens ?? 0),
      cache: cachePlan.usage,
      outputTokens: answer.outputTokens + (search?.outputTokens ?? 0),
      webSearchRequests: search ? search.requests : null,
      thinkingTokens: answer.thinkingTokens,
      serviceTier: context.serviceTier,
      inferenceGeo:
        Date.parse(model.createdAt) >= GEO_SINCE ? (request.inference_geo ?? "global") : "not_available",
      speed: request.speed ?? "standard",
    });
    const id = newId("msg_01");
    const message: SimulatedMessage = {
      id,
      type: "message",
      role: "assistant",
      model: model.id,
      content: answer.content,
      stop_reason: answer.stopReason,
      stop_sequence: answer.stopSequence,
      stop_details: answer.stopDetails,
      container: null,
      diagnostics: null,
      usage,
    };
    const verdict: QualityVerdict = {
      messageId: id,
      model: model.id,
      taskType: profile.taskType,
      taskTypeSource: profile.taskTypeSource,
      difficulty: profile.difficulty,
      difficultySource: profile.difficultySource,
      capability: judgement.capability,
      noise: judgement.noise,
      margin: judgement.margin,
      capable: judgement.capable,
      correct: isCorrect(judgement, answer),
      refusal: judgement.refusal,
      truncated: answer.truncated,
      structured: profile.structured && !judgement.refusal,
      validJson: profile.structured && !judgement.refusal ? answer.validJson : null,
      promptHash: layout.promptHash,
      seed,
      serviceTier: context.serviceTier,
      evalHint: closed === null ? null : closed.kind,
    };
    return {
      ok: true,
      value: { message, verdict, profile, model, cachePlan, timing: simulateTiming(model, usage) },
    };
  }

  /**
   * The oracle's judgement of a request and, with an eval hint, the words of a closed answer.
   * A judge call is itself judged as a classification at the graded answer's difficulty: a
   * capable judge reports the oracle's verdict on the graded answer, an incapable one the
   * opposite (a weak judge errs on hard answers, as real ones do).
   */
  private gradeWithHint(options: {
    request: MessagesRequest;
    model: ModelSpec;
    profile: TaskProfile;
    layout: ReturnType<typeof layoutPrompt>;
    hint: EvalHint | null | undefined;
  }): { ok: true; value: Graded } | { ok: false; error: ApiErrorSpec } {
    const { request, model, layout, hint } = options;
    const seed = this.dependencies.seed;
    let profile = options.profile;
    let closed: ClosedAnswer | null = null;
    let graded: { correct: boolean; difficulty: number } | null = null;
    if (hint?.judging !== undefined) {
      const outcome = this.oracleVerdict(hint.judging);
      if (!outcome.ok) return outcome;
      graded = outcome.value;
      profile = { ...profile, taskType: "judge", scoredAs: "classification", difficulty: graded.difficulty };
    }
    const thinkingTokens = plannedThinking(request, profile.difficulty);
    const judgement = judge({ seed, model, profile, promptHash: layout.promptHash, thinkingTokens });
    if (graded !== null)
      closed = { kind: "judge", pass: judgement.capable ? graded.correct : !graded.correct };
    else if (hint && "reference" in hint)
      closed = { kind: "reference", reference: hint.reference, choices: hint.choices ?? [] };
    return { ok: true, value: { profile, judgement, closed, thinkingTokens } };
  }

  /**
   * Whether the emulator's answer to `body` (a Messages request, with its own eval hint) is
   * correct, computed as serving it would (no headers) but without serving it: no id, no cache
   * entry, no verdict stored. The same function decides both, so a judge agrees with the oracle
   * even when the graded answer came from an earlier run of an emulator with the same seed.
   */
  private oracleVerdict(
    body: Record<string, unknown>,
  ): { ok: true; value: { correct: boolean; difficulty: number } } | { ok: false; error: ApiErrorSpec } {
    const invalid = (message: string) => ({
      ok: false as const,
      error: apiError("invalid_request_error", `emulator_eval.judging.${message}`),
    });
    const taken = takeEvalHint(body);
    if (!taken.ok) return invalid(taken.message);
    if (taken.hint?.judging !== undefined)
      return invalid("emulator_eval: a judge call cannot grade another judge call");
    const validated = validateMessagesRequest(taken.body);
    if (!validated.ok) return invalid(validated.error.message);
    const request = validated.value;
    const found = this.dependencies.registry.lookup(request.model, this.dependencies.clock.now());
    if (found.kind !== "available") return invalid(`model: ${request.model} is not available`);
    const model = found.model;
    // A request serving would refuse (a misplaced system message, max_tokens over the model's
    // limit) was never answered, so there is no answer to grade.
    const modelError = checkModelLimits(request, model);
    if (modelError) return invalid(modelError.message);
    const layout = layoutPrompt(request, model.tokenizer);
    const profile = resolveTaskProfile({ layout, formatRequested: Boolean(request.output_config?.format) });
    const graded = this.gradeWithHint({ request, model, profile, layout, hint: taken.hint });
    if (!graded.ok) return graded;
    const answer = composeAnswer({
      request,
      model,
      layout,
      seed: this.dependencies.seed,
      ...graded.value,
      newToolUseId: () => "toolu_01graded",
    });
    return {
      ok: true,
      value: { correct: isCorrect(graded.value.judgement, answer), difficulty: profile.difficulty },
    };
  }
}

/** The oracle's judgement of a request, and the closed answer an eval hint asks for. */
interface Graded {
  profile: TaskProfile;
  judgement: QualityJudgement;
  closed: ClosedAnswer | null;
  thinkingTokens: number;
}

/** Correct: capable, not a refusal, not cut by max_tokens. */
function isCorrect(judgement: QualityJudgement, answer: ComposedAnswer): boolean {
  return judgement.capable && !judgement.refusal && !answer.truncated;
}

function checkModelLimits(request: MessagesRequest, model: ModelSpec): ApiErrorSpec | null {
  const systemMessages = checkSystemMessages(request.messages, model.id);
  if (systemMessages) return apiError("invalid_request_error", systemMessages);
  if (request.max_tokens > model.maxOutputTokens) {
    return apiError(
      "invalid_request_error",
      `max_tokens: ${request.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`,
    );
  }
  if (request.inference_geo != null && Date.parse(model.createdAt) < GEO_SINCE)
    return apiError("invalid_request_error", `inference_geo: not supported for model ${model.id}`);
  if (request.speed === "fast" && !FAST_MODE_MODELS.has(model.id))
    return apiError("invalid_request_error", `speed: 'fast' is not supported for model ${model.id}`);
  return null;
}

/** Extended thinking spends more of its budget on harder prompts; adaptive thinking scales with difficulty. */
function plannedThinking(request: MessagesRequest, difficulty: number): number {
  const thinking = request.thinking;
  if (!thinking) return 0;
  if (thinking.type === "enabled") return Math.round(thinking.budget_tokens * (0.25 + 0.5 * difficulty));
  if (thinking.type === "adaptive") return Math.round(200 + 3000 * difficulty * difficulty);
  return 0;
}
