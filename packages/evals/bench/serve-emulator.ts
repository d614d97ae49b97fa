/**
 * The benchmark's server process: the emulator (latency off) on a free loopback port; prints
 * {"url"} on stdout and answers an IPC message with its CPU time; runs until SIGTERM.
 */
import "../src/test-support/source-hooks.mjs";

const entry = "@rightsize/emulator";
const { startEmulator } = (await import(entry)) as typeof import("@rightsize/emulator");

const emulator = await startEmulator({ seed: 1, latencyScale: 0 });
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.on("message", () => {
  const cpu = process.cpuUsage();
  process.send?.({ cpuMicros: cpu.user + cpu.system });
});
process.on("SIGTERM", () => {
  void emulator.close().then(() => process.exit(0));
});
