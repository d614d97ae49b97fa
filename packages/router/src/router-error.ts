import { RightsizeError } from "@rightsize/contracts";

/** Every way the router package refuses an input. A weak router is a result, not one of these. */
export const RouterErrorCode = {
  /** The outcomes cannot train or evaluate a router: too few usable lines, a model missing, one class only. */
  insufficientOutcomes: "insufficient_outcomes",
  /** An option of a public function is out of range. */
  invalidOption: "invalid_option",
} as const;
export type RouterErrorCode = (typeof RouterErrorCode)[keyof typeof RouterErrorCode];

const marker = Symbol.for("rightsize.error.router");

/** The one error class of @rightsize/router. A router file that will not load is a PolicyError (`invalid_router`). */
export class RouterError extends RightsizeError<RouterErrorCode> {
  override readonly name = "RouterError";
  readonly [marker] = true;

  static override isInstance(value: unknown): value is RouterError {
    return RightsizeError.hasMarker(value, marker);
  }
}
