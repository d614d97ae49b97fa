import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";
import { firstIssue } from "../internal/zod-issue.js";
import { type GraderConfig, graderSchema } from "./grader-schema.js";

const gradersFileSchema = z.strictObject({
  tasks: z.record(
    z.string().min(1),
    z.strictObject({
      grader: graderSchema.optional(),
      /** The task's absolute quality bar: the pass rate a tier's Wilson lower bound must reach. */
      bar: z.number().min(0).max(1).optional(),
    }),
  ),
});

/** Per task type: its grader and its quality bar, both optional. */
export interface TaskGrading {
  grader?: GraderConfig;
  bar?: number;
}

/** A validated graders file; `baseDir` resolves module graders' relative paths. */
export interface GradersFile {
  tasks: Record<string, TaskGrading>;
  baseDir: string;
}

/**
 * Validates a graders document (`tasks: {<taskType>: {grader?, bar?}}`, YAML or JSON text, or
 * parsed). Throws EvalsError `invalid_graders` naming the file and the path of the problem.
 * @example parseGradersFile({ source: "tasks:\n  classification: { grader: { type: normalized }, bar: 0.95 }" })
 */
export function parseGradersFile(options: {
  source: string | object;
  origin?: string;
  format?: "yaml" | "json";
  baseDir?: string;
}): GradersFile {
  const origin = options.origin ?? "graders";
  let document: unknown = options.source;
  if (typeof options.source === "string") {
    try {
      document =
        options.format === "json"
          ? JSON.parse(options.source)
          : parseYaml(options.source, { uniqueKeys: true });
    } catch (cause) {
      throw new EvalsError({
        code: EvalsErrorCode.invalidGraders,
        message: `${origin}: not valid ${options.format === "json" ? "JSON" : "YAML"}: ${(cause as Error).message}`,
        cause,
      });
    }
  }
  const parsed = gradersFileSchema.safeParse(document);
  if (!parsed.success) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGraders,
      message: `${origin}: ${firstIssue(parsed.error)}`,
    });
  }
  return { tasks: parsed.data.tasks, baseDir: options.baseDir ?? process.cwd() };
}

/** Reads and validates a graders file (`.json` as JSON, anything else as YAML). */
export async function loadGradersFile(path: string): Promise<GradersFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new EvalsError({
      code: EvalsErrorCode.invalidGraders,
      message: `${path}: cannot read: ${(cause as Error).message}`,
      cause,
    });
  }
  return parseGradersFile({
    source: text,
    origin: path,
    format: extname(path).toLowerCase() === ".json" ? "json" : "yaml",
    baseDir: dirname(resolve(path)),
  });
}

/** The task types' absolute bars, where the file gives one. */
export function barsOf(graders: GradersFile | undefined): Record<string, number> {
  const bars: Record<string, number> = {};
  for (const [taskType, task] of Object.entries(graders?.tasks ?? {}))
    if (task.bar !== undefined) bars[taskType] = task.bar;
  return bars;
}
