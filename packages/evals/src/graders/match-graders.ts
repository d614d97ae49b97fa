import { binaryGrade, type LocalGrader, referenceText } from "./grader.js";
import type { GraderConfig } from "./grader-schema.js";

type Config<T extends GraderConfig["type"]> = Extract<GraderConfig, { type: T }>;

/** `exact`: the answer equals the reference (ends trimmed unless `trim: false`). */
export function exactGrader(config: Config<"exact">): LocalGrader {
  const prepare = (text: string) => {
    const trimmed = config.trim ? text.trim() : text;
    return config.caseSensitive ? trimmed : trimmed.toLowerCase();
  };
  return {
    kind: "local",
    type: "exact",
    grade: ({ answer, reference }) =>
      binaryGrade(prepare(answer) === prepare(referenceText(reference, "exact"))),
  };
}

// Quotes, brackets and punctuation a model puts around a label ("**Billing.**", "'billing'").
const END_NOISE = /^[\s"'`“”‘’.,;:!?()[\]{}*_-]+|[\s"'`“”‘’.,;:!?()[\]{}*_-]+$/gu;

/** Unicode NFKC, lower case, whitespace collapsed, quotes and punctuation at the ends stripped. */
export function normalizeAnswer(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").replace(END_NOISE, "");
}

/** `normalized`: equal after `normalizeAnswer`. */
export function normalizedGrader(): LocalGrader {
  return {
    kind: "local",
    type: "normalized",
    grade: ({ answer, reference }) =>
      binaryGrade(normalizeAnswer(answer) === normalizeAnswer(referenceText(reference, "normalized"))),
  };
}

/** `regex`: the answer matches the pattern (or the reference read as a pattern). Compiled once. */
export function regexGrader(config: Config<"regex">): LocalGrader {
  const flags = (config.flags ?? "").replace(/[gy]/g, ""); // global/sticky would make test() stateful
  const fixed = config.pattern === undefined ? null : new RegExp(config.pattern, flags);
  return {
    kind: "local",
    type: "regex",
    grade: ({ answer, reference }) => {
      const pattern = fixed ?? new RegExp(referenceText(reference, "regex"), flags);
      return binaryGrade(pattern.test(answer));
    },
  };
}

const NUMBER = /[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?/i;

/** The first number written in a text (thousands separators allowed), or null. */
export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const value = Number(match[0].replace(/,/g, ""));
  return Number.isFinite(value) ? value : null;
}

/** `numeric`: the answer's first number is within `tolerance` of the reference. */
export function numericGrader(config: Config<"numeric">): LocalGrader {
  return {
    kind: "local",
    type: "numeric",
    grade: ({ answer, reference }) => {
      const expected =
        typeof reference === "number" ? reference : firstNumber(referenceText(reference, "numeric"));
      if (expected === null)
        throw new Error(`the numeric grader's reference is not a number: ${JSON.stringify(reference)}`);
      const actual = firstNumber(answer);
      if (actual === null) return binaryGrade(false);
      const allowed = config.relative ? config.tolerance * Math.abs(expected) : config.tolerance;
      // A hair of slack for decimal inputs (0.1 + 0.2) that floats cannot hold exactly.
      return binaryGrade(Math.abs(actual - expected) <= allowed + 1e-9 * Math.max(1, Math.abs(expected)));
    },
  };
}
