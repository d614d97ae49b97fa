import { readFile } from "node:fs/promises";
import type { RequestFacts } from "@rightsize/contracts";
import { decide, parsePolicy } from "@rightsize/policy";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { EvalSummary, TaskSummary } from "../summary/summary-schema.js";
import { describeChange, recommendPolicy } from "./recommend-policy.js";

const EXAMPLE = new URL("../../../policy/examples/support-pipeline.yaml", import.meta.url);
const TIER_MODELS: Record<string, string> = {
  haiku: "claude-haiku-5-5",
  sonnet: "claude-sonnet-5-5",
  opus: "claude-opus-5-5",
};
// The example's map: what decide() gives for a task type alone.
const CURRENT: Record<string, string> = {
  classification: "haiku",
  extraction: "haiku",
  detection: "haiku",
  summarization: "sonnet",
  drafting: "sonnet",
  analysis: "sonnet",
  "short-answer": "haiku",
  "code-generation": "sonnet",
};
// The example's other writing task types (the classifier's taxonomy names).
const MORE_WRITING = [
  "email-drafting",
  "content-editing",
  "creative-writing",
  "data-analysis",
  "research-synthesis",
  "code-explanation",
];

function task(
  taskType: string,
  tier: string,
  figures: { n: number; passes: number; lower: number; cleared?: boolean },
): TaskSummary {
  return {
    taskType,
    bar: 0.95,
    models: [
      {
        tier,
        model: TIER_MODELS[tier]!,
        n: figures.n,
        passes: figures.passes,
        passRate: figures.passes / figures.n,
        lower: figures.lower,
        upper: 1,
      },
    ],
    recommended: { tier, model: TIER_MODELS[tier]!, cleared: figures.cleared ?? true },
  };
}

async function recommend(summary: EvalSummary) {
  return recommendPolicy({
    source: await readFile(EXAMPLE, "utf8"),
    summary,
    tiers: ["haiku", "sonnet", "opus"],
    tierOfModel: (model) => Object.keys(TIER_MODELS).find((tier) => TIER_MODELS[tier] === model),
    currentTier: (taskType) => CURRENT[taskType] ?? "sonnet",
  });
}

describe("recommendPolicy", () => {
  it("moves task types between task-type rules, keeps the rest of the file, and says why in each reason", async () => {
    const source = await readFile(EXAMPLE, "utf8");
    const result = await recommend({
      tasks: [
        task("classification", "haiku", { n: 412, passes: 401, lower: 0.9528 }),
        task("summarization", "haiku", { n: 300, passes: 297, lower: 0.971 }),
        task("analysis", "opus", { n: 300, passes: 270, lower: 0.861, cleared: false }),
        task("short-answer", "haiku", { n: 200, passes: 199, lower: 0.972 }),
      ],
    });
    expect(result.changes.map(describeChange)).toEqual([
      "classification: haiku (unchanged), 412 samples, 97.3% pass, lower bound 95.3% >= bar 95%",
      "summarization: sonnet -> haiku, 300 samples, 99% pass, lower bound 97.1% >= bar 95%",
      "analysis: sonnet -> opus, 300 samples, 90% pass, lower bound 86.1% < bar 95%; no tier cleared the bar, so the strongest evaluated",
      "short-answer: haiku (unchanged), 200 samples, 99.5% pass, lower bound 97.2% >= bar 95%",
    ]);
    expect(result.changed).toBe(true);
    const policy = parse(result.text) as {
      version: string;
      routing: Record<string, unknown>[];
      ceilings: unknown[];
    };
    expect(policy.version).toBe("1.2.0");
    const routing = Object.fromEntries(policy.routing.map((rule) => [rule.name, rule]));
    const values = (name: string) => (routing[name]!.when as { all: { value: string[] }[] }).all[0]!.value;
    expect(values("routine-on-haiku")).toEqual([
      "classification",
      "extraction",
      "detection",
      "short-answer",
      "sentiment-analysis",
      "language-detection",
      "entity-extraction",
      "keyword-extraction",
      "format-conversion",
      "spam-detection",
      "pii-detection",
      "translation",
      "question-answering",
      "summarization",
    ]);
    expect(values("writing-on-sonnet")).toEqual(["drafting", ...MORE_WRITING]);
    expect(values("expert-on-sonnet")).toEqual([
      "code-generation",
      "legal-review",
      "legal-analysis",
      "architecture-review",
    ]);
    // analysis moves to opus; no rule routes task types alone to opus: a rule of its own, raised
    // above the example's "hard prompts start on sonnet" rule (priority 20), which would otherwise
    // send hard analysis prompts back down to sonnet.
    expect(routing["evidence-opus"]).toMatchObject({ priority: 21, tier: "opus" });
    expect(values("evidence-opus")).toEqual(["analysis"]);
    expect(routing["evidence-opus"]!.reason).toContain(
      "(priority 21: above hard-prompts-on-sonnet, which would route it to a cheaper tier than the evidence)",
    );
    const parsed = parsePolicy({ source: result.text });
    if (!parsed.ok) throw parsed.error;
    const tierOf = (facts: RequestFacts) => {
      const decision = decide({ policy: parsed.policy, facts });
      return decision.kind === "route" ? decision.tier : decision.kind;
    };
    expect(tierOf({ taskType: "analysis", complexity: 0.95 })).toBe("opus");
    expect(tierOf({ taskType: "analysis", complexity: 0.1 })).toBe("opus");
    // A task the evidence moved down keeps the rule that starts its hard prompts a tier up.
    expect(tierOf({ taskType: "summarization", complexity: 0.95 })).toBe("sonnet");
    expect(tierOf({ taskType: "summarization", complexity: 0.1 })).toBe("haiku");
    expect(routing["routine-on-haiku"]!.reason).toBe(
      "shadow eval: classification on haiku: 412 samples, 97.3% pass, lower bound 95.3% >= bar 95%; " +
        "extraction: not evaluated; detection: not evaluated; " +
        "short-answer on haiku: 200 samples, 99.5% pass, lower bound 97.2% >= bar 95%; " +
        "sentiment-analysis: not evaluated; language-detection: not evaluated; entity-extraction: not evaluated; " +
        "keyword-extraction: not evaluated; format-conversion: not evaluated; spam-detection: not evaluated; " +
        "pii-detection: not evaluated; translation: not evaluated; question-answering: not evaluated; " +
        "summarization on haiku: 300 samples, 99% pass, lower bound 97.1% >= bar 95%",
    );
    expect(routing["expert-on-sonnet"]!.reason).toBe(
      "code generation, legal and architecture review start on Sonnet and escalate to Opus when a check fails",
    );
    // Everything else is as written: comments, ceilings, flow style.
    expect(result.text).toContain("# The task-to-tier map of a typical support pipeline");
    expect(result.text).toContain(`value: [drafting, ${MORE_WRITING.join(", ")}]`);
    expect(policy.ceilings).toEqual((parse(source) as { ceilings: unknown[] }).ceilings);
  });

  it("deletes a rule left with no task type, and reports a model that is no tier as unmapped", async () => {
    const result = await recommend({
      tasks: [
        task("drafting", "haiku", { n: 100, passes: 100, lower: 0.963 }),
        task("summarization", "haiku", { n: 100, passes: 100, lower: 0.963 }),
        task("analysis", "haiku", { n: 100, passes: 100, lower: 0.963 }),
        {
          ...task("legal-review", "opus", { n: 50, passes: 50, lower: 0.93 }),
          recommended: { model: "claude-fable-5-2", cleared: true },
        },
        ...MORE_WRITING.map((taskType) => task(taskType, "haiku", { n: 100, passes: 100, lower: 0.963 })),
      ],
    });
    const policy = parse(result.text) as { routing: { name: string }[] };
    expect(policy.routing.map((rule) => rule.name)).toEqual([
      "routine-on-haiku",
      "expert-on-sonnet",
      "hard-prompts-on-sonnet",
      "hard-expert-on-opus",
    ]);
    expect(describeChange(result.changes[3]!)).toBe(
      "legal-review: recommended claude-fable-5-2 is not a tier of the policy; unchanged, no samples, bar 95%",
    );
  });

  it("writes JSON back as JSON, and changes no version when nothing moved", async () => {
    const source = JSON.stringify(parse(await readFile(EXAMPLE, "utf8")));
    const result = recommendPolicy({
      source,
      format: "json",
      summary: { tasks: [task("classification", "haiku", { n: 10, passes: 10, lower: 0.72 })] },
      tiers: ["haiku", "sonnet", "opus"],
      tierOfModel: () => undefined,
      currentTier: () => "haiku",
    });
    expect(result.changed).toBe(false);
    const policy = JSON.parse(result.text) as { version: string; routing: { reason: string }[] };
    expect(policy.version).toBe("1.1.0");
    expect(policy.routing[0]!.reason).toMatch(/^shadow eval: classification on haiku: 10 samples/);
  });
});
