import { RightsizeError } from "@rightsize/contracts";

/** Every way the emulator library itself can fail (not API errors it serves: those are HTTP bodies). */
export const EmulatorErrorCode = {
  /** `startEmulator`'s options (or a clock operation's argument) failed validation. */
  invalidOptions: "invalid_options",
  /** A fault configuration (options, control route, `x-emulator-fault` header) failed validation. */
  invalidFaultConfig: "invalid_fault_config",
  /** The server could not listen on the asked port. */
  listenFailed: "listen_failed",
} as const;

export type EmulatorErrorCode = (typeof EmulatorErrorCode)[keyof typeof EmulatorErrorCode];

const marker = Symbol.for("rightsize.error.emulator");

/** The one error class the emulator package throws, with a typed `code` and the original `cause`. */
export class EmulatorError extends RightsizeError<EmulatorErrorCode> {
  override readonly name = "EmulatorError";
  readonly [marker] = true;

  /** True for an EmulatorError even across duplicated module copies. */
  static override isInstance(value: unknown): value is EmulatorError {
    return RightsizeError.hasMarker(value, marker);
  }
}
