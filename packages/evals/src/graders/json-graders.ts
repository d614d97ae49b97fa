import { Ajv, type ValidateFunction } from "ajv";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import { binaryGrade, type LocalGrader } from "./grader.js";
import type { GraderConfig } from "./grader-schema.js";

const FENCE = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i;

/** The JSON an answer holds (a ```json fence around it allowed), or `{ ok: false }`. */
export function parseJsonAnswer(answer: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = answer.trim();
  const body = FENCE.exec(trimmed)?.[1] ?? trimmed;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

/** `json`: the answer is valid JSON. */
export function jsonGrader(): LocalGrader {
  return { kind: "local", type: "json", grade: ({ answer }) => binaryGrade(parseJsonAnswer(answer).ok) };
}

/** `json-schema`: valid JSON that the schema accepts (Ajv, compiled once; a bad schema is refused up front). */
export function jsonSchemaGrader(config: Extract<GraderConfig, { type: "json-schema" }>): LocalGrader {
  let validate: ValidateFunction;
  try {
    validate = new Ajv({ strict: false, allErrors: false }).compile(config.schema);
  } catch (cause) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGrader,
      message: `json-schema grader: the schema does not compile: ${(cause as Error).message}`,
      cause,
    });
  }
  return {
    kind: "local",
    type: "json-schema",
    grade: ({ answer }) => {
      const parsed = parseJsonAnswer(answer);
      return binaryGrade(parsed.ok && validate(parsed.value) === true);
    },
  };
}
