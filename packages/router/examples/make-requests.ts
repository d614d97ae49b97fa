// Writes requests.jsonl: requests for `rightsize eval run --emulator` whose difficulty shows in
// their text, so a router has something to learn: word problems harder with each step,
// classification harder with more labels and an ambiguous ticket, questions harder with each
// hop. Each prompt carries the emulator's inline hint with that difficulty (the router's
// features skip the hint: it is the answer key). Closed answers only (numeric and label
// graders), so the eval needs no judge. Seeded.
// Run: ./dev node packages/router/examples/make-requests.ts [count]
import { writeFileSync } from "node:fs";
import "../../../scripts/ts-source-hooks.mjs";

const { seededRandom } = (await import("@rightsize/contracts")) as typeof import("@rightsize/contracts");

const COUNT = Number(process.argv[2] ?? 1200);
const random = seededRandom(20261203);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number) => Math.floor(low + (high - low + 1) * random());
const noise = () => (random() - 0.5) * 0.1;

const NAMES = ["Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana"];
const ITEMS = ["notebooks", "pens", "apples", "tickets", "boxes", "cables", "mugs", "lamps"];
const STEPS = [
  (item: string) => `buys ${between(2, 9)} more ${item}`,
  (item: string) => `gives away half of the ${item}`,
  (item: string) => `triples the number of ${item}`,
  (item: string) => `sells ${between(1, 5)} ${item} at $${between(2, 9)}.${between(10, 99)} each`,
  () => `pays a ${between(5, 25)}% tax on the total`,
  () => `splits what is left equally among ${between(2, 5)} friends`,
  () => `gets a discount of $${between(1, 9)} on every third purchase`,
];
const LABELS = [
  "billing",
  "shipping",
  "technical",
  "account",
  "cancellation",
  "refund",
  "fraud",
  "privacy",
  "sales",
  "feedback",
  "legal",
  "outage",
];
const ISSUES: Record<string, string> = {
  billing: "I was charged twice this month",
  shipping: "my parcel has not arrived after two weeks",
  technical: "the app crashes when I open settings",
  account: "I cannot log in after changing my email",
  cancellation: "I want to end my subscription",
  refund: "I returned the item and want my money back",
  fraud: "there are purchases on my card I did not make",
  privacy: "please delete all the data you hold about me",
  sales: "do you offer volume pricing for 200 seats",
  feedback: "the new dashboard is much easier to read",
  legal: "your terms changed and I dispute the new clause",
  outage: "nothing loads for anyone in our office",
};
const FACTS = [
  "the company that acquired the firm founded by the inventor of the product",
  "the city where the author of the report was born",
  "the year the standard that replaced the protocol was published",
  "the population of the capital of the country that hosts the summit",
];

interface Made {
  taskType: string;
  emulatorTask: string;
  difficulty: number;
  system: string;
  text: string;
  reference: string | number;
  maxTokens: number;
}

function wordProblem(): Made {
  const steps = between(1, 6);
  const name = pick(NAMES);
  const item = pick(ITEMS);
  const parts = Array.from({ length: steps }, () => pick(STEPS)(item));
  const text = `${name} has ${between(3, 40)} ${item}, then ${parts.join(", then ")}. How many dollars or ${item} does ${name} end up with? Work it out step by step.`;
  return {
    taskType: "question-answering",
    emulatorTask: "reasoning",
    difficulty: 0.28 + 0.09 * steps + noise(),
    system: "Answer with a number only.",
    text,
    reference: between(1, 500),
    maxTokens: 64,
  };
}

function ticket(): Made {
  const labels = between(3, 12);
  const options = LABELS.slice(0, labels);
  const label = pick(options);
  const ambiguous = random() < 0.35;
  const other = pick(options.filter((candidate) => candidate !== label));
  const body = ambiguous
    ? `${ISSUES[label]}, and also ${ISSUES[other]}, but mostly the first thing`
    : ISSUES[label]!;
  return {
    taskType: "classification",
    emulatorTask: "classification",
    difficulty: 0.08 + 0.035 * labels + (ambiguous ? 0.3 : 0) + noise(),
    system: `Classify the support ticket into exactly one of: ${options.join(", ")}. Answer with the label only.`,
    text: `Ticket #${between(1000, 9999)}: ${body}.`,
    reference: label,
    maxTokens: 16,
  };
}

function question(): Made {
  const hops = between(1, 4);
  const chain = FACTS.slice(0, hops).join(", and then ");
  return {
    taskType: "question-answering",
    emulatorTask: "qa",
    difficulty: 0.15 + 0.17 * hops + noise(),
    system: "Answer with a number only.",
    text:
      hops === 1
        ? `What is ${pick(["the boiling point of water in Celsius", "the number of days in a leap year", "7 times 8"])}?`
        : `Find ${chain}. Reason through each link before you answer with a number.`,
    reference: between(1, 2000),
    maxTokens: 32,
  };
}

const lines: string[] = [];
for (let index = 0; index < COUNT; index++) {
  const made = [wordProblem, ticket, question][index % 3]!();
  const difficulty = Math.min(0.98, Math.max(0.02, made.difficulty)).toFixed(3);
  lines.push(
    JSON.stringify({
      id: `r${index}`,
      taskType: made.taskType,
      request: {
        model: "claude-opus-4-7",
        max_tokens: made.maxTokens,
        system: made.system,
        messages: [
          {
            role: "user",
            content: `[[emulator task=${made.emulatorTask} difficulty=${difficulty}]] ${made.text}`,
          },
        ],
      },
      reference: made.reference,
      grader: typeof made.reference === "number" ? { type: "numeric" } : { type: "normalized" },
    }),
  );
}
writeFileSync(new URL("./requests.jsonl", import.meta.url), `${lines.join("\n")}\n`);
console.log(`wrote ${lines.length} request lines`);
