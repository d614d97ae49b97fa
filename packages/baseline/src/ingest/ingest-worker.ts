/**
 * Entry point of an ingest worker thread (see collect-usage.ts). It reads the chunks it is sent
 * into one CohortCollector of its own, answers each with its ChunkOutcome, streams progress,
 * and on "finish" sends what it collected. Chunks are read one after another, in arrival order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CohortCollector } from "../cohort-collector.js";
import { ingestChunk } from "./ingest-chunk.js";
import type { ToWorker, WorkerSetup } from "./worker-messages.js";
import { countingSink, postToMain } from "./worker-messages.js";

if (parentPort === null) throw new Error("ingest-worker.ts runs as a worker thread only");
const port = parentPort;
const setup = workerData as WorkerSetup;
const collector = new CohortCollector(setup.period ? { period: setup.period } : {});
const sink = countingSink(collector);
let queue: Promise<void> = Promise.resolve();

port.on("message", (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "chunk": {
      let bytesPosted = 0;
      const outcome = await ingestChunk({
        chunk: message.chunk,
        sink,
        onBytes: (bytes) => {
          postToMain(port, { type: "progress", bytes: bytes - bytesPosted, records: sink.take() });
          bytesPosted = bytes;
        },
      });
      postToMain(port, { type: "progress", bytes: 0, records: sink.take() });
      postToMain(port, { type: "chunk-done", outcome });
      return;
    }
    case "finish":
      postToMain(port, { type: "collected", usage: collector.collected() });
      return;
  }
}
