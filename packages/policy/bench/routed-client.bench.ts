/**
 * The client-side overhead of a routed request, beside the plain SDK, in the same run.
 *
 *   ./dev node packages/policy/bench/routed-client.bench.ts [--calls 20000] [--rounds 5]
 *
 * Network excluded: every client's `fetch` answers in-process with the same recorded Message
 * (as packages/telemetry/bench/overhead.bench.ts does), so what remains is the SDK's own work
 * plus, for the routed client, the pipeline's: facts (task classifier, complexity scorer, the
 * per-script token estimate), decide(), the cache plan applied to the body, attempt bookkeeping,
 * reading the answer for the checks, and (last subject) a budget hold and settle in the memory
 * store. Calls alternate plain / routed so a shared machine's load drifts over both alike;
 * process.cpuUsage() is read around each awaited call; the best round is kept. The components
 * line times deriveFacts-equivalent work and decide() alone on the same request.
 */
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";

const { default: Anthropic } = await import("@anthropic-ai/sdk");
const policy = (await import("@rightsize/policy")) as typeof import("@rightsize/policy");
const {
  createMemoryBudgetStore,
  createRoutedClient,
  decide,
  parsePolicy,
  scoreComplexity,
  classifyTask,
  estimateInputTokens,
} = policy;

const { values } = parseArgs({
  options: { calls: { type: "string", default: "20000" }, rounds: { type: "string", default: "5" } },
});
const calls = Number(values.calls);
const rounds = Number(values.rounds);

const BODY = JSON.stringify({
  id: "msg_bench",
  type: "message",
  role: "assistant",
  model: "claude-haiku-5-5",
  content: [{ type: "text", text: "shipping" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: {
    input_tokens: 420,
    output_tokens: 3,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
    service_tier: "standard",
  },
});
const fetch = async () =>
  new Response(BODY, {
    status: 200,
    headers: { "content-type": "application/json", "request-id": "req_bench" },
  });
const client = () => new Anthropic({ apiKey: "bench", baseURL: "http://127.0.0.1:9", maxRetries: 0, fetch });

const parsed = parsePolicy({
  source: {
    name: "bench",
    version: "1",
    tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
    defaultTier: "sonnet",
    fallbackTier: "sonnet",
    routing: [
      {
        name: "routine",
        reason: "routine on haiku",
        when: { all: [{ fact: "taskType", operator: "in", value: ["classification", "extraction"] }] },
        tier: "haiku",
      },
    ],
    ceilings: [
      {
        name: "labels",
        reason: "labels are short",
        when: { all: [{ fact: "taskType", operator: "equal", value: "classification" }] },
        maxTokens: 64,
      },
    ],
    budgets: { onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd: "1000000" }] },
  },
});
if (!parsed.ok) throw parsed.error;
const benchPolicy = parsed.policy;

const system = "You label support tickets as billing, shipping or other. Answer with the label only.";
const params = {
  model: "claude-opus-5-5",
  max_tokens: 1024,
  system,
  messages: [
    {
      role: "user" as const,
      content:
        "Ticket #4812: my parcel was supposed to arrive last Tuesday and the tracking page has not changed since. Can you check?",
    },
  ],
};
const facts = { tenant: "acme" }; // task type and complexity derived from the prompt, as a service would

const plain = client();
const routed = createRoutedClient({
  client: client(),
  policy: benchPolicy,
  contextFit: { countTokens: "never" },
});
const budgeted = createRoutedClient({
  client: client(),
  policy: benchPolicy,
  contextFit: { countTokens: "never" },
  budgets: { store: createMemoryBudgetStore() },
});

const cpu = async (work: () => Promise<unknown>) => {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
};

async function round(count: number) {
  let bare = 0;
  let viaRouting = 0;
  let viaBudget = 0;
  for (let index = 0; index < count; index++) {
    bare += await cpu(() => plain.messages.create(params));
    viaRouting += await cpu(() => routed.messages.create(params, { rightsize: { facts } }));
    viaBudget += await cpu(() => budgeted.messages.create(params, { rightsize: { facts } }));
  }
  return { bare: bare / count, routed: viaRouting / count, budgeted: viaBudget / count };
}

function components(count: number) {
  const prompt = { system, messages: params.messages };
  let start = performance.now();
  let sink = 0;
  for (let index = 0; index < count; index++) {
    sink +=
      scoreComplexity(prompt).score + classifyTask(prompt).taskType.length + estimateInputTokens(params);
  }
  const factsUs = ((performance.now() - start) * 1000) / count;
  start = performance.now();
  for (let index = 0; index < count; index++) {
    const decision = decide({
      policy: benchPolicy,
      facts: { taskType: "classification", complexity: 0.2, estimatedInputTokens: 60, tenant: "acme" },
    });
    sink += decision.kind.length;
  }
  const decideUs = ((performance.now() - start) * 1000) / count;
  if (sink === 0.5) console.log("");
  return { factsUs, decideUs };
}

await round(Math.min(2000, calls)); // warm-up
let best: Awaited<ReturnType<typeof round>> | undefined;
for (let index = 0; index < rounds; index++) {
  const result = await round(calls);
  if (!best || result.routed - result.bare < best.routed - best.bare) best = result;
}
const parts = components(calls);
const fmt = (value: number) => value.toFixed(1).padStart(7);
console.log(
  `routed-client overhead, CPU µs per call (best of ${rounds} rounds of ${calls} calls, in-process fetch)`,
);
console.log(`  plain SDK messages.create           ${fmt(best!.bare)}  (anchor)`);
console.log(
  `  routed client                       ${fmt(best!.routed)}  +${fmt(best!.routed - best!.bare)}  (${(best!.routed / best!.bare).toFixed(2)}x)`,
);
console.log(
  `  routed client + memory budget hold  ${fmt(best!.budgeted)}  +${fmt(best!.budgeted - best!.bare)}  (${(best!.budgeted / best!.bare).toFixed(2)}x)`,
);
console.log(
  `  of which: facts (classify, score, estimate) ${parts.factsUs.toFixed(1)} µs, decide() ${parts.decideUs.toFixed(1)} µs`,
);
process.exit(0);
