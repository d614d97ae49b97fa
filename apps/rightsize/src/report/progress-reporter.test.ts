import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgressReporter } from "./progress-reporter.js";

function fakeStream(isTTY: boolean) {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  Object.assign(stream, {
    isTTY,
    columns: 160,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, chunks };
}

describe("createProgressReporter", () => {
  it("draws nothing when stderr is not a terminal, but still measures throughput", () => {
    const { stream, chunks } = fakeStream(false);
    let clock = 0;
    const reporter = createProgressReporter({ stream, now: () => clock });
    reporter.update({ bytesRead: 0, totalBytes: 4_000_000, records: 0 });
    clock = 2000;
    reporter.update({ bytesRead: 4_000_000, totalBytes: 4_000_000, records: 10_000 });
    reporter.stage("Replaying");
    clock = 9000;
    reporter.stop();
    expect(chunks.join("")).toBe("");
    const rate = reporter.throughput();
    // Throughput covers the reading only, not the later stages.
    expect(rate.seconds).toBe(2);
    expect(rate.recordsPerSecond).toBe(5000);
    expect(rate.megabytesPerSecond).toBe(2);
  });

  it("draws a bar with records/s and MB/s on a terminal", () => {
    const { stream, chunks } = fakeStream(true);
    let clock = 0;
    const reporter = createProgressReporter({ stream, now: () => clock });
    reporter.update({ bytesRead: 0, totalBytes: 2_000_000, records: 0 });
    clock = 1000;
    reporter.update({ bytesRead: 1_000_000, totalBytes: 2_000_000, records: 3000 });
    reporter.stage("Rendering PDF");
    reporter.stop();
    const output = chunks.join("");
    expect(output).toContain("Reading");
    expect(output).toMatch(/rec\/s/);
    expect(output).toMatch(/MB\/s/);
  });
});
