// A child process for the resume test: runs an eval against its own in-process emulator until
// the parent kills it. Usage: node --import scripts/ts-source-hooks.mjs eval-child.ts REQUESTS OUTDIR SEED
import { readFile } from "node:fs/promises";
import { parseRequestLines } from "../requests/request-line.js";
import { runEval } from "../runner/run-eval.js";
import { startEvalEmulator, TIERS } from "./eval-fixture.js";

const [requestsPath, outDir, seed] = process.argv.slice(2);
const { emulator, client } = await startEvalEmulator(Number(seed));
// A little simulated latency so the run lasts long enough to be killed in the middle.
emulator.setLatencyScale(0.01);
const { requests } = parseRequestLines({ text: await readFile(requestsPath!, "utf8") });
await runEval({ client, requests, candidates: TIERS, outDir: outDir!, concurrency: 2, emulatorHints: true });
await emulator.close();
