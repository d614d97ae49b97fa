import { z } from "zod";

/** How an answer is graded; every grader returns a score in [0, 1] and pass/fail. */
export const graderSchema = z.discriminatedUnion("type", [
  /** The answer equals the reference (whitespace at the ends ignored unless `trim: false`). */
  z.strictObject({
    type: z.literal("exact"),
    caseSensitive: z.boolean().default(true),
    trim: z.boolean().default(true),
  }),
  /** Equal after Unicode NFKC, lower case, collapsed whitespace and stripped end punctuation and quotes. */
  z.strictObject({ type: z.literal("normalized") }),
  /** The answer matches `pattern` (default: the reference, as a pattern). */
  z.strictObject({
    type: z.literal("regex"),
    pattern: z.string().min(1).optional(),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, "must be JavaScript RegExp flags")
      .optional(),
  }),
  /** The answer is valid JSON (a ```json fence around it is allowed). */
  z.strictObject({ type: z.literal("json") }),
  /** The answer is JSON that validates against `schema` (JSON Schema, checked with Ajv). */
  z.strictObject({ type: z.literal("json-schema"), schema: z.record(z.string(), z.unknown()) }),
  /** The first number in the answer is within `tolerance` of the reference (relative: a share of it). */
  z.strictObject({
    type: z.literal("numeric"),
    tolerance: z.number().nonnegative().default(0),
    relative: z.boolean().default(false),
  }),
  /**
   * A module exporting `grade({ answer, reference, request, taskType, id })` that returns a score,
   * a boolean or `{ score, pass? }` (sync or async); `path` is relative to the graders file.
   */
  z.strictObject({
    type: z.literal("module"),
    path: z.string().min(1),
    export: z.string().min(1).default("grade"),
    /** A score at or above this passes when the module does not say (default 0.5). */
    passAt: z.number().min(0).max(1).default(0.5),
  }),
  /** Model-as-judge: a model grades the answer against `rubric`; its call is paid and counted. */
  z.strictObject({
    type: z.literal("judge"),
    rubric: z.string().trim().min(1),
    /** The judge model (default: the eval's judge model, i.e. the strongest candidate). */
    model: z.string().min(1).optional(),
    passAt: z.number().min(0).max(1).default(0.5),
    maxTokens: z.int().min(16).max(8192).default(512),
  }),
]);

/** A grader as written (before defaults). */
export type GraderInput = z.input<typeof graderSchema>;
/** A validated grader definition, defaults filled in. */
export type GraderConfig = z.output<typeof graderSchema>;
export type GraderType = GraderConfig["type"];
