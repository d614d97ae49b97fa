import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { formatIssuePath } from "@rightsize/contracts";
import { z } from "zod";
import { BatchStore } from "./batches/batch-store.js";
import { PromptCache } from "./caching/prompt-cache.js";
import { createSystemClock, type EmulatorClock } from "./clock.js";
import { EmulatorError, EmulatorErrorCode } from "./emulator-error.js";
import { type FaultConfig, parseFaultConfig } from "./faults/fault-config.js";
import { FaultInjector } from "./faults/fault-injector.js";
import { RateLimitWindow } from "./http/rate-limit-window.js";
import { route } from "./http/router.js";
import type { EmulatorRuntime } from "./http/runtime.js";
import { createIdFactory } from "./internal/ids.js";
import { ModelRegistry } from "./models/model-registry.js";
import type { QualityVerdict } from "./quality/quality-verdict.js";
import { MessageSimulator } from "./simulation/message-simulator.js";
import { VerdictStore } from "./simulation/verdict-store.js";
import { type EmulatorStats, StatsCollector } from "./stats/emulator-stats.js";
import { UsageLedger } from "./usage/usage-ledger.js";

/** Options of startEmulator; all optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Seed of every simulated outcome (answers, quality noise, ids, faults); default 0. */
  seed?: number;
  /** Fault injection for the whole run; change later with setFaults(). */
  faults?: FaultConfig;
  /** The emulator's clock (TTLs, batch expiry, retirement); default: wall clock with an adjustable offset. */
  clock?: EmulatorClock;
  /** Multiplier on simulated latency (TTFT, tokens/s); 0 (default) turns it off. */
  latencyScale?: number;
  /** Real milliseconds before a batch starts processing; default 0 (next event-loop turn). */
  batchDelayMs?: number;
  /** Verdicts kept for the oracle, oldest evicted first; default 200,000. */
  verdictLimit?: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to give the SDK (`new Anthropic({ baseURL: emulator.url })`). */
  url: string;
  port: number;
  clock: EmulatorClock;
  /** The oracle: whether a message's answer was correct, and why. */
  verdict(messageId: string): QualityVerdict | undefined;
  stats(): EmulatorStats;
  setFaults(faults: FaultConfig): void;
  setLatencyScale(scale: number): void;
  /** Drops every prompt-cache entry. */
  clearCache(): void;
  close(): Promise<void>;
}

const optionsSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1).optional(),
    seed: z.number().int().optional(),
    faults: z.unknown().optional(),
    clock: z.custom<EmulatorClock>((value) => typeof (value as EmulatorClock)?.now === "function").optional(),
    latencyScale: z.number().min(0).optional(),
    batchDelayMs: z.number().int().min(0).optional(),
    verdictLimit: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * Starts an Anthropic-compatible API server on loopback.
 * @example
 * const emulator = await startEmulator({ seed: 7, clock: createManualClock() });
 * const client = new Anthropic({ apiKey: "test", baseURL: emulator.url });
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EmulatorError({
      code: EmulatorErrorCode.invalidOptions,
      message: `invalid emulator option ${(issue && formatIssuePath(issue.path)) || "(root)"}: ${issue?.message ?? "invalid"}`,
      cause: parsed.error,
    });
  }
  const seed = options.seed ?? 0;
  const clock = options.clock ?? createSystemClock();
  const newId = createIdFactory(seed);
  const registry = new ModelRegistry();
  const cache = new PromptCache();
  const stats = new StatsCollector();
  const usageLedger = new UsageLedger();
  const verdicts = new VerdictStore(options.verdictLimit ?? 200_000);
  const faults = new FaultInjector(seed, parseFaultConfig(options.faults ?? {}));
  const simulator = new MessageSimulator({ seed, registry, cache, clock, newId });
  const rateLimits = new RateLimitWindow();
  const runtime: EmulatorRuntime = {
    seed,
    clock,
    registry,
    cache,
    simulator,
    faults,
    verdicts,
    stats,
    usage: usageLedger,
    rateLimits,
    newId,
    latencyScale: options.latencyScale ?? 0,
    delivered(simulation) {
      verdicts.add(simulation.verdict);
      stats.answered(simulation);
      usageLedger.record({ simulation, atMs: clock.now() });
      const { usage } = simulation.message;
      rateLimits.record({
        nowMs: clock.now(),
        inputTokens: usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens,
        outputTokens: usage.output_tokens,
      });
    },
    batches: undefined as unknown as BatchStore,
  };
  runtime.batches = new BatchStore({
    simulator,
    clock,
    faults,
    newId,
    seed,
    delayMs: () => options.batchDelayMs ?? 0,
    onAnswered: (simulation) => runtime.delivered(simulation),
    onEnded: () => stats.batches.ended++,
  });

  const sockets = new Set<Socket>();
  const server = createServer({ keepAlive: true }, (request, response) => {
    route(runtime, request, response).catch((error: unknown) => {
      // A bug in a handler must not take the server down: answer 500 like the API would.
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            type: "error",
            error: { type: "api_error", message: String(error) },
            request_id: null,
          }),
        );
      } else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new EmulatorError({
          code: EmulatorErrorCode.listenFailed,
          message: `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`,
          cause: error,
        }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    clock,
    verdict: (messageId) => verdicts.get(messageId),
    stats: () => stats.snapshot({ cacheEntries: cache.size, verdicts: verdicts.size }),
    setFaults: (config) => faults.configure(parseFaultConfig(config)),
    setLatencyScale(scale) {
      if (!(scale >= 0))
        throw new EmulatorError({
          code: EmulatorErrorCode.invalidOptions,
          message: `latencyScale must be >= 0, got ${scale}`,
        });
      runtime.latencyScale = scale;
    },
    clearCache: () => cache.clear(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        runtime.batches.close();
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open; in-flight ones are cut.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
