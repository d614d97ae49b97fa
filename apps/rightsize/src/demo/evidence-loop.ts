import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { startEmulator } from "@rightsize/emulator";
import {
  type EvalRequest,
  type EvalRunResult,
  type GradersFile,
  type PolicyRecommendation,
  parseGradersFile,
  recommendPolicy,
  runEval,
} from "@rightsize/evals";
import { checkPolicyVersion, type Policy } from "@rightsize/policy";
import { parseDocument } from "yaml";
import { sampleRequests } from "../audit/audit-sources.js";
import { auditTaskMix, type TaskMix } from "../audit/task-mix.js";
import { CliError, CliErrorCode } from "../cli-error.js";
import { policyTiers } from "../evals/policy-tiers.js";
import { generateWorkload } from "../simulate/workload-generator.js";
import type { Workload } from "../simulate/workload-schema.js";

/** The rubric of the demo's judge: the simulated prompts carry no reference answers. */
export const DEMO_RUBRIC =
  "The answer does what the task asks, correctly and completely, in the format the instructions ask for.";

/**
 * The demo team's quality bars: the pass rate a tier's Wilson lower bound must reach. Routine
 * work must hold 90%; drafting and analysis 85%; expert work (code, reviews) 60%, where even the
 * strongest tier is often judged short. Task types not listed get the policy's tolerance rule.
 */
export const DEMO_BARS: Readonly<Record<string, number>> = {
  classification: 0.9,
  extraction: 0.9,
  detection: 0.9,
  "short-answer": 0.9,
  summarization: 0.9,
  drafting: 0.85,
  analysis: 0.85,
  "code-generation": 0.6,
  "architecture-review": 0.6,
  "legal-review": 0.6,
};

/** The demo's graders file: a judge for every task type of the workload, with the team's bars. */
export function demoGraders(workload: Workload): GradersFile {
  const tasks = Object.fromEntries(
    Object.keys(workload.taskTypes).map((taskType) => [
      taskType,
      {
        grader: { type: "judge", rubric: DEMO_RUBRIC },
        ...(DEMO_BARS[taskType] === undefined ? {} : { bar: DEMO_BARS[taskType] }),
      },
    ]),
  );
  return parseGradersFile({ source: { tasks }, origin: "demo graders" });
}

/** Step 1: the task mix of the before traffic, from its spans (seeded sample). */
export async function auditBefore(options: {
  spans: string;
  outDir: string;
  size?: number;
}): Promise<TaskMix> {
  const sampled = await sampleRequests({ paths: [options.spans], size: options.size ?? 1_000, seed: 1 });
  const mix = auditTaskMix({ ...sampled, seed: 1, complexAt: 0.5 });
  await writeFile(join(options.outDir, "audit.json"), `${JSON.stringify(mix, null, 2)}\n`);
  return mix;
}

/**
 * A seeded sample of the workload's own requests, `perTask` of each task type spread over the
 * quarter, as eval request lines (the baseline model named; the eval swaps in each candidate).
 */
export function evalSample(workload: Workload, perTask: number): EvalRequest[] {
  const wanted = new Map(Object.keys(workload.taskTypes).map((taskType) => [taskType, perTask]));
  const sample: EvalRequest[] = [];
  // About one request in `stride` is taken, so the sample spans the period instead of its first days.
  const stride = Math.max(1, Math.floor((workload.requestsPerDay * workload.period.days) / (perTask * 12)));
  let seen = 0;
  for (const day of generateWorkload(workload)) {
    for (const request of day) {
      if (seen++ % stride !== 0) continue;
      const left = wanted.get(request.taskType) ?? 0;
      if (left === 0) continue;
      wanted.set(request.taskType, left - 1);
      sample.push({
        line: sample.length + 1,
        id: request.id,
        taskType: request.taskType,
        request: {
          model: workload.baselineModel,
          max_tokens: request.requestedMaxTokens,
          system: request.system,
          messages: [{ role: "user", content: request.userText }],
        },
      });
    }
  }
  return sample;
}

/** Step 2: the shadow eval of the sample on every tier of the policy, against its own emulator. */
export async function evalSampleOnTiers(options: {
  workload: Workload;
  policy: Policy;
  requests: readonly EvalRequest[];
  outDir: string;
}): Promise<EvalRunResult> {
  const emulator = await startEmulator({ seed: options.workload.seed });
  try {
    const tiers = policyTiers(options.policy);
    return await runEval({
      client: new Anthropic({ apiKey: "emulator", baseURL: emulator.url }),
      requests: options.requests,
      candidates: tiers.tiers,
      outDir: options.outDir,
      graders: demoGraders(options.workload),
      qualityTolerance: options.policy.qualityTolerance,
      resolveKey: tiers.resolveKey,
      concurrency: 16,
      // The judge runs on the middle tier: capable on these tasks, and half an Opus judge's price.
      judgeModel: tiers.tiers[Math.min(1, tiers.tiers.length - 1)]?.model ?? tiers.tiers[0]!.model,
      emulatorHints: true,
      includePrompt: false,
    });
  } finally {
    await emulator.close();
  }
}

/**
 * Step 3: the policy the evidence writes: the current policy's task-to-tier map moved to what the
 * eval recommends (reasons carrying n, pass rate and bound), with the continuous shadow eval's
 * escalation on for every task type, checked as `rightsize policy check` checks it.
 */
export function recommendFromEval(options: {
  source: string;
  policy: Policy;
  summary: EvalRunResult["summary"];
  origin: string;
}): { recommendation: PolicyRecommendation; text: string; policy: Policy } {
  const tiers = policyTiers(options.policy);
  const recommendation = recommendPolicy({
    source: options.source,
    format: "yaml",
    summary: options.summary,
    tiers: tiers.tiers.map((tier) => tier.key),
    tierOfModel: tiers.tierOfModel,
    currentTier: tiers.currentTier,
  });
  const document = parseDocument(recommendation.text);
  if (!document.hasIn(["monitoring", "escalate"])) document.setIn(["monitoring", "escalate"], "all");
  const text = document.toString();
  const checked = checkPolicyVersion({ source: text, format: "yaml", origin: options.origin });
  if (!checked.ok)
    throw new CliError({
      code: CliErrorCode.commandFailed,
      message: `demo: the recommended policy does not validate: ${checked.error.message}`,
    });
  return { recommendation, text, policy: checked.policy };
}
