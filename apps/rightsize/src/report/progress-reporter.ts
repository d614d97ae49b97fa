import cliProgress from "cli-progress";

/** Progress of the ingest as the baseline package reports it. */
export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
}

/** What was read and how fast, for the closing summary. */
export interface Throughput {
  records: number;
  bytes: number;
  seconds: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
}

export interface ProgressReporter {
  update(progress: ReadProgress): void;
  /** Names the step after reading ("Replaying", "Rendering PDF") on the bar. */
  stage(name: string): void;
  stop(): void;
  throughput(): Throughput;
}

/**
 * A progress bar on stderr with throughput (records/s, MB/s), shown only on a terminal so
 * logs and pipes stay clean; the throughput is measured either way for the closing summary.
 */
export function createProgressReporter(options: {
  stream: NodeJS.WriteStream;
  enabled?: boolean;
  now?: () => number;
}): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let last: ReadProgress = { bytesRead: 0, totalBytes: 0, records: 0 };
  let readSeconds: number | undefined;
  const enabled = options.enabled ?? options.stream.isTTY === true;
  const bar = enabled
    ? new cliProgress.SingleBar(
        {
          stream: options.stream,
          format:
            "{stage} [{bar}] {percentage}% | {records} records | {recordRate} rec/s | {byteRate} MB/s | ETA {eta_formatted}",
          barsize: 28,
          hideCursor: true,
          clearOnComplete: true,
          fps: 8,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let barStarted = false;

  const measure = (): Throughput => {
    const seconds = Math.max(readSeconds ?? (now() - started) / 1000, 1e-9);
    return {
      records: last.records,
      bytes: last.bytesRead,
      seconds,
      recordsPerSecond: last.records / seconds,
      megabytesPerSecond: last.bytesRead / 1e6 / seconds,
    };
  };
  const payload = (stage: string) => {
    const rate = measure();
    return {
      stage,
      records: last.records.toLocaleString("en-US"),
      recordRate: Math.round(rate.recordsPerSecond).toLocaleString("en-US"),
      byteRate: rate.megabytesPerSecond.toFixed(1),
    };
  };

  return {
    update(progress) {
      last = progress;
      if (!bar) return;
      if (!barStarted) {
        bar.start(Math.max(progress.totalBytes, 1), progress.bytesRead, payload("Reading"));
        barStarted = true;
      } else {
        bar.update(progress.bytesRead, payload("Reading"));
      }
    },
    stage(name) {
      readSeconds ??= (now() - started) / 1000;
      if (bar && barStarted) bar.update(Math.max(last.totalBytes, 1), payload(name));
    },
    stop() {
      readSeconds ??= (now() - started) / 1000;
      if (bar && barStarted) bar.stop();
      barStarted = false;
    },
    throughput: measure,
  };
}
