import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { encodeTraceRequest } from "./otlp-json.js";

/** Options of {@link OtlpFileSpanExporter}. */
export interface OtlpFileSpanExporterOptions {
  /** The file to append to (created with its directory). */
  path: string;
  /** Bytes that may wait in memory for the disk; beyond it a batch is dropped and counted. Default 16 MiB. */
  maxBufferedBytes?: number;
}

/**
 * Appends spans to a file in the OpenTelemetry Collector file-exporter format: one
 * `{"resourceSpans":[...]}` OTLP/JSON object per line, one line per export batch. Writes go
 * through one append stream (buffered by Node); memory is bounded by `maxBufferedBytes`, and a
 * batch that does not fit is dropped and counted rather than queued without limit. `shutdown`
 * and `forceFlush` wait until every accepted line is on disk.
 */
export class OtlpFileSpanExporter implements SpanExporter {
  readonly path: string;
  readonly #maxBufferedBytes: number;
  readonly #stream: WriteStream;
  #pendingBytes = 0;
  #closed = false;
  #writeError: Error | undefined;
  /** Spans dropped because the disk could not keep up or the file failed. */
  droppedSpans = 0;
  /** Spans written (accepted into the stream). */
  writtenSpans = 0;

  constructor(options: OtlpFileSpanExporterOptions) {
    this.path = options.path;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    mkdirSync(dirname(options.path), { recursive: true });
    this.#stream = createWriteStream(options.path, { flags: "a" });
    this.#stream.on("error", (error) => {
      this.#writeError = error;
    });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#closed || this.#writeError !== undefined) {
      this.droppedSpans += spans.length;
      resultCallback({
        code: ExportResultCode.FAILED,
        error: this.#writeError ?? new Error("exporter shut down"),
      });
      return;
    }
    const line = `${JSON.stringify(encodeTraceRequest(spans))}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.#pendingBytes + bytes > this.#maxBufferedBytes) {
      this.droppedSpans += spans.length;
      resultCallback({ code: ExportResultCode.FAILED, error: new Error("file exporter buffer full") });
      return;
    }
    this.#pendingBytes += bytes;
    this.writtenSpans += spans.length;
    // Report success once accepted: the line is in order in the stream; disk errors after this
    // point are surfaced by forceFlush/shutdown.
    this.#stream.write(line, () => {
      this.#pendingBytes -= bytes;
    });
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Resolves when every accepted line has reached the file. */
  forceFlush(): Promise<void> {
    if (this.#pendingBytes === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // An empty write's callback runs after every earlier write has been flushed.
      this.#stream.write("", (error) => (error ? reject(error) : resolve()));
    });
  }

  shutdown(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve, reject) => {
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
