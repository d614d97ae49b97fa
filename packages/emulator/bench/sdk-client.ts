/**
 * One SDK client process: keeps `concurrency` messages.create calls in flight against URL for
 * `seconds`, then prints {"requests", "seconds", "cpuMsPerCall"} on stdout.
 *
 *   node sdk-client.ts URL SECONDS CONCURRENCY
 */
import Anthropic from "@anthropic-ai/sdk";

// Node runs the .ts file directly; the typed import keeps the checker on the same module.
const workload = "./workload.ts";
const { requestBody } = (await import(workload)) as typeof import("./workload.js");

const [url, secondsText, concurrencyText] = process.argv.slice(2);
const seconds = Number(secondsText ?? 5);
const concurrency = Number(concurrencyText ?? 16);
const client = new Anthropic({ apiKey: "bench", baseURL: url, maxRetries: 0 });
const body = requestBody();

// Warm up (JIT, connection pool) before measuring.
for (let index = 0; index < 200; index++) await client.messages.create(body);

let requests = 0;
const deadline = performance.now() + seconds * 1000;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await client.messages.create(body);
      requests++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / requests;
process.stdout.write(`${JSON.stringify({ requests, seconds: elapsed, cpuMsPerCall })}\n`);
