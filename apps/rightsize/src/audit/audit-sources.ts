import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { ingestFiles, type UsageRecord } from "@rightsize/baseline";
import type { PromptInput } from "@rightsize/policy";
import { usageError } from "../cli-error.js";
import { Reservoir } from "./reservoir.js";

/** Where an audited request came from, which decides what can be known about it. */
export type AuditSourceKind = "requests" | "spans" | "request-log";

/** One sampled request before classification: its prompt (requests files) or its recorded facts and usage. */
export type SampledRequest =
  | { kind: "requests"; file: string; prompt: PromptInput; declaredTaskType: string | null }
  | { kind: "spans" | "request-log"; file: string; record: UsageRecord };

/** What was read from each input. */
export interface AuditFileSummary {
  path: string;
  kind: AuditSourceKind;
  requests: number;
  /** Lines that could not be used (counted, reading went on). */
  bad: number;
  /** Attempts a request escalated away from: paid, but not requests of their own (not sampled). */
  escalatedAway: number;
}

/**
 * Reads every input and keeps a seeded uniform sample of `size` requests across all of them.
 * Requests files (eval request lines, or Messages bodies one per line) carry the prompt; span
 * files and request logs are read by the baseline ingest and carry only what was recorded.
 */
export async function sampleRequests(options: {
  paths: readonly string[];
  size: number;
  seed: number;
  onBadLine?: (file: string, line: number, reason: string) => void;
}): Promise<{ sample: SampledRequest[]; population: number; files: AuditFileSummary[] }> {
  const reservoir = new Reservoir<SampledRequest>({ size: options.size, seed: options.seed });
  const files: AuditFileSummary[] = [];
  for (const path of options.paths) {
    if (await isRequestsFile(path))
      files.push(await readRequestsFile({ path, reservoir, onBadLine: options.onBadLine }));
    else files.push(await readUsageFile({ path, reservoir, onBadLine: options.onBadLine }));
  }
  return { sample: reservoir.items, population: reservoir.seen, files };
}

/** A requests file's first line is an eval request line (`request.messages`) or a Messages body (`messages`). */
async function isRequestsFile(path: string): Promise<boolean> {
  let head: string;
  try {
    const handle = await open(path, "r");
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    await handle.close();
    head = buffer.subarray(0, bytesRead).toString("utf8");
  } catch (error) {
    throw usageError(`--input: cannot read ${path}: ${(error as Error).message}`);
  }
  const first = head.split("\n").find((line) => line.trim() !== "");
  if (first === undefined || head[0] === "\u001f") return false; // gzip: spans or logs
  try {
    const value = JSON.parse(first) as Record<string, unknown>;
    const body = (value.request ?? value) as Record<string, unknown>;
    return Array.isArray(body.messages);
  } catch {
    return false;
  }
}

async function readRequestsFile(options: {
  path: string;
  reservoir: Reservoir<SampledRequest>;
  onBadLine: ((file: string, line: number, reason: string) => void) | undefined;
}): Promise<AuditFileSummary> {
  const { path, reservoir } = options;
  const summary: AuditFileSummary = { path, kind: "requests", requests: 0, bad: 0, escalatedAway: 0 };
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      summary.bad++;
      options.onBadLine?.(path, number, `not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const body = (
      typeof value.request === "object" && value.request !== null ? value.request : value
    ) as Record<string, unknown>;
    if (!Array.isArray(body.messages)) {
      summary.bad++;
      options.onBadLine?.(
        path,
        number,
        "no messages array (expected an eval request line or a Messages body)",
      );
      continue;
    }
    summary.requests++;
    const declared = typeof value.taskType === "string" && value.taskType !== "" ? value.taskType : null;
    reservoir.offer(() => ({
      kind: "requests",
      file: path,
      prompt: {
        system: body.system as PromptInput["system"],
        messages: body.messages as PromptInput["messages"],
      },
      declaredTaskType: declared,
    }));
  }
  return summary;
}

async function readUsageFile(options: {
  path: string;
  reservoir: Reservoir<SampledRequest>;
  onBadLine: ((file: string, line: number, reason: string) => void) | undefined;
}): Promise<AuditFileSummary> {
  const { path, reservoir } = options;
  let requests = 0;
  let escalatedAway = 0;
  const result = await ingestFiles({
    paths: [path],
    sink: {
      record: (record) => {
        if (record.escalatedAway) {
          escalatedAway++;
          return;
        }
        requests++;
        // The ingest reuses one record object per file: keep a copy. The kind is set once the format is known.
        reservoir.offer(() => ({ kind: "spans", file: path, record: { ...record } }));
      },
      verdict: () => {},
    },
  });
  const file = result.files[0]!;
  if (file.format === "usage-report" || file.format === "cost-report")
    throw usageError(
      `--input: ${path} is an Admin ${file.format}: it has no requests to sample (use spans, request logs or a requests file)`,
    );
  const kind = file.format === "otlp-json" ? "spans" : "request-log";
  for (const item of reservoir.items) if (item.kind !== "requests" && item.file === path) item.kind = kind;
  for (const sample of result.quality.samples) options.onBadLine?.(sample.file, sample.line, sample.reason);
  return { path, kind, requests, bad: file.bad, escalatedAway };
}
