/**
 * Emulator throughput beside its anchors, measured in the same run:
 *   1. non-streaming POST /v1/messages per second on loopback, latency simulation off, driven
 *      by autocannon (target: at least 5,000 req/s);
 *   2. the same load against a bare node:http server that only parses the body and writes a
 *      Message-sized answer (the HTTP floor on this machine, right now);
 *   3. the rate one official-SDK client process reaches against the emulator (the SDK's own CPU
 *      cost per call bounds it: that is the client's ceiling, not the emulator's).
 * Prints the rates, the ratios, and server CPU per request (which does not depend on how busy
 * the machine is). Servers, load generator and SDK client each run in their own process.
 *
 *   ./dev node packages/emulator/bench/throughput.bench.ts [--seconds 10] [--connections 32] [--workers 0] [--concurrency 16]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

// Node runs the .ts file directly; the typed import keeps the checker on the same module.
const workload = "./workload.ts";
const { REQUEST_HEADERS, requestBody } = (await import(workload)) as typeof import("./workload.js");

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    concurrency: { type: "string", default: "16" },
    workers: { type: "string", default: "0" },
  },
});
const seconds = Number(values.seconds);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const body = JSON.stringify(requestBody());

interface ServerUsage {
  cpuMicros: number;
  requests: number;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(line));
    child.once("exit", (code) => reject(new Error(`child exited with ${code} before printing`)));
  });
}

function usageOf(server: ChildProcess): Promise<ServerUsage> {
  return new Promise((resolve) => {
    server.once("message", (message) => resolve(message as ServerUsage));
    server.send("usage");
  });
}

async function startServer(script: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [here(script)], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const { url } = JSON.parse(await firstLine(child)) as { url: string };
  return { child, url };
}

/** Drives one server with autocannon; returns req/s, latency and the server's CPU per request. */
async function load(server: { child: ChildProcess; url: string }) {
  const options = {
    url: `${server.url}/v1/messages`,
    method: "POST",
    headers: REQUEST_HEADERS,
    body,
    connections: Number(values.connections),
    // Worker threads help only when the machine has idle cores; 0 keeps the generator in-process.
    ...(Number(values.workers) > 0 ? { workers: Number(values.workers) } : {}),
  };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT-compiled server, open connections
  const before = await usageOf(server.child);
  const result = await autocannon({ ...options, duration: seconds });
  const after = await usageOf(server.child);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`autocannon saw ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / (after.requests - before.requests),
  };
}

const format = (value: number) => Math.round(value).toLocaleString("en-US");

const emulatorServer = await startServer("./serve.ts");
const bareServer = await startServer("./serve-bare.ts");
try {
  const emulator = await load(emulatorServer);
  const bare = await load(bareServer);
  bareServer.child.kill("SIGTERM");

  const client = spawn(
    process.execPath,
    [here("./sdk-client.ts"), emulatorServer.url, String(seconds), values.concurrency],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const sdk = JSON.parse(await firstLine(client)) as {
    requests: number;
    seconds: number;
    cpuMsPerCall: number;
  };
  const sdkRate = sdk.requests / sdk.seconds;

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`emulator throughput: non-streaming POST /v1/messages, latency off, ${seconds}s per measurement`);
  out(
    `(Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end)`,
  );
  out(
    `  emulator (autocannon, ${values.connections} conn)  ${format(emulator.rate).padStart(7)} req/s  p50 ${emulator.p50} ms  p99 ${emulator.p99} ms  server CPU ${format(emulator.cpuMicrosPerRequest)} µs/req`,
  );
  out(
    `  bare node:http (same load)      ${format(bare.rate).padStart(7)} req/s  p50 ${bare.p50} ms  p99 ${bare.p99} ms  server CPU ${format(bare.cpuMicrosPerRequest)} µs/req`,
  );
  out(
    `  one SDK client process          ${format(sdkRate).padStart(7)} req/s  ${values.concurrency} in flight, client CPU ${sdk.cpuMsPerCall.toFixed(2)} ms/call`,
  );
  out(
    `  emulator / SDK client: ${(emulator.rate / sdkRate).toFixed(1)}x   emulator / bare node:http: ${(emulator.rate / bare.rate).toFixed(2)}x`,
  );
  out(`  one free core at the measured server CPU: ~${format(1e6 / emulator.cpuMicrosPerRequest)} req/s`);
  out(`  target >= 5,000 req/s: ${emulator.rate >= 5000 ? "met" : "NOT met"} (measured rate)`);
} finally {
  emulatorServer.child.kill("SIGTERM");
  bareServer.child.kill("SIGTERM");
}
