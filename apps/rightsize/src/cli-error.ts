import { RightsizeError } from "@rightsize/contracts";

/** Every way a rightsize command fails on its own account; `usage` is exit code 2, the rest exit 1. */
export const CliErrorCode = {
  /** A bad invocation: wrong flag values, missing or unreadable inputs. */
  usage: "usage",
  /** An expected failure of a command: an invalid policy, failing policy cases, prompt-lint findings. */
  commandFailed: "command_failed",
  /** An input file failed validation (a workload). */
  invalidInput: "invalid_input",
  /** The report's embedded font cannot be found or read. */
  fontMissing: "font_missing",
  /** A report chart could not be rendered. */
  chartFailed: "chart_failed",
  /** A report file (PDF, JSON, CSV) could not be written. */
  writeFailed: "write_failed",
} as const;
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

const marker = Symbol.for("rightsize.error.cli");

/** The one error class of the rightsize command (the CLI, the simulator and the PDF report). */
export class CliError extends RightsizeError<CliErrorCode> {
  override readonly name = "CliError";
  readonly [marker] = true;

  static override isInstance(value: unknown): value is CliError {
    return RightsizeError.hasMarker(value, marker);
  }
}

/** A bad invocation (exit code 2), the message naming the flag or file. */
export function usageError(message: string, options?: { cause?: unknown }): CliError {
  return new CliError({ code: CliErrorCode.usage, message, cause: options?.cause });
}

/** True for a bad invocation: the CLI exits 2. */
export function isUsageError(error: unknown): error is CliError {
  return CliError.isInstance(error) && error.code === CliErrorCode.usage;
}

/** One line (or a few) a user can act on; the cause chain is kept but not dumped. */
export function formatError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
