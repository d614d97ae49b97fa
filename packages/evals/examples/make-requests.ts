// Writes requests.jsonl: a seeded sample of a support platform's traffic for `rightsize eval run
// --emulator` (each prompt carries the emulator's inline task/difficulty hint, so it is meant for
// the emulator, not the real API). Run: node packages/evals/examples/make-requests.ts
import { writeFileSync } from "node:fs";
import { seededRandom } from "@rightsize/contracts";

const PER_TASK = 200;
const random = seededRandom(20261202);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number) => low + (high - low) * random();

const LABELS = ["billing", "technical", "account", "shipping", "cancellation"];
const PRODUCTS = ["router", "invoice plan", "mobile app", "API key", "shipment"];
const tasks = [
  {
    taskType: "classification",
    emulatorTask: "classification",
    difficulty: [0.05, 0.4],
    system: `Classify the support ticket into one of: ${LABELS.join(", ")}. Answer with the label only.`,
    maxTokens: 16,
    make: (index: number) => {
      const label = pick(LABELS);
      return {
        text: `Ticket #${1000 + index}: my ${pick(PRODUCTS)} has a ${label} problem since yesterday.`,
        reference: label,
      };
    },
  },
  {
    taskType: "extraction",
    emulatorTask: "extraction",
    difficulty: [0.05, 0.45],
    system: 'Extract the invoice fields as JSON: {"vendor": string, "total": number, "paid": boolean}.',
    maxTokens: 200,
    make: (index: number) => {
      const reference = {
        vendor: pick(["Acme", "Globex", "Initech", "Umbrella"]),
        total: Math.round(between(10, 5000) * 100) / 100,
        paid: random() < 0.5,
      };
      return {
        text: `Invoice ${index}: ${reference.vendor}, amount due ${reference.total} EUR, ${reference.paid ? "settled" : "open"}.`,
        reference,
      };
    },
  },
  {
    taskType: "short-answer",
    emulatorTask: "qa",
    difficulty: [0.1, 0.45],
    system: "Answer the customer's question with a number only.",
    maxTokens: 32,
    make: (index: number) => {
      const days = 3 + (index % 27);
      return {
        text: `Our refund window is ${days} days from delivery. How many days do I have to ask for a refund?`,
        reference: days,
      };
    },
  },
  {
    taskType: "summarization",
    emulatorTask: "summarization",
    difficulty: [0.2, 0.6],
    system: "Summarize the support case in three sentences for the next agent.",
    maxTokens: 1024,
    make: (index: number) => ({
      text: `Case ${index}: the customer reports the ${pick(PRODUCTS)} failing after an update; two agents tried a reset; the customer asks for a callback.`,
    }),
  },
  {
    taskType: "analysis",
    emulatorTask: "reasoning",
    difficulty: [0.3, 0.7],
    system: "Analyse the churn signals in the account history and recommend one action.",
    maxTokens: 2048,
    make: (index: number) => ({
      text: `Account ${index}: usage down ${Math.round(between(5, 60))}% over ${pick(["two", "three", "six"])} months, ${pick(["two", "four", "seven"])} tickets, plan downgraded once.`,
    }),
  },
];

const lines: string[] = [];
for (const task of tasks) {
  for (let index = 0; index < PER_TASK; index++) {
    const { text, reference } = task.make(index) as { text: string; reference?: unknown };
    const difficulty = between(task.difficulty[0]!, task.difficulty[1]!).toFixed(3);
    lines.push(
      JSON.stringify({
        id: `${task.taskType}-${index}`,
        taskType: task.taskType,
        request: {
          model: "claude-opus-4-7",
          max_tokens: task.maxTokens,
          system: task.system,
          messages: [
            {
              role: "user",
              content: `[[emulator task=${task.emulatorTask} difficulty=${difficulty}]] ${text}`,
            },
          ],
        },
        ...(reference === undefined ? {} : { reference }),
      }),
    );
  }
}
writeFileSync(new URL("./requests.jsonl", import.meta.url), `${lines.join("\n")}\n`);
console.log(`wrote ${lines.length} request lines`);
