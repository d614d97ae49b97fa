import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { checkPolicyVersion } from "../check-policy-version.js";
import { deriveFacts } from "../client/derive-facts.js";
import { createRoutedClient } from "../client/routed-client.js";
import { defaultPolicy } from "../default-policy.js";
import { parsePolicy } from "../parse-policy.js";
import { PolicyError } from "../policy-error.js";
import { createComplexityRouter, loadRouterFileSync } from "./complexity-router.js";
import { ROUTER_DENSE_FEATURES } from "./router-features.js";
import { parseRouterFile, ROUTER_FORMAT_VERSION, type RouterFile } from "./router-file.js";
import { routerScoreFunction } from "./router-score.js";

const BUCKETS = 256;
const dense = (name: string) => BUCKETS + ROUTER_DENSE_FEATURES.indexOf(name as never);

/** A hand-made router: haiku passes unless the prompt is demanding; opus nearly always passes. */
const FILE: RouterFile = {
  format: "rightsize-router",
  version: ROUTER_FORMAT_VERSION,
  buckets: BUCKETS,
  denseFeatures: [...ROUTER_DENSE_FEATURES],
  weak: "haiku",
  strong: "opus",
  tiers: [
    {
      name: "haiku",
      bias: 2,
      indices: [dense("scorer.reasoning"), dense("scorer.demanding")],
      weights: [-4, -6],
    },
    { name: "opus", bias: 4, indices: [], weights: [] },
  ],
};
const user = (content: string) => ({ messages: [{ role: "user", content }] });
const folder = mkdtempSync(join(tmpdir(), "rightsize-router-"));
const write = (name: string, value: unknown) => {
  const path = join(folder, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
};

describe("a router file as the complexity scorer", () => {
  it("scores P(the cheap tier fails) and each tier's pass probability", () => {
    const router = createComplexityRouter(FILE);
    const easy = router.score(user("What is the capital of Italy?")).score;
    const hard = router.score(
      user("Prove rigorously that there are infinitely many primes; justify each step."),
    ).score;
    expect(easy).toBeLessThan(0.2);
    expect(hard).toBeGreaterThan(0.5);
    expect(router.score("What is the capital of Italy?").score).toBeCloseTo(easy, 12);
    const pass = router.passProbabilities({ prompt: "What is the capital of Italy?" });
    expect(pass.haiku).toBeCloseTo(1 - easy, 12);
    expect(pass.opus).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
    expect(router.tiers).toEqual(["haiku", "opus"]);
  });

  it("never reads the emulator's inline hint (the answer key of an emulator eval)", () => {
    const router = createComplexityRouter({
      ...FILE,
      tiers: [
        { name: "haiku", bias: 0, indices: [...Array(BUCKETS).keys()], weights: Array(BUCKETS).fill(1) },
        FILE.tiers[1]!,
      ],
    });
    const plain = router.score("Label this ticket.").score;
    expect(
      router.score("[[emulator task=classification difficulty=0.9]]Label this ticket.").score,
    ).toBeCloseTo(plain, 12);
  });

  it("refuses a corrupt file, a newer format and other features, saying what and where", () => {
    const refuse = (text: string) => () => parseRouterFile({ text, origin: "r.json" });
    expect(refuse("{")).toThrow(/^r\.json: not a router file: the JSON does not parse/);
    expect(refuse(JSON.stringify({ ...FILE, version: ROUTER_FORMAT_VERSION + 1 }))).toThrow(
      /^r\.json: router file format version 3 is newer than this build reads \(2\)/,
    );
    // Version 1 weighed the features of the two-pass extraction: refused, naming both versions.
    expect(refuse(JSON.stringify({ ...FILE, version: 1 }))).toThrow(
      /^r\.json: router file format version 1 is older than this build reads \(2\).*retrain it with `rightsize router train`/,
    );
    expect(refuse(JSON.stringify({ ...FILE, buckets: 300 }))).toThrow(
      /corrupt router file: buckets: must be a power of two/,
    );
    expect(refuse(JSON.stringify({ ...FILE, weak: "sonnet" }))).toThrow(
      /weak: "sonnet" is not one of the tiers/,
    );
    expect(
      refuse(
        JSON.stringify({
          ...FILE,
          tiers: [{ ...FILE.tiers[0]!, indices: [5000], weights: [1] }, FILE.tiers[1]],
        }),
      ),
    ).toThrow(/tiers\[0\]\.indices\[0\]: must ascend and stay below/);
    const renamed = FILE.denseFeatures.map((name, index) => (index === 0 ? "scorer.other" : name));
    expect(refuse(JSON.stringify({ ...FILE, denseFeatures: renamed }))).toThrow(/trained on other features/);
    try {
      loadRouterFileSync(write("bad.json", "{"));
    } catch (error) {
      expect(PolicyError.isInstance(error) && error.code).toBe("invalid_router");
    }
  });

  it("is the routed client's scorer from the `router` option or the policy's `router` field", async () => {
    const path = write("router.json", FILE);
    const params = {
      model: "claude-opus-4-7",
      max_tokens: 100,
      messages: [{ role: "user" as const, content: "Prove the lemma rigorously; justify each step." }],
    };
    const fromOption = routerScoreFunction({ router: path, policy: defaultPolicy });
    const facts = await deriveFacts({ params, score: fromOption });
    expect(facts.complexity).toBeCloseTo(createComplexityRouter(FILE).score(params).score, 12);
    const { policy } = parsePolicy({
      source: JSON.stringify({ ...defaultPolicy(), router: path }),
      format: "json",
    }) as {
      policy: ReturnType<typeof defaultPolicy>;
    };
    expect(policy.router).toBe(path);
    let serving = policy;
    const fromPolicy = routerScoreFunction({ router: undefined, policy: () => serving });
    expect(fromPolicy(params).score).toBeCloseTo(facts.complexity!, 12);
    // A hot reload naming a file that will not load: the built-in scorer stands in.
    serving = { ...policy, router: write("broken.json", "{") };
    expect(fromPolicy(params).score).toBeGreaterThan(0);
    // A client built with a broken router is refused at construction, naming the file.
    const client = new Anthropic({ apiKey: "k", baseURL: "http://127.0.0.1:9" });
    expect(() =>
      createRoutedClient({ client, policy: defaultPolicy(), router: join(folder, "broken.json") }),
    ).toThrow(/broken\.json: not a router file/);
  });

  it("refuses a policy version whose router file will not load, before it can serve", () => {
    const version = (router: string) => ({
      source: JSON.stringify({ ...defaultPolicy(), router }),
      format: "json" as const,
    });
    expect(checkPolicyVersion(version(write("good.json", FILE))).ok).toBe(true);
    for (const router of [write("broken.json", "{"), join(folder, "missing.json")]) {
      const result = checkPolicyVersion(version(router));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe("trial_failed");
      expect(result.error.issues[0]).toMatchObject({ path: "router" });
      expect(result.error.issues[0]!.message).toContain(router);
    }
  });
});
