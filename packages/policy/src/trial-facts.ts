import { type RequestFacts, seededRandom } from "@rightsize/contracts";
import { checkFactTypes } from "./decision-facts.js";
import type { Policy } from "./policy-schema.js";
import { type Condition, isFactReference } from "./rules/condition.js";
import { MAX_MATCH_INPUT } from "./rules/linear-pattern.js";

type Random = () => number;

/** Well-typed values of each built-in fact (a fallback on these is the policy's fault, not the facts'). */
const BUILT_IN: Readonly<Record<string, readonly unknown[]>> = {
  taskType: ["classification", "extraction", "summarization", "drafting", "coding", "reasoning", "unknown"],
  complexity: [0, 0.2, 0.5, 0.8, 0.95, 1],
  estimatedInputTokens: [0, 1, 500, 90_000, 250_000, 990_000, 5_000_000],
  requestedMaxTokens: [1, 256, 4096, 64_000, 200_000],
  latencyClass: ["realtime", "async"],
  stakes: ["low", "normal", "high"],
  qualityOverride: ["haiku", "sonnet", "opus"],
  tenant: ["acme", ""],
  feature: ["chat", ""],
  apiKeyId: ["key-1"],
  hasTools: [true, false],
  hasImages: [true, false],
  contextTokens: [0, 200_000],
  stablePrefixTokens: [0, 600, 5000],
  expectedReuse: [0, 1, 10],
};

/**
 * Fact vectors to try a new policy version on before it serves: the values its conditions name
 * (each threshold, and just above and below it), the built-in facts' usual values, custom facts of
 * every shape, and the longest string `matches` reads (the worst case for time). Seeded: the same
 * policy always gets the same vectors.
 */
export function trialFacts(options: { policy: Policy; count: number; seed?: number }): RequestFacts[] {
  const { policy, count } = options;
  const random = seededRandom(options.seed ?? 16);
  const values = new Map<string, unknown[]>();
  const add = (fact: string, value: unknown) => {
    const list = values.get(fact) ?? [];
    list.push(value);
    values.set(fact, list);
  };
  for (const [fact, list] of Object.entries(BUILT_IN)) for (const value of list) add(fact, value);
  const visit = (node: Condition) => {
    if ("all" in node) node.all.forEach(visit);
    else if ("any" in node) node.any.forEach(visit);
    else if ("not" in node) visit(node.not);
    else for (const value of leafValues(node.fact, node.operator, node.value)) add(node.fact, value);
  };
  for (const rule of [...policy.routing, ...policy.ceilings, ...policy.batch]) visit(rule.when);
  // One vector per named value, so every threshold and literal is tried, up to `count` of them
  // (a seeded sample beyond: a policy with thousands of rules names tens of thousands of values,
  // and the trial must stay well under a second).
  const named: RequestFacts[] = [];
  for (const [fact, list] of values) for (const value of list) named.push({ [fact]: value });
  const vectors = named.length <= count ? named : sample(named, count, random);
  for (let index = 0; index < count; index++) vectors.push(randomVector(values, random));
  return vectors;
}

function leafValues(fact: string, operator: string, value: unknown): unknown[] {
  if (isFactReference(value)) return [];
  // Only values decide() accepts for a built-in fact (complexity 2 or stakes "x" is the caller's fault).
  const typed = (candidate: unknown) => {
    try {
      checkFactTypes({ [fact]: candidate });
      return true;
    } catch {
      return false;
    }
  };
  const candidates: unknown[] = [];
  if (operator === "matches") {
    // The worst case for time: the longest input `matches` reads, of the pattern's own characters.
    const alphabet = String(value).replace(/[^A-Za-z0-9 _-]/g, "") || "a";
    candidates.push(alphabet.repeat(Math.ceil(MAX_MATCH_INPUT / alphabet.length)).slice(0, MAX_MATCH_INPUT));
    candidates.push(alphabet);
  } else if (typeof value === "number") {
    candidates.push(
      value,
      value + 1e-9,
      value - 1e-9,
      Math.round(value) + 1,
      Math.max(0, Math.round(value) - 1),
    );
  } else if (Array.isArray(value)) {
    candidates.push(...value, value);
  } else {
    candidates.push(value);
  }
  return candidates.filter(typed);
}

function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  const pool = [...items];
  for (let index = 0; index < count; index++) {
    const swap = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap]!, pool[index]!];
  }
  return pool.slice(0, count);
}

function randomVector(values: ReadonlyMap<string, unknown[]>, random: Random): RequestFacts {
  const facts: Record<string, unknown> = {};
  for (const [fact, list] of values) {
    if (random() < 0.5) continue;
    const pick = list[Math.floor(random() * list.length)];
    // Custom facts also arrive as other shapes: a decision must not fault on them either.
    facts[fact] = !BUILT_IN[fact] && random() < 0.2 ? oddValue(random) : pick;
  }
  return facts as RequestFacts;
}

function oddValue(random: Random): unknown {
  const odd = [null, 0, -1, "", "12abc", true, [], ["x"], {}, { plan: "gold" }];
  return odd[Math.floor(random() * odd.length)];
}
