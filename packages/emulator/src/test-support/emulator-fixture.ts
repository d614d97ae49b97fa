import Anthropic from "@anthropic-ai/sdk";
import { createManualClock, type EmulatorClock } from "../clock.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../start-emulator.js";

/** A started emulator on a manual clock plus an SDK client pointed at it (no retries unless asked). */
export async function startWithClient(
  options: EmulatorOptions & { maxRetries?: number } = {},
): Promise<{ emulator: Emulator; client: Anthropic; clock: EmulatorClock }> {
  const { maxRetries, ...emulatorOptions } = options;
  const clock = emulatorOptions.clock ?? createManualClock();
  const emulator = await startEmulator({ ...emulatorOptions, clock });
  const client = new Anthropic({ apiKey: "test-key", baseURL: emulator.url, maxRetries: maxRetries ?? 0 });
  return { emulator, client, clock };
}

/** A long, varied text of about `words` words (for caching thresholds). */
export function longText(words: number, salt = ""): string {
  const vocabulary = [
    "policy",
    "route",
    "cache",
    "token",
    "batch",
    "model",
    "price",
    "usage",
    "limit",
    "trace",
  ];
  return Array.from(
    { length: words },
    (_, index) => `${vocabulary[index % vocabulary.length]}${salt}${index % 7}`,
  ).join(" ");
}
