import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport, type ReportFigures } from "@rightsize/baseline";
import { defaultPolicy } from "@rightsize/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { runSimulation, type SimulationResult } from "../simulate/run-simulation.js";
import { DEFAULT_WORKLOAD_PATH, loadWorkloadFile, parseWorkload } from "../simulate/workload-schema.js";
import { type DemoEvidence, demoMethod } from "./demo-method.js";

let simulation: SimulationResult;
let evidence: DemoEvidence;
let figures: ReportFigures;

beforeAll(async () => {
  const outDir = await mkdtemp(join(tmpdir(), "rightsize-demo-method-"));
  const raw = await loadWorkloadFile(DEFAULT_WORKLOAD_PATH);
  const workload = parseWorkload({ ...raw, period: { ...raw.period, days: 3 }, requestsPerDay: 80 });
  const method = demoMethod({
    workload,
    policyPath: undefined,
    outDir,
    evalSamplePerTask: 40,
    shadowSample: 0.5,
    log: () => {},
  });
  simulation = await runSimulation({
    workload,
    policy: defaultPolicy(),
    outDir,
    prepareAfter: method.prepareAfter,
  });
  evidence = method.evidence();
  figures = await buildReport({
    inputs: [simulation.files.before],
    measured: [simulation.files.after],
    period: "2026-07-01..2026-07-03",
    policy: evidence.recommendedPolicy.policy,
    baselineModel: workload.baselineModel,
    evalResults: evidence.eval.summary,
  });
}, 120_000);

describe("the demo follows the method", () => {
  it("audits the before traffic from its spans, with a routine share to state", () => {
    expect(evidence.audit.sampled).toBeGreaterThan(100);
    expect(evidence.audit.routine.share).not.toBeNull();
    expect(evidence.audit.classifiedBy.complexity.recorded).toBe(evidence.audit.sampled);
  });

  it("writes the policy the eval recommends and runs the after quarter under it", () => {
    const summary = evidence.eval.summary;
    expect(evidence.eval.errors).toEqual([]);
    expect(simulation.policy.version).toBe(evidence.recommendedPolicy.policy.version);
    // Every task type the eval cleared on a tier is routed there by the new policy (the evidence wrote the map).
    const cleared = summary.tasks.filter((task) => task.recommended.cleared);
    expect(cleared.length).toBeGreaterThan(0);
    for (const task of cleared) {
      const rule = evidence.recommendedPolicy.policy.routing.find((candidate) =>
        JSON.stringify(candidate.when).includes(`"${task.taskType}"`),
      );
      expect(rule && "tier" in rule ? rule.tier : undefined, task.taskType).toBe(task.recommended.tier);
    }
    expect(evidence.recommendedPolicy.policy.monitoring.escalate).toBe("all");
  });

  it("runs the continuous shadow eval in the after run; the report reads its verdicts and cost exactly", () => {
    const qa = figures.measured?.qualityAssurance;
    expect(evidence.continuous.verdicts).toBeGreaterThan(10);
    expect(qa?.verdicts).toBe(evidence.continuous.verdicts);
    // The after run is a labelled sample: each verdict's spend stands for SampleRate verdicts' spend.
    expect(BigInt(qa?.cost.pico ?? "0")).toBe(evidence.continuous.costPico * BigInt(simulation.sampleRate));
    expect(evidence.continuous.costPico).toBeGreaterThan(0n);
    expect(qa?.byTaskWeek.length).toBeGreaterThan(0);
  });

  it("gives every evaluated task type its eval evidence in the report (no 'no evals' row)", () => {
    const evaluated = new Set(evidence.eval.summary.tasks.map((task) => task.taskType));
    for (const task of figures.tasks) {
      if (!evaluated.has(task.taskType)) continue;
      expect(task.evidence.evalSamples, task.taskType).toBeGreaterThan(0);
      expect(task.evidence.evalRecommendation, task.taskType).toBeTruthy();
    }
  });
});
