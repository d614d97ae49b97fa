import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import type { Grade, GradeInput, LocalGrader } from "./grader.js";
import type { GraderConfig } from "./grader-schema.js";

type ModuleGradeFunction = (input: GradeInput) => unknown;

/**
 * `module`: a module of yours exporting `grade(input)` (or the export named by `export`); it may
 * return a score in [0, 1], a boolean, or `{ score, pass? }`, sync or async. Loaded once; a
 * module that cannot be loaded or lacks the function is refused up front.
 */
export async function moduleGrader(
  config: Extract<GraderConfig, { type: "module" }>,
  options: { baseDir: string },
): Promise<LocalGrader> {
  const path = isAbsolute(config.path) ? config.path : resolve(options.baseDir, config.path);
  let exported: unknown;
  try {
    const loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    exported = loaded[config.export];
  } catch (cause) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGrader,
      message: `module grader: cannot load ${path}: ${(cause as Error).message}`,
      cause,
    });
  }
  if (typeof exported !== "function") {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGrader,
      message: `module grader: ${path} has no function export "${config.export}"`,
    });
  }
  const grade = exported as ModuleGradeFunction;
  return {
    kind: "local",
    type: "module",
    grade: async (input) => toGrade(await grade(input), config.passAt),
  };
}

function toGrade(result: unknown, passAt: number): Grade {
  if (typeof result === "boolean") return { score: result ? 1 : 0, pass: result };
  const object = typeof result === "object" && result !== null ? (result as Record<string, unknown>) : null;
  const score = typeof result === "number" ? result : object?.score;
  if (typeof score !== "number" || !(score >= 0 && score <= 1))
    throw new Error(
      `module grader returned ${JSON.stringify(result)}: expected a score in [0, 1], a boolean or { score, pass? }`,
    );
  const pass = object?.pass;
  if (pass !== undefined && typeof pass !== "boolean")
    throw new Error(`module grader returned a non-boolean pass: ${JSON.stringify(pass)}`);
  return { score, pass: pass ?? score >= passAt };
}
