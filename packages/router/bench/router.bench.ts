/**
 * Router benchmarks, each beside its anchor in the same run:
 * 1. Training on ~7,000 outcomes (three tiers, 5-fold cross-validation over three L2 strengths,
 *    then one fit per tier), target under a minute on 2 cores; the anchor is the feature
 *    extraction alone (what any learner must pay before fitting).
 * 2. Scoring one prompt of 2,000 tokens with the trained router (P(cheap tier fails)), target
 *    under 50 µs; the anchor is a bare charCodeAt scan of the same text. Then prompts of ~200
 *    and ~20,000 tokens, each beside its own bare scan: the router reads a bounded amount of a
 *    prompt (its first 2,048 and last 1,024 characters), so its cost stops growing with length.
 * The outcomes are the router example's prompts (packages/router/examples/requests.jsonl),
 * repeated with a varying suffix to ~7,000 distinct ones, each tier passing when its simulated
 * capability beats the prompt's hinted difficulty plus noise (the emulator's rule, without the
 * HTTP round trip: this measures training, not the emulator).
 * Run: ./dev node packages/router/bench/router.bench.ts [--outcomes 7000] [--calls 2000] [--rounds 7]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import "../../../scripts/ts-source-hooks.mjs";

// Sources are imported after the hook is registered (static imports resolve before it).
const { trainRouter } = (await import(
  "../src/train/train-router.js"
)) as typeof import("../src/train/train-router.js");
const { featureRows } = (await import(
  "../src/train/router-examples.js"
)) as typeof import("../src/train/router-examples.js");
const { createComplexityRouter, estimateTextTokens } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { seededRandom } = (await import("@rightsize/contracts")) as typeof import("@rightsize/contracts");

const { values } = parseArgs({
  options: {
    outcomes: { type: "string", default: "7000" },
    calls: { type: "string", default: "2000" },
    rounds: { type: "string", default: "7" },
  },
});
const outcomeCount = Number(values.outcomes);
const calls = Number(values.calls);
const rounds = Number(values.rounds);

// --- outcomes ---
const requests = readFileSync(new URL("../examples/requests.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map(
    (line) =>
      JSON.parse(line) as {
        taskType: string;
        request: { system: string; messages: { content: string }[] };
      },
  );
const random = seededRandom(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const CAPABILITY = { haiku: 0.55, sonnet: 0.72, opus: 0.82 } as const;
const tiers = Object.keys(CAPABILITY) as (keyof typeof CAPABILITY)[];
const examples = Array.from({ length: outcomeCount }, (_, index) => {
  const request = requests[index % requests.length]!;
  const text = request.request.messages[0]!.content;
  const difficulty = Number(/difficulty=([\d.]+)/.exec(text)![1]);
  const shared = 0.1 * normal();
  const passed = tiers.map((tier) => CAPABILITY[tier] - difficulty + shared + 0.05 * normal() > 0);
  return {
    id: String(index),
    prompt: `${request.request.system}\n\n${text} (case ${index})`,
    taskType: request.taskType,
    passed,
    scores: passed.map((pass) => (pass ? 1 : 0)),
  };
});
const meanChars = examples.reduce((sum, example) => sum + example.prompt.length, 0) / examples.length;

// --- 1. training ---
const featuresStarted = performance.now();
let nonZeros = 0;
for (const row of featureRows({ prompts: examples, buckets: 16_384 })) nonZeros += row.indices.length;
const featuresSeconds = (performance.now() - featuresStarted) / 1000;
const trainStarted = performance.now();
const { file, report } = trainRouter({ examples, tiers, weak: "haiku", strong: "opus", seed: 1 });
const trainSeconds = (performance.now() - trainStarted) / 1000;
console.log(
  `router training, ${outcomeCount} outcomes x ${tiers.length} tiers (mean prompt ${Math.round(meanChars)} chars, ` +
    `${Math.round(nonZeros / outcomeCount)} non-zero features each), ${report.folds}-fold CV x ${report.crossValidation.length} L2 strengths + ${tiers.length} final fits, Node ${process.versions.node}:`,
);
console.log(
  `  train ${trainSeconds.toFixed(2)} s (target < 60 s); anchor feature extraction alone ${featuresSeconds.toFixed(2)} s; ` +
    `ratio ${(trainSeconds / featuresSeconds).toFixed(1)}x; held-out APGR ${report.crossValidation.find((row) => row.l2 === report.l2)!.apgr}`,
);

// --- 2. scoring one 2,000-token prompt ---
const router = createComplexityRouter(file);
const parts: string[] = [];
const labelled = readFileSync(
  new URL("../../policy/src/complexity/__fixtures__/labelled-prompts.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
let prompt = "";
for (let index = 0; estimateTextTokens(prompt) < 2000; index++) {
  parts.push(labelled[(index * 37) % labelled.length]!);
  prompt = parts.join("\n\n");
}
prompt = prompt.slice(0, Math.floor((prompt.length * 2000) / estimateTextTokens(prompt)));

function bareScan(text: string): number {
  let sum = 0;
  for (let index = 0; index < text.length; index++) sum += text.charCodeAt(index);
  return sum;
}
/** Mean µs per call over `calls` calls, per round; the best round (least disturbed) is reported. */
function timeRounds(call: () => number): number[] {
  const perCall: number[] = [];
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < calls; index++) sink += call();
    const micros = Number(process.hrtime.bigint() - started) / 1000 / calls;
    if (round > 0) perCall.push(micros);
  }
  if (sink === Number.NEGATIVE_INFINITY) console.log(sink);
  return perCall.sort((left, right) => left - right);
}
const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
for (const [label, text] of [
  ["", prompt],
  [" (short)", prompt.slice(0, Math.floor(prompt.length / 10))],
  [" (long)", prompt.repeat(10)],
] as const) {
  const scan = timeRounds(() => bareScan(text));
  const scored = timeRounds(() => router.score(text, "question-answering").score);
  console.log(
    `router.score${label}, one ${text.length}-char prompt (~${estimateTextTokens(text)} tokens), ${calls} calls x ${rounds} rounds: ` +
      `best ${scored[0]!.toFixed(1)} µs, median ${median(scored).toFixed(1)} µs per prompt${label === "" ? " (target < 50 µs)" : ""}; ` +
      `anchor bare scan best ${scan[0]!.toFixed(2)} µs, median ${median(scan).toFixed(2)} µs; ratio ${(median(scored) / median(scan)).toFixed(2)}x`,
  );
}
