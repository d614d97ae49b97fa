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
 * Validates a graders document (`tasks: {<taskType>: {grader?, bar?}}`): YAML or JSON text (a
 * string is parsed as `format`, YAML by default), or a document already parsed (as a CLI's file
 * loader returns it). Throws EvalsError `invalid_graders` naming the file and the path of the problem.
 * @example parseGradersFile({ source: "tasks:\n  classification: { grader: { type: normalized }, bar: 0.95 }" })
 */
export function parseGradersFile(options: {
  source: unknown;
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

/** The task types' absolute bars, where the file gives one. */
export function barsOf(graders: GradersFile | undefined): Record<string, number> {
  const bars: Record<string, number> = {};
  for (const [taskType, task] of Object.entries(graders?.tasks ?? {}))
    if (task.bar !== undefined) bars[taskType] = task.bar;
  return bars;
}
