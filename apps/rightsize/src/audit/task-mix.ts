import type { UsageRecord } from "@rightsize/baseline";
import { anthropicUsageOf, picoToDecimalUsd } from "@rightsize/contracts";
import { wilsonInterval } from "@rightsize/evals";
import { type ComplexityRouter, classifyTask, scoreComplexity } from "@rightsize/policy";
import { cost } from "@rightsize/pricing";
import type { AuditFileSummary, SampledRequest } from "./audit-sources.js";

/** The method's rule of thumb: more than this share of routine requests is a strong case for routing. */
export const ROUTINE_RULE_OF_THUMB = 0.7;

/** Requests of one class in the sample, and what they cost. */
export interface ClassFigures {
  requests: number;
  share: number;
  /** Exact list spend of these sampled requests, decimal USD; null when no request of the class carries usage. */
  spendUsd: string | null;
  spendShare: number | null;
}

/** One task type's row. */
export interface TaskMixRow extends ClassFigures {
  taskType: string;
  routine: number;
  complex: number;
  unscored: number;
}

/** The audit's result (`rightsize audit --json`). */
export interface TaskMix {
  seed: number;
  sampled: number;
  population: number;
  complexAt: number;
  files: AuditFileSummary[];
  tasks: TaskMixRow[];
  classes: { routine: ClassFigures; complex: ClassFigures; unscored: ClassFigures };
  /** Routine share of the requests that have a complexity score, with its 95% Wilson interval. */
  routine: { share: number | null; lower: number | null; upper: number | null; scored: number };
  ruleOfThumb: { threshold: number; strongCase: boolean | null; statement: string };
  spend: { totalUsd: string | null; priced: number; unpriced: number };
  /** How each sampled request got its task type and complexity. */
  classifiedBy: { taskType: Record<string, number>; complexity: Record<string, number> };
  notes: string[];
}

interface Classified {
  taskType: string;
  taskTypeFrom: "declared" | "classifier" | "recorded" | "none";
  complexity: number | null;
  complexityFrom: "scorer" | "router" | "recorded" | "none";
  costPico: bigint | null;
}

/**
 * Classifies each sampled request into a task type and routine vs complex (complexity below
 * `complexAt`), prices what carries usage, and states the routine share against the rule of
 * thumb. Prompts (requests files) go through the policy's classifier and complexity scorer; spans
 * and request logs carry no prompt text, so only what was recorded is known.
 */
export function auditTaskMix(options: {
  sample: readonly SampledRequest[];
  population: number;
  files: AuditFileSummary[];
  seed: number;
  complexAt: number;
  /** A trained router (rightsize router train) scoring the prompts instead of the built-in scorer. */
  router?: ComplexityRouter | undefined;
}): TaskMix {
  const classified = options.sample.map((item) => classify(item, options.router));
  const routineOf = (item: Classified) =>
    item.complexity === null ? "unscored" : item.complexity < options.complexAt ? "routine" : "complex";
  const rows = new Map<string, TaskMixRow & { pico: bigint; priced: number }>();
  const classes = { routine: accumulator(), complex: accumulator(), unscored: accumulator() };
  let total = 0n;
  let priced = 0;
  for (const item of classified) {
    const row = rows.get(item.taskType) ?? { ...emptyRow(item.taskType), pico: 0n, priced: 0 };
    rows.set(item.taskType, row);
    const kind = routineOf(item);
    row[kind]++;
    row.requests++;
    classes[kind].requests++;
    if (item.costPico !== null) {
      row.pico += item.costPico;
      row.priced++;
      classes[kind].pico += item.costPico;
      classes[kind].priced++;
      total += item.costPico;
      priced++;
    }
  }
  const sampled = classified.length;
  const figures = (requests: number, pico: bigint, pricedCount: number): ClassFigures => ({
    requests,
    share: sampled === 0 ? 0 : requests / sampled,
    spendUsd: pricedCount === 0 ? null : picoToDecimalUsd(pico),
    spendShare: pricedCount === 0 || total === 0n ? null : Number((pico * 1_000_000n) / total) / 1_000_000,
  });
  const tasks = [...rows.values()]
    .sort((left, right) => right.requests - left.requests || (left.taskType < right.taskType ? -1 : 1))
    .map(({ pico, priced: rowPriced, ...row }) => ({ ...row, ...figures(row.requests, pico, rowPriced) }));
  const scored = classes.routine.requests + classes.complex.requests;
  const interval = scored === 0 ? null : wilsonInterval({ passes: classes.routine.requests, n: scored });
  const share = scored === 0 ? null : classes.routine.requests / scored;
  return {
    seed: options.seed,
    sampled,
    population: options.population,
    complexAt: options.complexAt,
    files: options.files,
    tasks,
    classes: {
      routine: figures(classes.routine.requests, classes.routine.pico, classes.routine.priced),
      complex: figures(classes.complex.requests, classes.complex.pico, classes.complex.priced),
      unscored: figures(classes.unscored.requests, classes.unscored.pico, classes.unscored.priced),
    },
    routine: { share, lower: interval?.lower ?? null, upper: interval?.upper ?? null, scored },
    ruleOfThumb: ruleOfThumb(share, scored),
    spend: { totalUsd: priced === 0 ? null : picoToDecimalUsd(total), priced, unpriced: sampled - priced },
    classifiedBy: {
      taskType: countBy(classified, (item) => item.taskTypeFrom),
      complexity: countBy(classified, (item) => item.complexityFrom),
    },
    notes: sourceNotes(options.files),
  };
}

function classify(item: SampledRequest, router: ComplexityRouter | undefined): Classified {
  if (item.kind === "requests") {
    const { taskType } = classifyTask(item.prompt);
    const fromClassifier = taskType !== "unknown";
    const known = item.declaredTaskType ?? (fromClassifier ? taskType : undefined);
    const { score } = router ? router.score(item.prompt, known) : scoreComplexity(item.prompt);
    return {
      taskType: known ?? "unknown",
      taskTypeFrom: item.declaredTaskType !== null ? "declared" : fromClassifier ? "classifier" : "none",
      complexity: score,
      complexityFrom: router ? "router" : "scorer",
      costPico: null,
    };
  }
  const { record } = item;
  const known = record.taskType !== "unknown" && record.taskType !== "";
  return {
    taskType: known ? record.taskType : "unknown",
    taskTypeFrom: known ? "recorded" : "none",
    complexity: record.complexity >= 0 ? record.complexity : null,
    complexityFrom: record.complexity >= 0 ? "recorded" : "none",
    costPico: recordCost(record),
  };
}

/** A record's exact list cost (pico-dollars), or null when the price book cannot price it. */
function recordCost(record: UsageRecord): bigint | null {
  try {
    const breakdown = cost({
      model: record.model,
      usage: {
        ...anthropicUsageOf(record),
        service_tier: record.serviceTier,
        ...(record.geo === "us" ? { inference_geo: "us" } : {}),
      },
      at: new Date(record.timeMs),
      ...(record.fast ? { speed: "fast" as const } : {}),
    });
    return BigInt(breakdown.list);
  } catch {
    return null;
  }
}

function ruleOfThumb(share: number | null, scored: number): TaskMix["ruleOfThumb"] {
  const threshold = ROUTINE_RULE_OF_THUMB;
  if (share === null)
    return {
      threshold,
      strongCase: null,
      statement: "no sampled request has a complexity score, so the routine share cannot be stated",
    };
  const percent = `${(share * 100).toFixed(1)}%`;
  const strongCase = share > threshold;
  return {
    threshold,
    strongCase,
    statement: strongCase
      ? `${percent} of ${scored} scored requests are routine, more than 70%: a strong case for routing`
      : `${percent} of ${scored} scored requests are routine, not more than 70%: routing still saves on the routine part, but the case is weaker`,
  };
}

/** What each kind of source can and cannot tell, for the sources actually read. */
function sourceNotes(files: readonly AuditFileSummary[]): string[] {
  const kinds = new Set(files.map((file) => file.kind));
  const notes: string[] = [];
  if (kinds.has("requests"))
    notes.push(
      "requests files carry the prompt: every request is classified (a declared taskType wins, else the policy's classifier) and scored by the complexity scorer; they carry no usage, so no spend",
    );
  if (kinds.has("spans"))
    notes.push(
      "spans carry no prompt text (privacy): a request has a task type and complexity only where the routed client recorded them (rightsize.task_type, rightsize.complexity); spend is exact from the recorded usage (attempts escalated away are not requests and are not sampled)",
    );
  if (kinds.has("request-log"))
    notes.push(
      "request logs carry the task_type and complexity columns when the logger wrote them, and no prompt text; spend is exact from the usage columns",
    );
  return notes;
}

function accumulator() {
  return { requests: 0, pico: 0n, priced: 0 };
}

function emptyRow(taskType: string): TaskMixRow {
  return {
    taskType,
    requests: 0,
    share: 0,
    routine: 0,
    complex: 0,
    unscored: 0,
    spendUsd: null,
    spendShare: null,
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
