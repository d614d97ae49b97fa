import { type Document, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import type { EvalSummary, ModelSummary, TaskSummary } from "../summary/summary-schema.js";
import {
  addTaskType,
  removeTaskType,
  routingSeq,
  type TaskTypeRule,
  taskTypeRules,
} from "./routing-rules.js";

/** What evidence did to one task type's routing. */
export interface RoutingChange {
  taskType: string;
  /** The tier the current policy routes the task type to (null: none known). */
  from: string | null;
  /** The recommended tier (null when the recommended model is not one of the policy's tiers). */
  to: string | null;
  model: string;
  status: "moved" | "kept" | "unmapped";
  cleared: boolean;
  bar: number;
  /** The recommended model's figures. */
  evidence: ModelSummary | undefined;
}

/** Options of `recommendPolicy`. */
export interface RecommendPolicyOptions {
  /** The current policy's text (YAML, or JSON, which is written back as JSON). */
  source: string;
  format?: "yaml" | "json";
  summary: EvalSummary;
  /** The policy's tier names, cheapest first. */
  tiers: readonly string[];
  /** The tier a model id is bound to, if any. */
  tierOfModel: (model: string) => string | undefined;
  /** The tier the current policy routes a task type to (for the diff). */
  currentTier: (taskType: string) => string | null;
}

/** The new policy text and what changed, task by task. */
export interface PolicyRecommendation {
  text: string;
  changes: RoutingChange[];
  /** Any tier moved (the version is bumped then). */
  changed: boolean;
}

/**
 * Rewrites a policy's task-to-tier map to follow an eval's evidence, editing the document in
 * place (comments, order and every other section stay as written): a task type that moves is
 * taken out of the task-type rule that held it (deleted when empty) and added to a task-type
 * rule of the recommended tier with the same priority and escalation, or to a new
 * `evidence-<tier>` rule; every task-type rule holding an evaluated task type gets a reason
 * carrying the evidence (samples, pass rate, Wilson lower bound, bar). Rules that route on more
 * than the task type are left alone. The caller validates the result (`rightsize policy check`).
 */
export function recommendPolicy(options: RecommendPolicyOptions): PolicyRecommendation {
  const document = parseDocument(options.source, { keepSourceTokens: false });
  if (document.errors.length > 0 || typeof document.toJSON() !== "object" || document.toJSON() === null) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidPolicy,
      message: `the current policy is not a YAML/JSON mapping: ${document.errors[0]?.message ?? "empty document"}`,
    });
  }
  let routing: YAMLSeq;
  try {
    routing = routingSeq(document);
  } catch (cause) {
    throw new EvalsError({ code: EvalsErrorCode.invalidPolicy, message: (cause as Error).message, cause });
  }
  const changes: RoutingChange[] = [];
  const evidenceByTask = new Map<string, string>();
  const touched = new Set<string>();
  for (const task of options.summary.tasks) {
    const change = changeOf(task, options);
    changes.push(change);
    if (change.to === null) continue;
    evidenceByTask.set(task.taskType, evidenceText(change));
    for (const name of placeTaskType({ document, routing, taskType: task.taskType, tier: change.to }))
      touched.add(name);
  }
  for (const rule of taskTypeRules(routing)) {
    const evaluated = rule.taskTypes.filter((taskType) => evidenceByTask.has(taskType));
    // A rule whose list changed no longer matches its old reason, evidence or not.
    if (evaluated.length === 0 && !touched.has(rule.name)) continue;
    const parts = rule.taskTypes.map(
      (taskType) => evidenceByTask.get(taskType) ?? `${taskType}: not evaluated`,
    );
    rule.node.set("reason", `shadow eval: ${parts.join("; ")}`);
  }
  outrankLowerRules({ routing, changes, tiers: options.tiers });
  const changed = changes.some((change) => change.status === "moved");
  if (changed) bumpVersion(document);
  const text =
    options.format === "json"
      ? `${JSON.stringify(document.toJSON(), null, 2)}\n`
      : unpadFlowSequences(document.toString({ lineWidth: 0 }));
  return { text, changes, changed };
}

function changeOf(task: TaskSummary, options: RecommendPolicyOptions): RoutingChange {
  const { recommended } = task;
  const tier = recommended.tier ?? options.tierOfModel(recommended.model);
  const to = tier !== undefined && options.tiers.includes(tier) ? tier : null;
  const from = options.currentTier(task.taskType);
  const evidence = task.models.find(
    (model) =>
      model.model === recommended.model &&
      (recommended.tier === undefined || model.tier === recommended.tier),
  );
  return {
    taskType: task.taskType,
    from,
    to,
    model: recommended.model,
    status: to === null ? "unmapped" : to === from ? "kept" : "moved",
    cleared: recommended.cleared,
    bar: task.bar,
    evidence,
  };
}

/**
 * Moves a task type into a task-type rule of `tier` (same priority and escalation as where it
 * was); returns the names of the rules it changed.
 */
function placeTaskType(options: {
  document: Document;
  routing: YAMLSeq;
  taskType: string;
  tier: string;
}): string[] {
  const { document, routing, taskType, tier } = options;
  const rules = taskTypeRules(routing);
  const holder = rules
    .filter((rule) => rule.taskTypes.includes(taskType))
    .sort((a, b) => b.priority - a.priority)[0];
  if (holder?.tier === tier) return [];
  const priority = holder?.priority ?? commonPriority(rules);
  const escalation = holder?.escalation;
  if (holder && !removeTaskType(holder, taskType)) routing.delete(routing.items.indexOf(holder.node));
  const destination = taskTypeRules(routing).find(
    (rule) => rule.tier === tier && rule.priority === priority && rule.escalation === escalation,
  );
  const changed = holder ? [holder.name] : [];
  if (destination) {
    addTaskType(document, destination, taskType);
    return [...changed, destination.name];
  }
  const rule = newRule({ document, routing, taskType, tier, priority, escalation });
  routing.add(rule);
  return [...changed, String(rule.get("name"))];
}

/**
 * A task type the evidence moved up must not be routed back down by a rule of higher priority
 * that names a cheaper tier and may match it (a "hard prompts start on sonnet" rule over a task
 * the eval sent to opus): the task-type rule holding it is raised just above such rules, unless a
 * rule naming a stronger tier sits in between (raising past it would route that task lower
 * instead); its reason says so.
 */
function outrankLowerRules(options: {
  routing: YAMLSeq;
  changes: readonly RoutingChange[];
  tiers: readonly string[];
}): void {
  const rank = (tier: string) => options.tiers.indexOf(tier);
  const movedUp = new Set(
    options.changes
      .filter(
        (change) =>
          change.status === "moved" &&
          change.to !== null &&
          change.from !== null &&
          rank(change.to) > rank(change.from),
      )
      .map((change) => change.taskType),
  );
  if (movedUp.size === 0) return;
  const others = routingRuleSummaries(options.routing);
  for (const rule of taskTypeRules(options.routing)) {
    const raised = rule.taskTypes.filter((taskType) => movedUp.has(taskType));
    if (raised.length === 0) continue;
    const matching = others.filter(
      (other) =>
        other.node !== rule.node &&
        other.priority > rule.priority &&
        raised.some((taskType) => other.mayMatchTaskType(taskType)),
    );
    const lower = matching.filter((other) => rank(other.tier) < rank(rule.tier));
    if (lower.length === 0) continue;
    const above = Math.max(...lower.map((other) => other.priority));
    const stronger = matching.some(
      (other) => rank(other.tier) > rank(rule.tier) && other.priority <= above + 1,
    );
    if (stronger) continue;
    rule.node.set("priority", above + 1);
    const names = lower.map((other) => other.name).join(", ");
    const reason = String(rule.node.get("reason") ?? "shadow eval");
    rule.node.set(
      "reason",
      `${reason} (priority ${above + 1}: above ${names}, which would route it to a cheaper tier than the evidence)`,
    );
  }
}

/** Every tier-naming, non-shadow routing rule, with a conservative test of whether it can match a task type. */
function routingRuleSummaries(routing: YAMLSeq): Array<{
  node: unknown;
  name: string;
  tier: string;
  priority: number;
  mayMatchTaskType: (taskType: string) => boolean;
}> {
  const rules = [];
  for (const node of routing.items) {
    const rule = (node as YAMLMap).toJSON?.() as Record<string, unknown> | undefined;
    if (!rule || typeof rule.tier !== "string" || rule.reject !== undefined || rule.shadow === true) continue;
    const all = (rule.when as { all?: unknown } | undefined)?.all;
    const conditions = Array.isArray(all) ? (all as Array<Record<string, unknown>>) : [];
    rules.push({
      node,
      name: String(rule.name),
      tier: rule.tier,
      priority: typeof rule.priority === "number" ? rule.priority : 1,
      // Only an `all` condition on the task type can rule a task type out; anything else may match.
      mayMatchTaskType: (taskType: string) =>
        conditions.every((condition) => {
          if (condition?.fact !== "taskType" || condition.path !== undefined) return true;
          const values = Array.isArray(condition.value) ? condition.value : [condition.value];
          if (condition.operator === "in" || condition.operator === "equal") return values.includes(taskType);
          if (condition.operator === "notIn" || condition.operator === "notEqual")
            return !values.includes(taskType);
          return true;
        }),
    });
  }
  return rules;
}

/**
 * The yaml library pads every flow collection (`[ a, b ]`); policy files (and Prettier) write
 * flow sequences unpadded (`[a, b]`) and flow maps padded. Undo the padding of sequences, outside
 * quoted strings, so the edit does not restyle lines it did not touch.
 */
function unpadFlowSequences(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let out = "";
      let quote: string | null = null;
      for (let index = 0; index < line.length; index++) {
        const char = line[index]!;
        if (quote) {
          out += char;
          if (char === quote && line[index - 1] !== "\\") quote = null;
          continue;
        }
        if (char === '"' || char === "'") quote = char;
        if (char === "[" && line[index + 1] === " " && line[index + 2] !== "]") {
          out += "[";
          index++;
          continue;
        }
        if (char === " " && line[index + 1] === "]" && out.at(-1) !== "[") continue;
        out += char;
      }
      return out;
    })
    .join("\n");
}

function newRule(options: {
  document: Document;
  routing: YAMLSeq;
  taskType: string;
  tier: string;
  priority: number;
  escalation: unknown;
}): YAMLMap {
  const names = new Set(options.routing.items.map((item) => String((item as YAMLMap).get?.("name"))));
  let name = `evidence-${options.tier}`;
  for (let suffix = 2; names.has(name); suffix++) name = `evidence-${options.tier}-${suffix}`;
  const rule = options.document.createNode({
    name,
    priority: options.priority,
    reason: "shadow eval",
    when: { all: [{ fact: "taskType", operator: "in", value: [options.taskType] }] },
    tier: options.tier,
    ...(options.escalation === undefined ? {} : { escalation: options.escalation }),
  }) as YAMLMap;
  const condition = rule.getIn(["when", "all", 0], true) as YAMLMap;
  condition.flow = true;
  return rule;
}

/** The priority most task-type rules use (10 when there are none): where a new task-type rule belongs. */
function commonPriority(rules: readonly TaskTypeRule[]): number {
  const counts = new Map<number, number>();
  for (const rule of rules) counts.set(rule.priority, (counts.get(rule.priority) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 10;
}

function bumpVersion(document: Document): void {
  const version = String(document.get("version") ?? "");
  const semver = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
  document.set("version", semver ? `${semver[1]}.${Number(semver[2]) + 1}.0` : `${version || "0"}+evidence`);
}

/** A share as a percentage with one decimal, without a trailing ".0": 0.973 → "97.3%", 0.95 → "95%". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1).replace(/\.0$/, "")}%`;
}

/** "412 samples, 97.3% pass, lower bound 95.4% >= bar 95%". */
function figuresText(change: RoutingChange): string {
  const evidence = change.evidence;
  if (!evidence) return `no samples, bar ${formatShare(change.bar)}`;
  const comparison = evidence.lower >= change.bar ? ">=" : "<";
  return (
    `${evidence.n} samples, ${formatShare(evidence.passRate)} pass, ` +
    `lower bound ${formatShare(evidence.lower)} ${comparison} bar ${formatShare(change.bar)}`
  );
}

function evidenceText(change: RoutingChange): string {
  const onModel = change.to === null ? change.model : change.to;
  return `${change.taskType} on ${onModel}: ${figuresText(change)}${change.cleared ? "" : " (no tier cleared the bar)"}`;
}

/**
 * The change in words.
 * @example "classification: sonnet -> haiku, 412 samples, 97.3% pass, lower bound 95.4% >= bar 95%"
 */
export function describeChange(change: RoutingChange): string {
  const from = change.from ?? "(default)";
  const tail = change.cleared ? "" : "; no tier cleared the bar, so the strongest evaluated";
  switch (change.status) {
    case "moved":
      return `${change.taskType}: ${from} -> ${change.to}, ${figuresText(change)}${tail}`;
    case "kept":
      return `${change.taskType}: ${change.to} (unchanged), ${figuresText(change)}${tail}`;
    case "unmapped":
      return `${change.taskType}: recommended ${change.model} is not a tier of the policy; unchanged, ${figuresText(change)}`;
    default: {
      const unknown: never = change.status;
      return String(unknown);
    }
  }
}
