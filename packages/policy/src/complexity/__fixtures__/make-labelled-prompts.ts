// Writes labelled-prompts.jsonl, the labelled set the default complexity scorer is calibrated
// on and the task classifier measured on: the hand-written prompts of base-prompts.ts, then
// long variants (the same kinds of ask with a pasted document, log, thread or code) so that a
// long prompt can be easy and a short one hard. Seeded: the file is the same on every run.
// Run: ./dev node packages/policy/src/complexity/__fixtures__/make-labelled-prompts.ts
import { writeFileSync } from "node:fs";
import "../../../../../scripts/ts-source-hooks.mjs";
import type { Label } from "./base-prompts.js";

// Sources are imported after the hook is registered (static imports resolve before it).
const { seededRandom } = (await import("@rightsize/contracts")) as typeof import("@rightsize/contracts");
const { BASE_PROMPTS } = (await import("./base-prompts.js")) as typeof import("./base-prompts.js");

const random = seededRandom(20261203);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number) => Math.floor(low + (high - low + 1) * random());

const NAMES = ["Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana"];
const PRODUCTS = ["router", "mobile app", "invoice plan", "API key", "shipment", "smart lock"];

/** Kinds of pasted material, each a generator of one paragraph or line. */
const DOCUMENTS: Record<string, () => string> = {
  thread: () =>
    `${pick(NAMES)}: Hi, my ${pick(PRODUCTS)} stopped working after the update on ${between(1, 28)} May. I tried restarting it ${between(2, 5)} times. ${pick(["Thanks.", "Please help.", "Any ideas?"])}\nAgent: Thanks for reaching out, could you confirm the serial number and whether the light is ${pick(["red", "green", "blinking"])}?`,
  log: () =>
    `2026-05-${String(between(10, 28)).padStart(2, "0")}T${String(between(0, 23)).padStart(2, "0")}:${String(between(10, 59))}:${String(between(10, 59))}Z ${pick(["INFO", "WARN", "INFO", "DEBUG"])} ${pick(["gateway", "billing", "auth", "worker"])} request_id=${between(100000, 999999)} status=${pick([200, 200, 201, 404, 500])} latency_ms=${between(3, 900)} order=#${between(10000, 99999)}`,
  notes: () =>
    `- ${pick(NAMES)} gave an update on the ${pick(["Q3 launch", "website refresh", "hiring plan", "office move"])}: on track, next check-in ${pick(["Tuesday", "Thursday", "next week"])}.`,
  policy: () =>
    `Section ${between(1, 20)}.${between(1, 9)}. The Customer shall ${pick(["pay all invoices within thirty (30) days of receipt", "keep its account credentials confidential", "notify the Supplier of any change of address", "use the Services in accordance with the Documentation"])}. ${pick(["Late payments accrue interest at the statutory rate.", "This clause survives termination.", "Notices shall be given in writing."])}`,
  product: () =>
    `The ${pick(PRODUCTS)} comes in ${pick(["three", "four", "five"])} colours and ships with a ${between(1, 3)}-year warranty. It weighs ${between(100, 900)} g and charges over USB-C in about ${between(1, 4)} hours. ${pick(["Free returns within 30 days.", "Available in all stores.", "Customers love the design."])}`,
  code: () =>
    `export function ${pick(["getUser", "listOrders", "formatDate", "saveItem"])}${between(1, 99)}(id: string) {\n  const value = cache.get(id);\n  if (value) return value;\n  return db.query("select * from items where id = $1", [id]);\n}`,
};

/** Routine asks about pasted material: long but easy. */
const EASY_LONG: readonly [string, keyof typeof DOCUMENTS, string][] = [
  ["summarization", "thread", "Summarize this support conversation in three bullet points."],
  ["summarization", "notes", "Summarize these meeting notes."],
  ["summarization", "product", "Give a one-paragraph summary of this product page."],
  ["entity-extraction", "log", "Extract every order number from these log lines as a JSON array."],
  ["entity-extraction", "thread", "List the customer names mentioned in this thread."],
  ["format-conversion", "log", "Convert these log lines into CSV with columns time, level, service, status."],
  ["format-conversion", "notes", "Turn these notes into a Markdown table with columns person and topic."],
  ["translation", "product", "Translate this product description into French."],
  ["translation", "thread", "Translate this conversation into Spanish."],
  ["classification", "thread", "Label each customer message in this thread as question, complaint or thanks."],
  ["sentiment-analysis", "thread", "What is the overall sentiment of this conversation: positive, negative or neutral?"],
  ["keyword-extraction", "product", "Give ten keywords for this product page."],
  ["content-editing", "product", "Fix any spelling mistakes in this text and return it unchanged otherwise."],
  ["pii-detection", "thread", "Redact every person's name in this thread with [NAME]."],
  ["spam-detection", "thread", "Is any message in this thread spam? Answer yes or no."],
  ["email-drafting", "notes", "Draft a short email sending these meeting notes to the team."],
  ["data-analysis", "log", "Count how many of these log lines have status 500."],
  ["legal-analysis", "policy", "List the section numbers in this contract excerpt."],
  ["question-answering", "policy", "According to this excerpt, within how many days must invoices be paid?"],
  ["code-explanation", "code", "Add a one-line comment above each function saying what it returns."],
];

/** Demanding asks about pasted material: long and hard. */
const HARD_LONG: readonly [string, keyof typeof DOCUMENTS, string][] = [
  ["legal-analysis", "policy", "Identify every pair of sections in this contract that conflict, explain which one prevails under the usual rules of construction, and propose redlines that remove the ambiguity without shifting risk to us."],
  ["legal-analysis", "policy", "Analyze whether these terms would survive a challenge as unfair standard terms, section by section, and justify each conclusion."],
  ["code-generation", "code", "Refactor this module so that every query is batched, cached with invalidation on write, and safe under concurrent requests; explain why your invalidation cannot serve stale data."],
  ["code-explanation", "code", "Find the race condition in this code that shows up only under concurrent requests, explain the interleaving that triggers it, and prove your fix removes it."],
  ["data-analysis", "log", "From these logs, infer the most likely root cause of the latency spikes, distinguishing correlation from causation, and design a follow-up experiment to confirm it."],
  ["data-analysis", "log", "Estimate the p99 latency per service from these lines, explain why the naive average misleads, and derive how many more samples you would need for a stable estimate."],
  ["architecture-review", "log", "These are logs from our gateway during last night's outage. Reconstruct the failure sequence, explain how the retry storm amplified it, and propose an architecture change with the trade-offs."],
  ["summarization", "thread", "Summarize this thread, then decide whether the agent's advice was technically correct, explain any mistake step by step, and write the answer the agent should have given."],
  ["research-synthesis", "notes", "These are notes from five user interviews that contradict each other. Synthesize them into three hypotheses, weigh the evidence for each, and design a study that would discriminate between them."],
  ["email-drafting", "thread", "Draft a reply to this customer that admits our fault without creating legal liability, offers a remedy within our refund policy, and de-escalates; explain the reasoning behind each paragraph."],
  ["question-answering", "product", "Using only this page, work out the total cost of ownership over three years for a team of 40 if batteries fail after 18 months on average, showing each step of the calculation."],
  ["classification", "thread", "Classify the root cause of this customer's problem among firmware, network, account or hardware, when the symptoms fit more than one; weigh the evidence for each and say what question would settle it."],
];

function documentOf(kind: keyof typeof DOCUMENTS, targetChars: number): string {
  const parts: string[] = [];
  let chars = 0;
  while (chars < targetChars) {
    const part = DOCUMENTS[kind]!();
    parts.push(part);
    chars += part.length + 1;
  }
  return parts.join("\n");
}

interface LabelledPrompt {
  id: string;
  taskType: string;
  label: Label;
  prompt: string;
}

const lines: LabelledPrompt[] = BASE_PROMPTS.map(([taskType, label, prompt], index) => ({
  id: `base-${index}`,
  taskType,
  label,
  prompt,
}));
// Lengths from a paragraph to about 8 KB (2,000 tokens), spread on a log scale.
const length = () => Math.round(400 * 2 ** (4.3 * random()));
for (let round = 0; round < 4; round++) {
  for (const [index, [taskType, kind, ask]] of EASY_LONG.entries()) {
    const prompt = random() < 0.5 ? `${ask}\n\n${documentOf(kind, length())}` : `${documentOf(kind, length())}\n\n${ask}`;
    lines.push({ id: `long-easy-${round}-${index}`, taskType, label: "easy", prompt });
  }
}
for (let round = 0; round < 5; round++) {
  for (const [index, [taskType, kind, ask]] of HARD_LONG.entries()) {
    const prompt = random() < 0.5 ? `${ask}\n\n${documentOf(kind, length())}` : `${documentOf(kind, length())}\n\n${ask}`;
    lines.push({ id: `long-hard-${round}-${index}`, taskType, label: "hard", prompt });
  }
}
writeFileSync(
  new URL("./labelled-prompts.jsonl", import.meta.url),
  `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
);
console.log(
  `wrote ${lines.length} labelled prompts (${lines.filter((line) => line.label === "hard").length} hard)`,
);
