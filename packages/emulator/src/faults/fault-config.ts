import { formatIssuePath } from "@rightsize/contracts";
import { z } from "zod";
import { EmulatorError, EmulatorErrorCode } from "../emulator-error.js";

/** Every fault the emulator can inject. */
export const FAULT_KINDS = [
  "rate_limit",
  "overloaded",
  "api_error",
  "timeout",
  "slow",
  "connection_reset",
  "stream_cut",
  "malformed_json",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

const faultKind = z.enum(FAULT_KINDS);
const probability = z.number().min(0).max(1);

/** The fault configuration as accepted from code, HTTP (`POST /_emulator/faults`) and the CLI. */
export const faultConfigSchema = z
  .object({
    /** Probability (0..1) that a POST /v1/messages request gets a fault. */
    rate: probability.optional(),
    /** Relative weights per fault kind; default: equal weights over all kinds. */
    kinds: z.partialRecord(faultKind, z.number().min(0)).optional(),
    /** Seed of the fault sequence; defaults to the emulator's seed. */
    seed: z.number().int().optional(),
    /** Seconds sent in retry-after on 429 (fractions allowed; the SDK honours them). */
    retryAfterSeconds: z.number().min(0).optional(),
    /** Extra delay of a `slow` fault, in real milliseconds. */
    slowMs: z.number().int().min(0).optional(),
    /** Faults for the next Messages requests, in order, before any random ones. */
    next: z.array(faultKind).optional(),
    /** Probability that a batch request ends `errored` (500 api_error) instead of succeeding. */
    batchErrorRate: probability.optional(),
    /** Probability that a batch request ends `expired`. */
    batchExpireRate: probability.optional(),
    /**
     * Faults for the next batch results downloads (`GET …/results`), in order: `stream_cut`
     * sends half the file and drops the connection; `malformed_json` garbles one line in the
     * middle (the file is otherwise whole).
     */
    batchResults: z.array(z.enum(["stream_cut", "malformed_json"])).optional(),
  })
  .strict();

/** Fault injection settings; every field optional (no faults by default). */
export type FaultConfig = z.infer<typeof faultConfigSchema>;

/** Validates a fault configuration, naming the failing path (`kinds.nope`, `rate`). */
export function parseFaultConfig(input: unknown): FaultConfig {
  const result = faultConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue && formatIssuePath(issue.path)) || "(root)";
  throw new EmulatorError({
    code: EmulatorErrorCode.invalidFaultConfig,
    message: `invalid fault config at ${path}: ${issue?.message ?? "invalid"}`,
    cause: result.error,
  });
}

const HEADER_ALIASES: Readonly<Record<string, FaultKind>> = {
  "429": "rate_limit",
  "529": "overloaded",
  "500": "api_error",
  "504": "timeout",
  reset: "connection_reset",
  cut: "stream_cut",
  malformed: "malformed_json",
};

/** Reads an `x-emulator-fault` header value: a kind name, a status code (429/529/500/504) or an alias. */
export function faultFromHeader(value: string): FaultKind | null {
  const normalized = value.trim().toLowerCase();
  if ((FAULT_KINDS as readonly string[]).includes(normalized)) return normalized as FaultKind;
  return HEADER_ALIASES[normalized] ?? null;
}
