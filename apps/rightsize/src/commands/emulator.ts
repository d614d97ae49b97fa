import {
  type Emulator,
  EmulatorError,
  FAULT_KINDS,
  type FaultConfig,
  type FaultKind,
  parseFaultConfig,
  startEmulator,
} from "@rightsize/emulator";
import type { Command } from "commander";
import { usageError } from "../cli-error.js";
import { integerOption } from "../integer-option.js";

/** Raw commander options of `rightsize emulator` (strings until validated). */
export interface EmulatorCommandOptions {
  port: string;
  host: string;
  seed?: string;
  latencyScale?: string;
  faultRate?: string;
  faultKinds?: string;
  faultSeed?: string;
  retryAfter?: string;
  batchDelayMs?: string;
  json?: boolean;
}

/** Validated settings for one emulator run. */
export interface EmulatorRunSettings {
  port: number;
  host: string;
  seed: number;
  latencyScale: number;
  batchDelayMs: number;
  faults: FaultConfig;
  json: boolean;
}

function nonNegative(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw usageError(`${flag} must be a number >= 0, got "${text}"`);
  return value;
}

/** `rate_limit,overloaded` or `rate_limit=3,overloaded=1` (weights) into a kinds map. */
function parseKinds(text: string): Partial<Record<FaultKind, number>> {
  const kinds: Partial<Record<FaultKind, number>> = {};
  for (const part of text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const [name, weight] = part.split("=", 2);
    if (!(FAULT_KINDS as readonly string[]).includes(name!))
      throw usageError(`--fault-kinds: unknown fault "${name}" (one of ${FAULT_KINDS.join(", ")})`);
    kinds[name as FaultKind] = weight === undefined ? 1 : nonNegative(weight, `--fault-kinds ${name}`);
  }
  return kinds;
}

/** Turns the command's flags into settings, or a usage error naming the flag. */
export function resolveEmulatorSettings(options: EmulatorCommandOptions): EmulatorRunSettings {
  const faults: FaultConfig = {};
  if (options.faultRate !== undefined) {
    const rate = nonNegative(options.faultRate, "--fault-rate");
    if (rate > 1) throw usageError(`--fault-rate must be between 0 and 1, got "${options.faultRate}"`);
    faults.rate = rate;
  }
  if (options.faultKinds !== undefined) faults.kinds = parseKinds(options.faultKinds);
  if (options.faultSeed !== undefined)
    faults.seed = integerOption(options.faultSeed, {
      flag: "--fault-seed",
      minimum: -(2 ** 31),
      maximum: 2 ** 31 - 1,
    });
  if (options.retryAfter !== undefined)
    faults.retryAfterSeconds = nonNegative(options.retryAfter, "--retry-after");
  try {
    parseFaultConfig(faults);
  } catch (error) {
    if (EmulatorError.isInstance(error)) throw usageError(error.message);
    throw error;
  }
  return {
    port: integerOption(options.port, { flag: "--port", minimum: 0, maximum: 65_535 }),
    host: options.host,
    seed:
      options.seed === undefined
        ? 0
        : integerOption(options.seed, { flag: "--seed", minimum: -(2 ** 31), maximum: 2 ** 31 - 1 }),
    latencyScale:
      options.latencyScale === undefined ? 0 : nonNegative(options.latencyScale, "--latency-scale"),
    batchDelayMs:
      options.batchDelayMs === undefined
        ? 0
        : integerOption(options.batchDelayMs, { flag: "--batch-delay-ms", minimum: 0, maximum: 86_400_000 }),
    faults,
    json: options.json === true,
  };
}

/**
 * Runs the emulator until `signal` aborts, writing where it listens (and how to point a client
 * at it) through `write`. Returns the emulator's final stats line.
 */
export async function runEmulator(options: {
  settings: EmulatorRunSettings;
  signal: AbortSignal;
  write: (line: string) => void;
  onListening?: (emulator: Emulator) => void;
}): Promise<void> {
  const { settings, write } = options;
  const emulator = await startEmulator({
    port: settings.port,
    host: settings.host,
    seed: settings.seed,
    latencyScale: settings.latencyScale,
    batchDelayMs: settings.batchDelayMs,
    faults: settings.faults,
  });
  options.onListening?.(emulator);
  if (settings.json) {
    write(
      JSON.stringify({
        url: emulator.url,
        port: emulator.port,
        seed: settings.seed,
        latencyScale: settings.latencyScale,
        faults: settings.faults,
      }),
    );
  } else {
    write(
      `rightsize emulator listening on ${emulator.url} (seed ${settings.seed}, latency scale ${settings.latencyScale})`,
    );
    write(`export ANTHROPIC_BASE_URL=${emulator.url}`);
    write(
      "any API key is accepted; control API: GET /_emulator/stats, GET /_emulator/verdicts/{message_id},",
    );
    write("  POST /_emulator/clock {advanceMs|setMs}, POST /_emulator/faults {rate, kinds, next, ...}");
    write("press Ctrl+C to stop");
  }
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const stats = emulator.stats();
  await emulator.close();
  if (!settings.json)
    write(
      `stopped after ${stats.requests.total} requests (${stats.requests.messages} messages, ${stats.batches.created} batches)`,
    );
}

/** `rightsize emulator`: an Anthropic-compatible API on loopback until SIGINT/SIGTERM. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command("emulator")
    .description(
      "Run a local Anthropic-compatible API (messages, streaming, count_tokens, batches, models) for tests and demos",
    )
    .option("-p, --port <port>", "TCP port (0 picks a free one)", "8787")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--seed <n>", "seed of every simulated outcome (default 0)")
    .option("--latency-scale <x>", "multiplier on simulated latency; 0 turns it off (default 0)")
    .option("--fault-rate <p>", "probability 0..1 that a Messages request gets a fault")
    .option(
      "--fault-kinds <list>",
      `faults to draw from, optionally weighted: ${FAULT_KINDS.join(",")} (e.g. rate_limit=3,overloaded=1)`,
    )
    .option("--fault-seed <n>", "seed of the fault sequence (default: --seed)")
    .option("--retry-after <seconds>", "retry-after sent with injected 429s (default 1)")
    .option("--batch-delay-ms <ms>", "real milliseconds before a batch starts processing (default 0)")
    .option("--json", "print one JSON line {url, port, ...} instead of the text banner")
    .action(async (options: EmulatorCommandOptions) => {
      const settings = resolveEmulatorSettings(options);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        await runEmulator({
          settings,
          signal: controller.signal,
          write: (line) => process.stdout.write(`${line}\n`),
        });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
