/**
 * The benchmark's server process: starts the emulator (latency off) on a free loopback port and
 * prints {"url": ...} on stdout; answers an IPC "usage" message with its CPU time and request
 * count (so the benchmark can report server CPU per request); runs until SIGTERM.
 */
import "../../../scripts/ts-source-hooks.mjs";

const { startEmulator } = (await import("@rightsize/emulator")) as typeof import("@rightsize/emulator");

const emulator = await startEmulator({ seed: 1, latencyScale: 0 });
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.on("message", () => {
  const cpu = process.cpuUsage();
  process.send?.({ cpuMicros: cpu.user + cpu.system, requests: emulator.stats().requests.total });
});
process.on("SIGTERM", () => {
  void emulator.close().then(() => process.exit(0));
});
