import { resolve } from "node:path";
import { defaultPolicy, loadPolicyFile, type Policy } from "@rightsize/policy";
import { type Command, InvalidArgumentError } from "commander";
import { printJson } from "../output.js";
import { runSimulation, type SimulationOptions, type SimulationResult } from "../simulate/run-simulation.js";
import {
  DEFAULT_WORKLOAD_PATH,
  loadWorkloadFile,
  parseWorkload,
  type Workload,
} from "../simulate/workload-schema.js";

export interface SimulateCommandOptions {
  workload?: string;
  policy?: string;
  days?: number;
  requestsPerDay?: number;
  out: string;
  concurrency?: number;
  json?: boolean;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${text}"`);
  return value;
}

/** The workload file with the command-line scale applied. */
export async function workloadFromOptions(
  options: Pick<SimulateCommandOptions, "workload" | "days" | "requestsPerDay">,
): Promise<Workload> {
  const workload = await loadWorkloadFile(options.workload ?? DEFAULT_WORKLOAD_PATH);
  return parseWorkload({
    ...workload,
    period: { ...workload.period, days: options.days ?? workload.period.days },
    requestsPerDay: options.requestsPerDay ?? workload.requestsPerDay,
  });
}

export async function policyFromOption(path: string | undefined): Promise<Policy> {
  return path === undefined ? defaultPolicy() : loadPolicyFile(path);
}

/** Plays the workload through "before" and "after" runs; progress on stderr when it is a terminal. */
export async function simulate(
  options: SimulateCommandOptions & Pick<SimulationOptions, "prepareAfter">,
): Promise<SimulationResult> {
  const workload = await workloadFromOptions(options);
  const policy = await policyFromOption(options.policy);
  const interactive = process.stderr.isTTY === true;
  const started = performance.now();
  return runSimulation({
    workload,
    policy,
    outDir: resolve(options.out),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.prepareAfter ? { prepareAfter: options.prepareAfter } : {}),
    onProgress(progress) {
      if (!interactive && progress.day !== progress.days) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `simulate: ${progress.run} run, day ${progress.day}/${progress.days} (${seconds}s)`;
      process.stderr.write(
        interactive ? `\r${line}\u001b[K${progress.day === progress.days ? "\n" : ""}` : `${line}\n`,
      );
    },
  });
}

/** Plain-text summary of a simulation. */
export function formatSimulation(result: SimulationResult): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const models = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([model, count]) => `${model} ${count}`)
      .join(", ");
  const scale =
    result.sampleRate > 1
      ? [
          `sample: each simulated request stands for ${result.sampleRate} (SampleRate on every span): ` +
            `${result.before.requests.toLocaleString("en-US")} simulated requests represent ${(result.before.requests * result.sampleRate).toLocaleString("en-US")}`,
        ]
      : [];
  return [
    `workload ${result.workload}: ${result.period.days} days from ${result.period.start}, baseline ${result.baselineModel}`,
    ...scale,
    `before: ${result.before.requests} requests (${result.before.failed} failed) on ${models(result.before.answersByModel)}`,
    `after:  ${result.after.requests} requests (${result.after.failed} failed) under ${result.policy.name} ${result.policy.version}: ${models(result.after.answersByModel)}`,
    `        ${result.after.routing.batch} in batch, ${result.after.routing.escalated} escalated, ${result.after.routing.overridden} moved up by feedback`,
    `quality (emulator ground truth): before ${percent(result.quality.before)}, after ${percent(result.quality.after)}, tolerance ${percent(result.quality.tolerance)}: ${result.quality.held ? "held" : "NOT held"}`,
    `spans: ${result.files.before}, ${result.files.after}`,
  ].join("\n");
}

export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description(
      "play a simulated enterprise workload against the emulator, before and after the policy, recording spans",
    )
    .option("--workload <file>", "workload YAML (default: the bundled enterprise mix)")
    .option("--policy <file>", "policy for the after run (default: the bundled default policy)")
    .option("--days <n>", "days to simulate (default: the workload's period)", positiveInteger)
    .option("--requests-per-day <n>", "weekday requests at the start of the period", positiveInteger)
    .option("--out <dir>", "output directory", "out")
    .option("--concurrency <n>", "realtime requests in flight per run", positiveInteger)
    .option("--json", "print the summary as JSON")
    .action(async (options: SimulateCommandOptions) => {
      const result = await simulate(options);
      if (options.json) printJson(result);
      else process.stdout.write(`${formatSimulation(result)}\n`);
      if (!result.quality.held) process.exitCode = 1;
    });
}
