/**
 * cost() throughput beside a plain float reference, measured in the same run.
 *
 *   ./dev node packages/pricing/bench/cost.bench.ts [--seconds 0.25] [--rounds 15]
 *
 * Runs the TypeScript sources directly (Node 24 type stripping; scripts/ts-source-hooks.mjs maps
 * the sources' ".js" specifiers and the workspace packages to their ".ts" files). Not part of the
 * test suite.
 *
 * Workload: 4,096 realistic usage objects (7 current models, cache reads and writes, 20% batch,
 * 10% US residency, a few web searches), priced in a loop. Two float references run on the same
 * workload: "float itemized" does what cost() does with float USD rates (model lookup, null-safe
 * usage reads, one line object per non-zero token type, totals); "float total" only multiplies and adds.
 * The ratio that the 3x target applies to is cost() / float itemized (same output, exact vs float).
 */
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";

// Workspace packages are imported after the hook is registered (static imports resolve before it).
const pricing = (await import("@rightsize/pricing")) as typeof import("@rightsize/pricing");
const { picoToUsd, seededRandom } = (await import(
  "@rightsize/contracts"
)) as typeof import("@rightsize/contracts");
type AnthropicUsage = import("@rightsize/contracts").AnthropicUsage;

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "0.25" }, rounds: { type: "string", default: "15" } },
});
const secondsPerRound = Number(values.seconds);
const rounds = Number(values.rounds);

const models = [
  "claude-haiku-4-5",
  "claude-haiku-5-5",
  "claude-sonnet-5-5",
  "claude-sonnet-4-6",
  "claude-opus-4-7",
  "claude-opus-5-5",
  "claude-fable-5-1",
];
const at = "2026-11-20";

/** Seeded, so both sides price the very same requests. */
const random = seededRandom(0x2545f491);
const pick = (max: number) => Math.floor(random() * max);

const workload: { model: string; usage: AnthropicUsage }[] = [];
for (let index = 0; index < 4096; index++) {
  const cached = random() < 0.6;
  workload.push({
    model: models[index % models.length]!,
    usage: {
      input_tokens: 200 + pick(20_000),
      output_tokens: 50 + pick(4000),
      cache_creation_input_tokens: cached ? 1024 + pick(4000) : 0,
      cache_read_input_tokens: cached ? pick(60_000) : null,
      cache_creation: cached ? { ephemeral_5m_input_tokens: null, ephemeral_1h_input_tokens: null } : null,
      server_tool_use: random() < 0.05 ? { web_search_requests: 1 + pick(5), web_fetch_requests: 0 } : null,
      service_tier: random() < 0.2 ? "batch" : "standard",
      inference_geo: random() < 0.1 ? "us" : "global",
    },
  });
}
for (const request of workload) {
  // Old-style usage (total only) keeps the split fields consistent: fill the split for half of them.
  const usage = request.usage;
  if (usage.cache_creation && random() < 0.5)
    usage.cache_creation.ephemeral_5m_input_tokens = usage.cache_creation_input_tokens ?? 0;
}

/** Float reference rates, USD per million tokens, from the same book. */
const floatRates = new Map<string, { rates: number[]; us: boolean }>();
for (const model of models) {
  const card = pricing.rateCard({ model, at });
  floatRates.set(model, {
    rates: [card.input, card.cacheWrite5m, card.cacheWrite1h, card.cacheRead, card.output].map(
      (pico) => pico / 1e6,
    ),
    us: pricing.getModel(model).usResidency,
  });
}
const items = ["input", "cache_write_5m", "cache_write_1h", "cache_read", "output"];

function floatItemized(model: string, usage: AnthropicUsage) {
  const entry = floatRates.get(model);
  if (entry === undefined) throw new Error(`unknown model ${model}`);
  const split = usage.cache_creation;
  const split5m = split?.ephemeral_5m_input_tokens ?? 0;
  const split1h = split?.ephemeral_1h_input_tokens ?? 0;
  const hasSplit = split5m + split1h > 0;
  const quantities = [
    usage.input_tokens ?? 0,
    hasSplit ? split5m : (usage.cache_creation_input_tokens ?? 0),
    hasSplit ? split1h : 0,
    usage.cache_read_input_tokens ?? 0,
    usage.output_tokens ?? 0,
  ];
  const multiplier =
    (usage.service_tier === "batch" ? 0.5 : 1) * (usage.inference_geo === "us" && entry.us ? 1.1 : 1);
  const lines = [];
  let total = 0;
  for (let field = 0; field < 5; field++) {
    const quantity = quantities[field]!;
    if (quantity === 0) continue;
    const unit = (entry.rates[field]! * multiplier) / 1e6;
    const amount = quantity * unit;
    lines.push({ item: items[field], quantity, unit, amount });
    total += amount;
  }
  const searches = usage.server_tool_use?.web_search_requests ?? 0;
  if (searches > 0) {
    lines.push({ item: "web_search", quantity: searches, unit: 0.01, amount: searches * 0.01 });
    total += searches * 0.01;
  }
  return { model, lines, total };
}

function floatTotal(model: string, usage: AnthropicUsage): number {
  const rates = floatRates.get(model)!.rates;
  return (
    ((usage.input_tokens ?? 0) * rates[0]! +
      (usage.cache_creation_input_tokens ?? 0) * rates[1]! +
      (usage.cache_read_input_tokens ?? 0) * rates[3]! +
      (usage.output_tokens ?? 0) * rates[4]!) /
    1e6
  );
}

/**
 * For the compiled rate card: each request's card and counts, read once before timing (what a
 * caller that already holds normalized counts, as telemetry does, hands it).
 */
const cards = new Map(models.map((model) => [model, pricing.compileRateCard({ model, at })]));
const compiled = workload.map(({ model, usage }) => {
  const split = usage.cache_creation;
  const split5m = split?.ephemeral_5m_input_tokens ?? 0;
  const split1h = split?.ephemeral_1h_input_tokens ?? 0;
  const hasSplit = split5m + split1h > 0;
  return {
    card: cards.get(model)!,
    counts: {
      uncachedInput: usage.input_tokens ?? 0,
      cacheWrite5m: hasSplit ? split5m : (usage.cache_creation_input_tokens ?? 0),
      cacheWrite1h: hasSplit ? split1h : 0,
      cacheRead: usage.cache_read_input_tokens ?? 0,
      output: usage.output_tokens ?? 0,
      webSearchRequests: usage.server_tool_use?.web_search_requests ?? 0,
      batch: usage.service_tier === "batch",
      usGeo: usage.inference_geo === "us",
      fast: false,
    },
  };
});
const into = pricing.requestPrice();

let sink = 0;
function measure(name: string, run: (model: string, usage: AnthropicUsage, index: number) => number): number {
  const deadline = performance.now() + secondsPerRound * 1000;
  let calls = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let index = 0; index < workload.length; index++) {
      const request = workload[index]!;
      sink += run(request.model, request.usage, index);
    }
    calls += workload.length;
  }
  void name;
  return ((performance.now() - started) * 1e6) / calls;
}

const contenders: [string, (model: string, usage: AnthropicUsage, index: number) => number][] = [
  ["cost() exact", (model, usage) => pricing.cost({ model, usage, at }).list],
  [
    "cost() exact + contract",
    (model, usage) => pricing.cost({ model, usage, at, rates: contract }).contracted,
  ],
  [
    "compiled card",
    (_model, _usage, index) => {
      const request = compiled[index]!;
      return request.card.price(request.counts, into).list;
    },
  ],
  ["float itemized", (model, usage) => floatItemized(model, usage).total],
  ["float total", floatTotal],
];
const contract: import("@rightsize/pricing").ContractedRates = { discounts: [{ percent: 12 }] };

// Cross-check before timing: exact and float agree to a micro-dollar on the whole workload.
let exactSum = 0n;
let floatSum = 0;
for (const [index, request] of workload.entries()) {
  const exact = pricing.cost({ model: request.model, usage: request.usage, at }).list;
  const { card, counts } = compiled[index]!;
  if (card.price(counts, into).list !== exact)
    throw new Error(`compiled card and cost() disagree on request ${index}`);
  exactSum += BigInt(exact);
  floatSum += floatItemized(request.model, request.usage).total;
}
const drift = Math.abs(picoToUsd(exactSum) - floatSum);
if (drift > 1e-6) throw new Error(`float and exact disagree by $${drift}`);

// Short interleaved rounds: on a shared machine the load drifts, so each round's ratio compares
// measurements taken back to back, and the medians of those ratios are reported.
const results = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of contenders) results.get(name)!.push(measure(name, run));
}
const median = (samples: number[]) =>
  [...samples].sort((left, right) => left - right)[Math.floor(samples.length / 2)]!;
const itemizedSamples = results.get("float itemized")!;
const bareSamples = results.get("float total")!;

console.log(
  `node ${process.version}, ${rounds} interleaved rounds x ${secondsPerRound}s each, medians; workload ${workload.length} requests; ` +
    `sum $${picoToUsd(exactSum).toFixed(6)} (float drift $${drift.toExponential(2)})`,
);
console.log("contender                  ns/call     calls/s   vs float itemized   vs float total");
for (const [name, samples] of results) {
  const ns = median(samples);
  const versusItemized = median(samples.map((sample, round) => sample / itemizedSamples[round]!));
  const versusBare = median(samples.map((sample, round) => sample / bareSamples[round]!));
  console.log(
    `${name.padEnd(24)} ${ns.toFixed(1).padStart(9)} ${Math.round(1e9 / ns)
      .toLocaleString("en-US")
      .padStart(11)} ${versusItemized.toFixed(2).padStart(18)}x ${versusBare.toFixed(2).padStart(15)}x`,
  );
}
const ratio = median(results.get("cost() exact")!.map((sample, round) => sample / itemizedSamples[round]!));
console.log(
  `ratio cost()/float itemized = ${ratio.toFixed(2)}x (target <= 3x: ${ratio <= 3 ? "met" : "NOT met"})`,
);
if (sink === 42) console.log("");
