/**
 * The budget promise, measured: how many calls a budget refuses while it still has money in it
 * (false rejections), and how far past its limit the spend goes (overspend), through the routed
 * client and the official SDK against the emulator, with a memory store.
 *
 *   ./dev node packages/policy/bench/budget-promise.ts [--admission room|fit]
 *
 * Scenario "false rejections": 120 questions one after another on Sonnet 5.5 under a $0.20 daily
 * tenant budget (onExhaust: reject); each asks for max_tokens 14,400, so its worst case (~$0.14)
 * is far above what it spends (~$0.0016). Scenario "overspend": punctuation-heavy prompts (JSON-ish
 * text, 20,000 characters each, ~26k tokens) 12 at a time under a $0.50 limit until it refuses.
 * Only the public API is used, so the same script measured the client before this change.
 */
import "../../../scripts/ts-source-hooks.mjs";
import { parseArgs } from "node:util";

const { default: Anthropic } = await import("@anthropic-ai/sdk");
const { createMemoryBudgetStore, createRoutedClient, parsePolicy, RoutedRequestRejected } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");
const { startEmulator } = (await import("@rightsize/emulator")) as typeof import("@rightsize/emulator");

const { values } = parseArgs({ options: { admission: { type: "string" } } });
const admission = values.admission as "room" | "fit" | undefined;

function policyWith(usd: string) {
  const result = parsePolicy({
    source: {
      name: "budget-promise",
      version: "1",
      tiers: { haiku: "claude-haiku-5-5", sonnet: "claude-sonnet-5-5", opus: "claude-opus-5-5" },
      defaultTier: "sonnet",
      fallbackTier: "sonnet",
      routing: [
        { name: "all-on-sonnet", reason: "one tier for the measurement", tier: "sonnet", escalation: false },
      ],
      caching: { enabled: false },
      budgets: { onExhaust: "reject", limits: [{ scope: "tenant", period: "day", usd }] },
    },
  });
  if (!result.ok) throw result.error;
  return result.policy;
}

const emulator = await startEmulator({ seed: 21 });
const sdk = new Anthropic({ apiKey: "measure", baseURL: emulator.url, maxRetries: 0 });
const facts = { taskType: "qa", tenant: "acme" };
const usd = (pico: bigint) => Number(pico) / 1e12;

async function run(options: {
  limitUsd: string;
  requests: number;
  concurrency: number;
  prompt: (index: number) => string;
  maxTokens: number;
}) {
  const client = createRoutedClient({
    client: sdk,
    policy: policyWith(options.limitUsd),
    budgets: { store: createMemoryBudgetStore(), ...(admission ? { admission } : {}) },
  } as never) as unknown as InstanceType<typeof Anthropic> & {
    rightsize: {
      budgets: { status(options: { facts: object }): Promise<Array<{ committed: bigint; limit: bigint }>> };
    };
  };
  let refused = 0;
  let answered = 0;
  let next = 0;
  let refusedWithRoom = 0;
  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      try {
        await client.messages.create(
          {
            model: "claude-opus-5-5",
            max_tokens: options.maxTokens,
            messages: [{ role: "user", content: options.prompt(index) }],
          },
          { rightsize: { facts } } as never,
        );
        answered++;
      } catch (error) {
        if (!RoutedRequestRejected.isInstance(error)) throw error;
        refused++;
        const [status] = await client.rightsize.budgets.status({ facts });
        if (status && status.committed < status.limit) refusedWithRoom++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const [status] = await client.rightsize.budgets.status({ facts });
  return {
    answered,
    refused,
    refusedWithRoom,
    spentUsd: usd(status!.committed),
    limitUsd: usd(status!.limit),
  };
}

const falseRejections = await run({
  limitUsd: "0.20",
  requests: 120,
  concurrency: 1,
  maxTokens: 14_400,
  prompt: (index) =>
    `[[emulator task=qa difficulty=0.2]] Question ${index}: how do refunds work for annual plans?`,
});
const punctuation = (index: number) =>
  `[[emulator task=extraction difficulty=0.1]] Record ${index}: ${'{"a":[1,2],"b":{"c":"d"}},'.repeat(770)}`;
const overspend = await run({
  limitUsd: "0.50",
  requests: 200,
  concurrency: 12,
  maxTokens: 200,
  prompt: punctuation,
});
// One request's worst case in that scenario: its real input tokens (count_tokens) and 200 output, at Sonnet 5.5's $2 / $10 per MTok.
const counted = await sdk.messages.countTokens({
  model: "claude-sonnet-5-5",
  messages: [{ role: "user", content: punctuation(0) }],
});
const worstCaseUsd = (counted.input_tokens * 2 + 200 * 10) / 1e6;
await emulator.close();

console.log(`admission: ${admission ?? "(client default)"}`);
console.log(
  `false rejections: ${falseRejections.refused} of 120 refused (${falseRejections.refusedWithRoom} while the budget had room), $${falseRejections.spentUsd.toFixed(4)} of $${falseRejections.limitUsd.toFixed(2)} spent`,
);
console.log(
  `overspend: $${overspend.spentUsd.toFixed(4)} spent of a $${overspend.limitUsd.toFixed(2)} limit (${(((overspend.spentUsd - overspend.limitUsd) / overspend.limitUsd) * 100).toFixed(1)}% over; one request's worst case is $${worstCaseUsd.toFixed(4)}), ${overspend.answered} answered, ${overspend.refused} refused`,
);
