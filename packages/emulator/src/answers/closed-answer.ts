/**
 * What an answer says when the eval harness gave the emulator a closed question's reference or
 * a judge call's verdict (see quality/eval-hint.ts). Correctness is the oracle's; this only
 * picks the words: the reference when the answer is correct, a plausible wrong one otherwise.
 */
export type ClosedAnswer =
  | { kind: "reference"; reference: unknown; choices: readonly unknown[] }
  | { kind: "judge"; pass: boolean };

// Labels a classifier plausibly confuses with the right one, when the harness gave no choices.
const FALLBACK_LABELS = [
  "other",
  "general",
  "billing",
  "technical",
  "account",
  "positive",
  "negative",
  "neutral",
  "yes",
  "no",
];

/** The answer text: the reference rendered when `correct`, a plausible wrong answer otherwise. */
export function closedAnswerText(options: {
  answer: ClosedAnswer;
  correct: boolean;
  random: () => number;
}): string {
  const { answer, correct, random } = options;
  if (answer.kind === "judge") return judgeText(answer.pass, random);
  if (correct) return render(answer.reference);
  return render(wrongValue(answer.reference, answer.choices, random));
}

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value ?? null);
}

function judgeText(pass: boolean, random: () => number): string {
  const score = pass ? 0.7 + 0.3 * random() : 0.4 * random();
  const reason = pass
    ? "The answer meets the rubric."
    : "The answer does not meet the rubric: it is incorrect or incomplete.";
  return JSON.stringify({ pass, score: Math.round(score * 100) / 100, reason });
}

function wrongValue(reference: unknown, choices: readonly unknown[], random: () => number): unknown {
  const others = choices.filter((choice) => render(choice) !== render(reference));
  if (others.length > 0) return others[Math.floor(random() * others.length)];
  if (typeof reference === "number") return wrongNumber(reference, random);
  if (typeof reference === "boolean") return !reference;
  if (typeof reference === "string") return wrongLabel(reference, random);
  if (Array.isArray(reference) || (typeof reference === "object" && reference !== null))
    return wrongStructure(reference, random);
  return "unknown";
}

/** Off by 10% to 50% (at least one unit of the reference's last decimal), same number of decimals. */
function wrongNumber(reference: number, random: () => number): number {
  const decimals = (String(reference).split(".")[1] ?? "").length;
  const unit = 10 ** -decimals;
  const sign = random() < 0.5 ? -1 : 1;
  const offset = Math.max(unit, Math.abs(reference) * (0.1 + 0.4 * random()));
  const wrong = reference + sign * offset;
  return Number(wrong.toFixed(decimals));
}

function wrongLabel(reference: string, random: () => number): string {
  const normalized = reference.trim().toLowerCase();
  const candidates = FALLBACK_LABELS.filter((label) => label !== normalized);
  const label = candidates[Math.floor(random() * candidates.length)]!;
  // Keep the reference's casing style, so a wrong answer is not told apart by its form alone.
  return reference === reference.toUpperCase() ? label.toUpperCase() : label;
}

/** The same structure with one leaf changed: valid JSON, wrong content. */
function wrongStructure(reference: object, random: () => number): unknown {
  const copy = structuredClone(reference) as Record<string, unknown> | unknown[];
  const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const collect = (node: unknown) => {
    if (Array.isArray(node)) for (const [index, child] of node.entries()) visit(node, index, child);
    else if (typeof node === "object" && node !== null)
      for (const [key, child] of Object.entries(node)) visit(node as Record<string, unknown>, key, child);
  };
  const visit = (parent: Record<string, unknown> | unknown[], key: string | number, child: unknown) => {
    if (typeof child === "object" && child !== null) collect(child);
    else leaves.push({ parent, key });
  };
  collect(copy);
  const leaf = leaves[Math.floor(random() * leaves.length)];
  if (!leaf) return Array.isArray(copy) ? [...copy, "unexpected"] : { ...copy, unexpected: true };
  const container = leaf.parent as Record<string | number, unknown>;
  container[leaf.key] = wrongValue(container[leaf.key], [], random);
  return copy;
}
