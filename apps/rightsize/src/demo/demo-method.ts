import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createContinuousEval,
  describeChange,
  type EvalRunResult,
  type RegressionAlert,
} from "@rightsize/evals";
import { defaultPolicy, loadPolicyFile, type Policy } from "@rightsize/policy";
import { stringify } from "yaml";
import type { TaskMix } from "../audit/task-mix.js";
import type { AfterRunPlan, SimulationOptions } from "../simulate/run-simulation.js";
import { createSeededRandom } from "../simulate/seeded-random.js";
import type { Workload } from "../simulate/workload-schema.js";
import {
  auditBefore,
  demoGraders,
  evalSample,
  evalSampleOnTiers,
  recommendFromEval,
} from "./evidence-loop.js";

/** What each step of the method produced, for the report and the printout. */
export interface DemoEvidence {
  audit: TaskMix;
  eval: EvalRunResult;
  evalRequests: number;
  changes: string[];
  recommendedPolicy: { path: string; policy: Policy };
  continuous: { sample: number; verdicts: number; costPico: bigint; alerts: RegressionAlert[] };
}

/**
 * The method between the demo's two runs: audit the before traffic, shadow-eval a sample of it on
 * every tier, write the policy the evidence recommends, and hand the after run that policy with
 * the continuous shadow eval on (a `shadowSample` share of each task type's answers).
 */
export function demoMethod(options: {
  workload: Workload;
  policyPath: string | undefined;
  outDir: string;
  evalSamplePerTask: number;
  shadowSample: number;
  log: (line: string) => void;
}): { prepareAfter: NonNullable<SimulationOptions["prepareAfter"]>; evidence: () => DemoEvidence } {
  let evidence: DemoEvidence | undefined;
  const prepareAfter = async (before: { files: { before: string } }): Promise<AfterRunPlan> => {
    const { workload, outDir, log } = options;
    const audit = await auditBefore({ spans: before.files.before, outDir });
    log(`audit: ${audit.ruleOfThumb.statement}`);
    const current = await currentPolicy(options.policyPath);
    const requests = evalSample(workload, options.evalSamplePerTask);
    const evalDir = join(outDir, "eval");
    await mkdir(evalDir, { recursive: true });
    log(`eval: ${requests.length} sampled requests on every tier, judged (emulator)`);
    const evaluated = await evalSampleOnTiers({
      workload,
      policy: current.policy,
      requests,
      outDir: evalDir,
    });
    const recommended = recommendFromEval({
      source: current.text,
      policy: current.policy,
      summary: evaluated.summary,
      origin: "recommended-policy.yaml",
    });
    const path = join(outDir, "recommended-policy.yaml");
    await writeFile(path, recommended.text);
    const changes = recommended.recommendation.changes.map(describeChange);
    for (const change of changes) log(`recommend: ${change}`);
    const continuous: DemoEvidence["continuous"] = {
      sample: options.shadowSample,
      verdicts: 0,
      costPico: 0n,
      alerts: [],
    };
    evidence = {
      audit,
      eval: evaluated,
      evalRequests: requests.length,
      changes,
      recommendedPolicy: { path, policy: recommended.policy },
      continuous,
    };
    return {
      policy: recommended.policy,
      shadowEval: async ({ feedback, tracerProvider, now }) => {
        const shadowEval = await createContinuousEval({
          feedback,
          sample: options.shadowSample,
          tasks: demoGraders(workload).tasks,
          emulator: true,
          // Seeded: the same workload samples the same answers, run after run.
          random: createSeededRandom(workload.seed ^ 0x5eed).next,
          tracerProvider,
          now,
          onVerdict: (verdict) => {
            continuous.costPico += verdict.costPico;
            if (verdict.grade) continuous.verdicts++;
          },
          onRegression: (alert) => {
            continuous.alerts.push(alert);
            log(
              `monitor: ${alert.message}${alert.override ? ` -> escalated to ${alert.override.toTier}` : ""}`,
            );
          },
        });
        return shadowEval;
      },
    };
  };
  return {
    prepareAfter,
    evidence: () => {
      if (!evidence) throw new Error("demo: the method ran no steps (the before run did not finish)");
      return evidence;
    },
  };
}

/** The policy the demo starts from, as text (the recommendation edits it) and validated. */
async function currentPolicy(path: string | undefined): Promise<{ text: string; policy: Policy }> {
  if (path === undefined) {
    const policy = defaultPolicy();
    // As written, not as validated: a filled-in default `monitoring` would read as a choice.
    const { monitoring: _monitoring, ...written } = policy;
    return { text: stringify(written), policy };
  }
  return { text: await readFile(path, "utf8"), policy: await loadPolicyFile(path) };
}
