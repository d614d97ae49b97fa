import { RightsizeError } from "@rightsize/contracts";

/** Every way the evals package refuses an input. Expected outcomes (a failing answer, a grader that throws) are values, not these. */
export const EvalsErrorCode = {
  /** A graders document is not YAML/JSON, or not `tasks: {<taskType>: {grader?, bar?}}`. */
  invalidGraders: "invalid_graders",
  /** A grader definition is malformed (an unknown type, a regex that does not compile, a bad schema). */
  invalidGrader: "invalid_grader",
  /** A policy document cannot be edited (not a mapping, routing not a list). */
  invalidPolicy: "invalid_policy",
  /** An option of a public function is out of range. */
  invalidOption: "invalid_option",
  /** A file could not be read or written. */
  io: "io",
} as const;
export type EvalsErrorCode = (typeof EvalsErrorCode)[keyof typeof EvalsErrorCode];

const marker = Symbol.for("rightsize.error.evals");

/** The one error class of @rightsize/evals: broken inputs and caller bugs, with where they are. */
export class EvalsError extends RightsizeError<EvalsErrorCode> {
  override readonly name = "EvalsError";
  readonly [marker] = true;

  static override isInstance(value: unknown): value is EvalsError {
    return RightsizeError.hasMarker(value, marker);
  }
}
