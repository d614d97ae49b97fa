import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  CohortCollector,
  type CollectedUsage,
  duplicatesAcrossParts,
  mergeCollectedUsage,
} from "../cohort-collector.js";
import type { InputFileSummary } from "../report-figures.js";
import { DataQualityLog } from "./data-quality.js";
import { type ChunkOutcome, type IngestChunk, ingestChunk } from "./ingest-chunk.js";
import {
  distinctInputs,
  type IngestProgress,
  type IngestResult,
  ingestAdminReport,
  statInputs,
} from "./ingest-files.js";
import { type PlannedFile, planIngest } from "./plan-ingest.js";
import { releaseWords } from "./seen-keys.js";
import { countingSink, type FromWorker, type ToWorker, type WorkerSetup } from "./worker-messages.js";

const MIB = 1024 * 1024;
/** Below this much input, worker start-up (~50 ms each) costs more than it saves. */
const PARALLEL_FROM_BYTES = 64 * MIB;
/** Worker threads reading at once: each is a V8 heap of its own. */
const MAX_READERS = 4;
/**
 * A worker's young generation. Each parsed line is ~0.5 MB of short-lived objects; V8's default
 * young generation (up to ~100 MB on a large machine) would hold several of them per worker for
 * nothing. Measured on 2 × 250 MB span files with 2 workers: peak RSS 294 MB by default, 185 MB
 * at 24 MB (8 MB: 164 MB but ~20% more CPU in scavenges).
 */
const WORKER_YOUNG_GENERATION_MB = 24;
/**
 * A worker's old generation. Each line of a span file (~0.4 MB) is a large object, which only a
 * full collection frees; without a cap V8 lets that garbage pile up for a long read. Measured at
 * 3M spans, 2 workers: peak RSS 522 MB uncapped, 480 MB capped at 256 MB (the same at 96 or
 * 160 MB), ~10% more CPU. A worker keeps only its cohorts, a few MB; should an input with
 * very many cohorts still run one out of memory, the whole read is redone on the calling thread.
 */
const WORKER_OLD_GENERATION_MB = 256;

/** Options of `collectUsage`. */
export interface CollectUsageOptions {
  paths: readonly string[];
  /** Records on days outside [start, end] (YYYY-MM-DD) are counted and dropped. */
  period?: { start: string; end: string };
  /** Canonical id of a model as read (aliases and dated ids of one model become one id). */
  canonicalModel: (model: string) => string;
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Worker threads reading chunks of the input; 0 reads everything on the calling thread.
   * Default: one per core (at most 4) when the input is over 64 MiB, else 0.
   */
  workers?: number;
  /** Target size of a chunk of a split plain file (default: about a quarter of each worker's share, 8–64 MiB). */
  chunkBytes?: number;
}

/** An ingest gathered into cohorts: the per-file/quality result, and the merged usage. */
export interface CollectedIngest {
  ingest: IngestResult;
  /** Cohorts under canonical model ids, sorted by key. */
  usage: CollectedUsage;
  /** Worker threads used (0: read on the calling thread alone). */
  workers: number;
}

/**
 * Read every input into cohorts, on worker threads when the input is large: plain span and
 * request-log files are cut into chunks at newlines, each worker aggregates the chunks it is
 * given into cohorts of its own, and the main thread merges. Every figure is a count or an
 * integer sum, and per-chunk data-quality logs are merged in input order with line numbers
 * shifted, so the result is identical to a sequential read whatever the number of workers.
 */
export async function collectUsage(options: CollectUsageOptions): Promise<CollectedIngest> {
  const { paths, sizes, repeated } = distinctInputs(options.paths, await statInputs(options.paths));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const workers = Math.max(0, Math.floor(options.workers ?? defaultWorkers(totalBytes)));
  const read = (readers: number) =>
    collectOnReaders({ options: { ...options, paths }, sizes, totalBytes, workers: readers, repeated });
  let collected: CollectedIngest | null;
  try {
    collected = await read(workers);
  } catch (error) {
    if (workers === 0 || !isWorkerOutOfMemory(error)) throw error;
    // A worker hit its capped old generation (WORKER_OLD_GENERATION_MB): read it all again here.
    collected = null;
  }
  // Null also when one record reached two workers (an exporter retry split across chunks): only
  // one reader sees every identity, so the read is redone here, counting each record once.
  if (collected !== null) return collected;
  const alone = await read(0);
  // One reader has one collector: no identity can be in two parts.
  if (alone === null) throw new Error("a read on one thread found records in two parts");
  return alone;
}

function isWorkerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** One read of every input, on `workers` worker threads (0: on the calling thread). */
async function collectOnReaders(context: {
  options: CollectUsageOptions;
  sizes: readonly number[];
  totalBytes: number;
  workers: number;
  repeated: string[];
}): Promise<CollectedIngest | null> {
  const { options, sizes, totalBytes, workers } = context;
  const chunkBytes =
    workers === 0
      ? Number.POSITIVE_INFINITY
      : (options.chunkBytes ?? clamp(totalBytes / ((workers + 1) * 4), 8 * MIB, 64 * MIB));
  const plan = await planIngest({ paths: options.paths, sizes, chunkBytes });
  const progress = progressTracker(totalBytes, options.onProgress);
  const mainCollector = new CohortCollector(options.period ? { period: options.period } : {});
  const result: IngestResult = {
    files: [],
    repeatedFiles: context.repeated,
    quality: new DataQualityLog(),
    usageRows: [],
    costRows: [],
  };
  const adminReports = await readAdminReports({ plan, result, collector: mainCollector, progress });
  const chunks = largestFirst(
    plan.flatMap((file) => (file.kind === "lines" ? file.chunks : [])),
    sizes,
  );
  // With workers, the calling thread does not read: its heap (the caller's modules, a young
  // generation sized for the whole machine) would keep the parse garbage, and later the
  // replay's, far longer than a worker's small one. Measured at 1M spans, 2 cores: 16 MB less peak RSS.
  const usedWorkers = Math.min(workers, chunks.length);
  const next = () => chunks.shift();
  const [here, onWorkers] = await Promise.all([
    usedWorkers === 0 ? readChunksHere({ next, collector: mainCollector, progress }) : [],
    readChunksOnWorkers({ next, workers: usedWorkers, period: options.period, progress }),
  ]);
  const outcomes = [...here, ...onWorkers.outcomes];
  const parts = [mainCollector.collected(), ...onWorkers.parts];
  const shared = duplicatesAcrossParts(parts);
  // The keys (12 bytes a record) are not needed past this check: their memory goes back now.
  for (const part of parts) releaseWords(part.keys);
  if (shared > 0) return null;
  assembleFiles({ plan, adminReports, outcomes, result });
  const usage = mergeCollectedUsage({ parts, canonicalModel: options.canonicalModel });
  return { ingest: result, usage, workers: usedWorkers };
}

function defaultWorkers(totalBytes: number): number {
  const cores = availableParallelism();
  return totalBytes >= PARALLEL_FROM_BYTES && cores > 1 ? Math.min(cores, MAX_READERS) : 0;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, Math.ceil(value)));

type Progress = ReturnType<typeof progressTracker>;

/** Sums byte and record deltas from every reader into IngestProgress updates. */
function progressTracker(totalBytes: number, onProgress?: (progress: IngestProgress) => void) {
  let bytesRead = 0;
  let records = 0;
  return {
    advance(bytes: number, newRecords: number): void {
      bytesRead += bytes;
      records += newRecords;
      onProgress?.({ bytesRead, totalBytes, records });
    },
    /** An onBytes callback for one reader, turning its running total into deltas. */
    reader(): (bytesSoFar: number) => void {
      let seen = 0;
      return (bytesSoFar) => {
        this.advance(bytesSoFar - seen, 0);
        seen = bytesSoFar;
      };
    },
  };
}

/** Admin reports are single JSON documents (small): read here, in input order. */
async function readAdminReports(options: {
  plan: readonly PlannedFile[];
  result: IngestResult;
  collector: CohortCollector;
  progress: Progress;
}): Promise<Map<number, { summary: InputFileSummary; quality: DataQualityLog }>> {
  const read = new Map<number, { summary: InputFileSummary; quality: DataQualityLog }>();
  for (const file of options.plan) {
    if (file.kind !== "admin-report") continue;
    const quality = new DataQualityLog({ maxSamples: Number.POSITIVE_INFINITY });
    const context = {
      file: file.path,
      sink: options.collector,
      quality,
      records: 0,
      skipped: 0,
      bad: 0,
      blank: 0,
    };
    const summary = await ingestAdminReport({
      path: file.path,
      format: file.format,
      context,
      result: options.result,
      onBytes: options.progress.reader(),
    });
    options.progress.advance(0, context.records);
    read.set(file.fileIndex, { summary, quality });
  }
  return read;
}

/** Biggest chunks first, so no worker is left with a large one at the end. */
function largestFirst(chunks: IngestChunk[], sizes: readonly number[]): IngestChunk[] {
  const size = (chunk: IngestChunk) =>
    chunk.range ? chunk.range.end - chunk.range.start : (sizes[chunk.fileIndex] ?? 0);
  return chunks.sort((left, right) => size(right) - size(left));
}

async function readChunksHere(options: {
  next: () => IngestChunk | undefined;
  collector: CohortCollector;
  progress: Progress;
}): Promise<ChunkOutcome[]> {
  const sink = countingSink(options.collector);
  const outcomes: ChunkOutcome[] = [];
  for (let chunk = options.next(); chunk !== undefined; chunk = options.next()) {
    const onBytes = options.progress.reader();
    outcomes.push(
      await ingestChunk({
        chunk,
        sink,
        onBytes: (bytes) => {
          onBytes(bytes);
          options.progress.advance(0, sink.take());
        },
      }),
    );
    options.progress.advance(0, sink.take());
  }
  return outcomes;
}

async function readChunksOnWorkers(options: {
  next: () => IngestChunk | undefined;
  workers: number;
  period: { start: string; end: string } | undefined;
  progress: Progress;
}): Promise<{ outcomes: ChunkOutcome[]; parts: CollectedUsage[] }> {
  const outcomes: ChunkOutcome[] = [];
  const parts: CollectedUsage[] = [];
  const setup: WorkerSetup = options.period ? { period: options.period } : {};
  const workers = Array.from({ length: options.workers }, () => startWorker(setup));
  try {
    await Promise.all(
      workers.map((worker) =>
        driveWorker({
          worker,
          next: options.next,
          onOutcome: (outcome) => outcomes.push(outcome),
          onProgress: (bytes, records) => options.progress.advance(bytes, records),
          onCollected: (usage) => parts.push(usage),
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { outcomes, parts };
}

/** Feed one worker chunks (two in flight, so it never waits for the next), then collect. */
function driveWorker(options: {
  worker: Worker;
  next: () => IngestChunk | undefined;
  onOutcome: (outcome: ChunkOutcome) => void;
  onProgress: (bytes: number, records: number) => void;
  onCollected: (usage: CollectedUsage) => void;
}): Promise<void> {
  const { worker } = options;
  const post = (message: ToWorker) => worker.postMessage(message);
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    const sendNext = () => {
      const chunk = options.next();
      if (chunk === undefined) return;
      inFlight++;
      post({ type: "chunk", chunk });
    };
    worker.on("message", (message: FromWorker) => {
      switch (message.type) {
        case "progress":
          options.onProgress(message.bytes, message.records);
          return;
        case "chunk-done":
          options.onOutcome(message.outcome);
          inFlight--;
          sendNext();
          if (inFlight === 0) post({ type: "finish" });
          return;
        case "collected":
          options.onCollected(message.usage);
          resolve();
          return;
      }
    });
    worker.on("error", reject);
    worker.on("exit", (code) =>
      reject(new Error(`an ingest worker exited (code ${code}) before it finished`)),
    );
    sendNext();
    sendNext();
    if (inFlight === 0) post({ type: "finish" });
  });
}

function startWorker(setup: WorkerSetup): Worker {
  // From TypeScript sources (tests), Node strips the types and the repository's source hook maps
  // `.js` imports to `.ts` and workspace packages to their sources (sources exist only in the repository).
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(fromSource ? "./ingest-worker.ts" : "./ingest-worker.js", import.meta.url);
  const hooks = new URL("../../../../scripts/ts-source-hooks.mjs", import.meta.url).href;
  return new Worker(entry, {
    workerData: setup,
    resourceLimits: {
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB,
    },
    ...(fromSource ? { execArgv: ["--import", hooks] } : {}),
  });
}

/** Per-file summaries and the data-quality log, in input order, from the chunks' outcomes. */
function assembleFiles(options: {
  plan: readonly PlannedFile[];
  adminReports: ReadonlyMap<number, { summary: InputFileSummary; quality: DataQualityLog }>;
  outcomes: readonly ChunkOutcome[];
  result: IngestResult;
}): void {
  const { result } = options;
  const byFile = new Map<number, ChunkOutcome[]>();
  for (const outcome of options.outcomes) {
    const list = byFile.get(outcome.fileIndex) ?? [];
    list.push(outcome);
    byFile.set(outcome.fileIndex, list);
  }
  for (const file of options.plan) {
    if (file.kind === "admin-report") {
      const read = options.adminReports.get(file.fileIndex);
      if (read === undefined) throw new Error(`no outcome for ${file.path}`);
      result.quality.absorb(read.quality);
      result.files.push(read.summary);
      continue;
    }
    const chunks = (byFile.get(file.fileIndex) ?? []).sort(
      (left, right) => left.chunkIndex - right.chunkIndex,
    );
    if (chunks.length !== file.chunks.length) throw new Error(`missing chunk outcomes for ${file.path}`);
    const summary: InputFileSummary = {
      path: file.path,
      format: file.format,
      gzip: chunks[0]?.gzip ?? false,
      bytes: 0,
      lines: 0,
      records: 0,
      bad: 0,
      skipped: 0,
      readError: null,
    };
    for (const chunk of chunks) {
      result.quality.absorb(chunk.quality, { lineOffset: summary.lines });
      summary.bytes += chunk.bytes;
      summary.lines += chunk.lines;
      summary.records += chunk.records;
      summary.bad += chunk.bad;
      summary.skipped += chunk.skipped;
      if (chunk.readError !== null && summary.readError === null) {
        // Only a gzip file (never split) or a failing disk breaks off a read.
        summary.readError = chunk.readError;
        result.quality.readError({
          file: file.path,
          message: chunk.readError,
          recordsRecovered: summary.records,
        });
      }
    }
    result.files.push(summary);
  }
}
