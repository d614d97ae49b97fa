import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROUTER_FORMAT_VERSION } from "@rightsize/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const POLICY = new URL("../../../../packages/policy/examples/support-pipeline.yaml", import.meta.url)
  .pathname;

let folder: string;
let train: string;
let heldOut: string;

/** Emulator outcomes, as a user makes them: the router example's requests through `rightsize eval run --emulator`. */
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "rightsize-router-cli-"));
  const all = (
    await readFile(new URL("../../../../packages/router/examples/requests.jsonl", import.meta.url), "utf8")
  )
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 600);
  const requests = join(folder, "requests.jsonl");
  await writeFile(requests, `${all.join("\n")}\n`);
  const run = await runCliCaptured([
    "eval",
    "run",
    "--requests",
    requests,
    "--tiers",
    "haiku,sonnet,opus",
    "--policy",
    POLICY,
    "--out",
    join(folder, "eval"),
    "--emulator",
    "--concurrency",
    "16",
    "--json",
  ]);
  expect(run.code, run.stderr).toBe(0);
  const outcomes = (await readFile(join(folder, "eval", "outcomes.jsonl"), "utf8"))
    .split("\n")
    .filter(Boolean);
  expect(outcomes).toHaveLength(600);
  train = join(folder, "train.jsonl");
  heldOut = join(folder, "held-out.jsonl");
  await writeFile(train, `${outcomes.slice(0, 400).join("\n")}\n`);
  await writeFile(heldOut, `${outcomes.slice(400).join("\n")}\n`);
}, 120_000);

const trainArgs = (out: string, seed = "1") => [
  "router",
  "train",
  "--outcomes",
  train,
  "--weak",
  "haiku",
  "--strong",
  "opus",
  "--tiers",
  "haiku,sonnet,opus",
  "--seed",
  seed,
  "--out",
  out,
];

describe("rightsize router", () => {
  it("trains on emulator outcomes and beats random and prompt length on held-out ones", async () => {
    const out = join(folder, "router.json");
    const trained = await runCliCaptured(trainArgs(out));
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/trained on 400 outcomes \(haiku, sonnet, opus; pass rates haiku/);
    const evaluated = await runCliCaptured([
      "router",
      "evaluate",
      "--router",
      out,
      "--outcomes",
      heldOut,
      "--json",
    ]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const evaluation = JSON.parse(evaluated.stdout) as {
      requests: number;
      scorers: { name: string; apgr: number; cpt50: number; at95: { savedShare: number } }[];
    };
    expect(evaluation.requests).toBe(200);
    const figures = Object.fromEntries(evaluation.scorers.map((scorer) => [scorer.name, scorer]));
    expect(figures.random!.apgr).toBeCloseTo(0.5, 6);
    expect(figures.router!.apgr).toBeGreaterThan(0.6);
    expect(figures.router!.apgr).toBeGreaterThan(figures["prompt-length"]!.apgr);
    expect(figures.router!.apgr).toBeLessThanOrEqual(figures.oracle!.apgr);
    expect(figures.router!.cpt50).toBeLessThan(figures.random!.cpt50);
    expect(figures.router!.at95.savedShare).toBeGreaterThan(figures.random!.at95.savedShare);
    const table = await runCliCaptured(["router", "evaluate", "--router", out, "--outcomes", heldOut]);
    expect(table.stdout).toMatch(/scorer\s+APGR\s+CPT\(50%\)\s+CPT\(80%\)/);
    expect(table.stdout).toMatch(/PGR at strong share\s+0%\s+10%/);
  }, 60_000);

  it("is reproducible byte for byte for a seed, and differs for another seed", async () => {
    const [first, second, other] = ["a.json", "b.json", "c.json"].map((name) => join(folder, name));
    for (const [path, seed] of [
      [first, "7"],
      [second, "7"],
      [other, "8"],
    ] as const)
      expect((await runCliCaptured(trainArgs(path!, seed))).code).toBe(0);
    const bytes = await Promise.all([first, second, other].map((path) => readFile(path!, "utf8")));
    expect(bytes[0]).toBe(bytes[1]);
    expect(bytes[0]).not.toBe(bytes[2]);
  }, 60_000);

  it("scores prompt lines and outcome lines as JSONL, with or without a router", async () => {
    const router = join(folder, "router.json");
    const prompts = join(folder, "prompts.jsonl");
    await writeFile(
      prompts,
      [
        JSON.stringify({ id: "easy", prompt: "What is the capital of Italy?" }),
        JSON.stringify({ id: 2, prompt: "Prove that there are infinitely many primes." }),
        "not json",
        (await readFile(heldOut, "utf8")).split("\n")[0],
      ].join("\n"),
    );
    const builtIn = await runCliCaptured(["router", "score", "--prompts", prompts]);
    expect(builtIn.code).toBe(0);
    expect(builtIn.stderr).toContain(`${prompts}:3: skipped: not valid JSON`);
    const lines = builtIn.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual(["easy", "2", "r400"]);
    expect(lines[0]).toMatchObject({ taskType: "question-answering" });
    expect(lines[0]!.score as number).toBeLessThan(0.2);
    expect(lines[1]!.score as number).toBeGreaterThan(0.8);
    const trained = await runCliCaptured(["router", "score", "--router", router, "--prompts", prompts]);
    for (const line of trained.stdout.trim().split("\n")) {
      const value = JSON.parse(line) as { score: number };
      expect(value.score).toBeGreaterThanOrEqual(0);
      expect(value.score).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it("refuses a corrupt router file and one from a newer or an older format, saying which", async () => {
    const router = JSON.parse(await readFile(join(folder, "router.json"), "utf8")) as Record<string, unknown>;
    const cases: [string, string, RegExp][] = [
      ["truncated.json", JSON.stringify(router).slice(0, 500), /not a router file: the JSON does not parse/],
      [
        "newer.json",
        JSON.stringify({ ...router, version: ROUTER_FORMAT_VERSION + 1 }),
        /format version 3 is newer than this build reads \(2\)/,
      ],
      [
        "older.json",
        JSON.stringify({ ...router, version: 1 }),
        /format version 1 is older than this build reads \(2\).*retrain it/,
      ],
      ["other.json", JSON.stringify({ hello: 1 }), /not a router file: "format" must be "rightsize-router"/],
      [
        "bad-weights.json",
        JSON.stringify({
          ...router,
          tiers: [{ name: "haiku", bias: 0, indices: [1, 2], weights: [1] }, (router.tiers as unknown[])[2]],
        }),
        /corrupt router file: tiers\[0\]: indices and weights must have the same length/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const path = join(folder, name);
      await writeFile(path, text);
      const result = await runCliCaptured(["router", "score", "--router", path, "--prompts", train]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(path);
    }
  });

  it("audits a sample with the router as the complexity scorer", async () => {
    const requests = join(folder, "requests.jsonl");
    const router = join(folder, "router.json");
    const args = ["audit", "--input", requests, "--sample", "100", "--json"];
    const withRouter = JSON.parse((await runCliCaptured([...args, "--router", router])).stdout);
    const builtIn = JSON.parse((await runCliCaptured(args)).stdout);
    expect(withRouter.classifiedBy.complexity).toEqual({ router: 100 });
    expect(builtIn.classifiedBy.complexity).toEqual({ scorer: 100 });
    expect(withRouter.classes.complex.requests).not.toBe(builtIn.classes.complex.requests);
  });

  it("tells what is missing from the outcomes", async () => {
    const result = await runCliCaptured([
      "router",
      "train",
      "--outcomes",
      train,
      "--weak",
      "haiku",
      "--strong",
      "gpt",
      "--out",
      join(folder, "x.json"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--outcomes: no outcome for "gpt"/);
  });
});
