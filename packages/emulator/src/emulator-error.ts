/** Every way the emulator library itself can fail (not API errors it serves: those are HTTP bodies). */
export const EMULATOR_ERROR_CODES = {
  invalidOptions: "INVALID_OPTIONS",
  invalidFaultConfig: "INVALID_FAULT_CONFIG",
  listenFailed: "LISTEN_FAILED",
  closed: "CLOSED",
} as const;

export type EmulatorErrorCode = (typeof EMULATOR_ERROR_CODES)[keyof typeof EMULATOR_ERROR_CODES];

/** The one error class the emulator package throws, with a typed `code` and the original `cause`. */
export class EmulatorError extends Error {
  override readonly name = "EmulatorError";
  readonly code: EmulatorErrorCode;

  constructor(options: { code: EmulatorErrorCode; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }

  /** True for an EmulatorError even across duplicated module copies. */
  static isInstance(value: unknown): value is EmulatorError {
    return value instanceof Error && value.name === "EmulatorError" && "code" in value;
  }
}
