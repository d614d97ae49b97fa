/**
 * Seeded generators of policies and fact vectors for the differential and fuzz tests: the
 * same seed gives the same cases, so a failure is reproducible from its printed seed.
 */
import type { RequestFacts } from "@rightsize/contracts";
import type { PolicyInput } from "../policy-schema.js";
import type { Condition } from "../rules/condition.js";

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export const TASK_TYPES = [
  "classification",
  "extraction",
  "detection",
  "summarization",
  "drafting",
  "analysis",
  "code-generation",
  "legal-review",
  "architecture-review",
  "other",
];
// Tenants where RE2 and JavaScript read `.` and `\s` differently (\r, no-break space, U+2028).
const TENANTS = [
  "acme",
  "globex",
  "initech",
  "offline-batch",
  "acme corp",
  "acme\rcorp",
  "acme\u00a0corp",
  "acme\u2028corp",
];
const FEATURES = ["nightly-digest", "chat", "offline-sync", "search", "backfill"];
const REGIONS = ["eu", "us", "apac"];

/** A fact vector: mostly well-typed built-in facts, custom facts of every shape, some gaps. */
export function randomFacts(random: Random): RequestFacts {
  const facts: RequestFacts = {};
  const maybe = (probability: number) => random() < probability;
  if (maybe(0.85)) facts.taskType = pick(random, TASK_TYPES);
  if (maybe(0.8)) facts.complexity = pick(random, [0, 0.5, 0.8, 0.95, 1, random(), random(), random()]);
  if (maybe(0.7))
    facts.estimatedInputTokens = pick(random, [0, 500, 90_000, 250_000, 990_000, Math.floor(random() * 2e6)]);
  if (maybe(0.5)) facts.requestedMaxTokens = pick(random, [1, 64, 256, 1024, 4096, 100_000, 200_000]);
  if (maybe(0.6)) facts.latencyClass = pick(random, ["realtime", "async"] as const);
  if (maybe(0.5)) facts.stakes = pick(random, ["low", "normal", "high"] as const);
  if (maybe(0.1)) facts.qualityOverride = pick(random, ["haiku", "opus", "gold"]);
  if (maybe(0.6)) facts.tenant = pick(random, TENANTS);
  if (maybe(0.5)) facts.feature = pick(random, FEATURES);
  if (maybe(0.4)) facts.hasTools = random() < 0.5;
  if (maybe(0.3)) facts.hasImages = random() < 0.5;
  if (maybe(0.4)) facts.stablePrefixTokens = pick(random, [0, 300, 600, 1500, 5000]);
  if (maybe(0.3)) facts.expectedReuse = pick(random, [0, 1, 2, 10]);
  // Custom facts: strings, numeric strings, arrays, nested objects, nulls.
  if (maybe(0.5)) facts.region = pick(random, [...REGIONS, null, 7]);
  if (maybe(0.5)) facts.score = pick(random, [3, 12, "12", "12abc", "abc", null, true, [5]]);
  if (maybe(0.5)) facts.tags = pick(random, [["vip"], ["vip", "eu"], [], "vip", null]);
  if (maybe(0.5)) {
    facts.account = pick<unknown>(random, [
      { plan: "gold", seats: 40, owners: ["ann", "bo"] },
      { plan: "free", seats: 2 },
      { plan: null },
      {},
      "gold",
      null,
      [1, 2],
    ]);
  }
  // A few wrongly typed built-in facts: both paths must agree on the fallback decision.
  if (maybe(0.01)) facts.complexity = "high" as never;
  if (maybe(0.01)) facts.requestedMaxTokens = 1.5;
  return facts;
}

const NUMERIC_OPERATORS = ["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"];

/** A random leaf over the facts above, sometimes deliberately ill-typed (fact vs operator). */
function randomLeaf(random: Random): Condition {
  switch (Math.floor(random() * 9)) {
    case 0:
      return {
        fact: "taskType",
        operator: pick(random, ["in", "notIn"]),
        value: TASK_TYPES.filter(() => random() < 0.3),
      };
    case 1:
      return {
        fact: pick(random, ["complexity", "score", "taskType"]),
        operator: pick(random, NUMERIC_OPERATORS),
        value: pick(random, [0, 0.5, 0.8, 10, 12]),
      };
    case 2:
      return {
        fact: pick(random, ["stakes", "latencyClass", "tenant"]),
        operator: pick(random, ["equal", "notEqual"]),
        value: pick(random, ["high", "async", "acme", "low", null]),
      };
    case 3:
      return {
        fact: "tags",
        operator: pick(random, ["contains", "doesNotContain"]),
        value: pick(random, ["vip", "eu"]),
      };
    case 4:
      return {
        fact: pick(random, ["feature", "tenant", "region"]),
        operator: "matches",
        value: pick(random, [
          "^offline-",
          "digest$",
          "^(eu|us)$",
          "^acme.corp$",
          "\\s",
          "^[^\\s]+$",
          "^(a|ac)+me",
        ]),
      };
    case 5:
      return {
        fact: "account",
        path: pick(random, ["$.plan", "$.seats", "$.owners[1]", "$.owners"]),
        operator: pick(random, ["equal", "greaterThan", "in"]) as string,
        value: pick(random, ["gold", 10, "bo"]),
      } as Condition;
    case 6:
      return {
        fact: "estimatedInputTokens",
        operator: pick(random, NUMERIC_OPERATORS),
        value: { fact: "requestedMaxTokens" },
      };
    case 7:
      return { fact: "hasTools", operator: "equal", value: pick(random, [true, false]) };
    default:
      return {
        fact: "region",
        operator: pick(random, ["in", "notIn"]),
        value: [pick(random, REGIONS), null],
      };
  }
}

/** Repairs leaves whose value kind does not fit the operator (the schema would refuse them). */
function fitLeaf(leaf: Condition): Condition {
  if (!("operator" in leaf)) return leaf;
  if ((leaf.operator === "in" || leaf.operator === "notIn") && !Array.isArray(leaf.value))
    return { ...leaf, value: [leaf.value] };
  if (
    NUMERIC_OPERATORS.includes(leaf.operator) &&
    typeof leaf.value !== "number" &&
    !(typeof leaf.value === "object" && leaf.value !== null)
  ) {
    return { ...leaf, value: 1 };
  }
  return leaf;
}

export function randomCondition(random: Random, depth = 0): Condition {
  const roll = random();
  if (depth >= 3 || roll < 0.45) return fitLeaf(randomLeaf(random));
  const children = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
    randomCondition(random, depth + 1),
  );
  if (roll < 0.7) return { all: children };
  if (roll < 0.9) return { any: children };
  return { not: children[0]! };
}

const rootOf = (condition: Condition): Condition =>
  "all" in condition || "any" in condition || "not" in condition ? condition : { all: [condition] };

/** A valid random policy with 1-8 routing, ceiling and batch rules of random priorities. */
export function randomPolicy(random: Random, index: number): PolicyInput {
  const tiers = ["haiku", "sonnet", "opus"];
  const count = () => 1 + Math.floor(random() * 4);
  const base = (section: string, ruleIndex: number) => ({
    name: `${section}-${ruleIndex}`,
    priority: 1 + Math.floor(random() * 4),
    reason: `random ${section} rule ${ruleIndex}`,
    when: rootOf(randomCondition(random)),
    shadow: random() < 0.1,
  });
  return {
    name: `random-${index}`,
    version: String(index),
    mode: random() < 0.1 ? "shadow" : "enforce",
    tiers: {
      haiku: "claude-haiku-5-5",
      small: "claude-haiku-4-5",
      sonnet: "claude-sonnet-5-5",
      opus: "claude-opus-5-5",
    },
    defaultTier: pick(random, tiers),
    fallbackTier: pick(random, tiers),
    routing: Array.from({ length: count() }, (_, ruleIndex) => ({
      ...base("route", ruleIndex),
      ...(random() < 0.1 ? { reject: true as const } : { tier: pick(random, [...tiers, "small"]) }),
    })),
    ceilings: Array.from({ length: count() }, (_, ruleIndex) => ({
      ...base("ceiling", ruleIndex),
      maxTokens: pick(random, [256, 1024, 8192, 150_000]),
    })),
    batch: Array.from({ length: Math.floor(random() * 3) }, (_, ruleIndex) => base("batch", ruleIndex)),
    budgets: { onExhaust: pick(random, ["downgrade", "batch", "reject"] as const), limits: [] },
  };
}
