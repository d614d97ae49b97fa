import { usageError } from "./cli-error.js";

/**
 * A whole-number option in `[minimum, maximum]`; anything else is a usage error (exit 2) that
 * names the flag, the range and what was given.
 * @example integerOption("8", { flag: "--concurrency", minimum: 1, maximum: 256 }) // 8
 */
export function integerOption(
  text: string,
  bounds: { flag: string; minimum: number; maximum: number },
): number {
  const { flag, minimum, maximum } = bounds;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > maximum)
    throw usageError(`${flag} must be an integer from ${minimum} to ${maximum}, got "${text}"`);
  return value;
}
