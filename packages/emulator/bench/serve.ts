/**
 * The benchmark's server process: starts the emulator (latency off) on a free loopback port and
 * prints {"url": ...} on stdout; answers an IPC "usage" message with its CPU time and request
 * count (so the benchmark can report server CPU per request); runs until SIGTERM.
 */
import "./source-hooks.ts";

const entry = "../src/index.ts";
const { startEmulator } = (await import(entry)) as typeof import("../src/index.js");

const emulator = await startEmulator({ seed: 1, latencyScale: 0 });
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.on("message", () => {
  const cpu = process.cpuUsage();
  process.send?.({ cpuMicros: cpu.user + cpu.system, requests: emulator.stats().requests.total });
});
process.on("SIGTERM", () => {
  void emulator.close().then(() => process.exit(0));
});
