import { readFile } from "node:fs/promises";
import { formatIssue, issuesOf } from "@rightsize/contracts";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CliError, CliErrorCode } from "../cli-error.js";

const range = z
  .tuple([z.number().nonnegative(), z.number().nonnegative()])
  .refine(([low, high]) => low <= high, "range must be [low, high] with low <= high");

const taskTypeSchema = z.strictObject({
  /** Share of all requests (shares are normalised, so they need not sum to 1). */
  share: z.number().positive(),
  feature: z.string().min(1),
  /** The emulator's task type whose simulated capability answers it (default: the task type). */
  emulatorTask: z.string().min(1).optional(),
  /** Size of the shared system prompt of this task type, in (v1 tokenizer) tokens. */
  systemTokens: z.number().int().min(0),
  userTokens: range,
  difficulty: range.refine(([, high]) => high <= 1, "difficulty is within [0, 1]"),
  /** Share of requests that are hard (difficulty 0.8–0.98) inside the task type. */
  hardShare: z.number().min(0).max(1),
  /** Share of requests whose caller can wait (eligible for batch). */
  asyncShare: z.number().min(0).max(1),
  structured: z.boolean().default(false),
  stakes: z.enum(["low", "normal", "high"]).default("normal"),
});

/** The simulated workload: mix, sizes, seasonality and growth. */
export const workloadSchema = z.strictObject({
  name: z.string().min(1),
  seed: z.number().int(),
  period: z.strictObject({
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"),
    days: z.number().int().min(1).max(366),
  }),
  requestsPerDay: z.number().int().min(1),
  /**
   * The simulated requests are a labelled 1-in-N sample of the traffic they stand for: every span
   * records SampleRate N (as a sampled production exporter would) and the emulator's usage report is
   * scaled by N, so the report weighs the sample to full scale. 1: no sampling.
   */
  sampleRate: z.number().int().min(1).default(1),
  growthOverPeriod: z.number().min(-0.9).max(10),
  weekly: z.array(z.number().min(0)).length(7),
  hourly: z.array(z.number().min(0)).length(24),
  baselineModel: z.string().min(1),
  requestedMaxTokens: z.number().int().min(1),
  /** Share of responses a simulated user rates good or bad (the feedback loop's input). */
  feedbackShare: z.number().min(0).max(1),
  tenants: z.array(z.strictObject({ name: z.string().min(1), share: z.number().positive() })).min(1),
  taskTypes: z.record(z.string().min(1), taskTypeSchema).refine((record) => Object.keys(record).length > 0, {
    message: "at least one task type",
  }),
});

export type Workload = z.infer<typeof workloadSchema>;
export type TaskTypeProfile = z.infer<typeof taskTypeSchema>;

/** Validates a workload object; the error names the path of every problem. */
export function parseWorkload(value: unknown, origin = "workload"): Workload {
  const result = workloadSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = issuesOf(result.error, { root: origin }).map(formatIssue);
  throw new CliError({
    code: CliErrorCode.invalidInput,
    message: `invalid workload:\n  ${problems.join("\n  ")}`,
    cause: result.error,
  });
}

/** The bundled default workload (workloads/default.yaml beside the app). */
export const DEFAULT_WORKLOAD_PATH = new URL("../../workloads/default.yaml", import.meta.url).pathname;

/** Reads and validates a workload YAML (or JSON) file. */
export async function loadWorkloadFile(path: string = DEFAULT_WORKLOAD_PATH): Promise<Workload> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new CliError({
      code: CliErrorCode.invalidInput,
      message: `${path}: not valid YAML: ${(error as Error).message}`,
      cause: error,
    });
  }
  return parseWorkload(value, path);
}
