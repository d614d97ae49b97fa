import { describe, expect, it } from "vitest";
import { createFeedbackLoop } from "./feedback-loop.js";
import type { FeedbackEvent } from "./tier-override.js";

function setup(options: { mode?: "auto" | "review" } = {}) {
  let clock = 1_000_000;
  const events: FeedbackEvent[] = [];
  const loop = createFeedbackLoop({
    tiers: ["haiku", "sonnet", "opus"],
    threshold: 0.25,
    minSamples: 8,
    windowSize: 20,
    windowMs: 60_000,
    now: () => clock,
    ...options,
  });
  loop.subscribe((event) => events.push(event));
  const record = (index: number, taskType = "classification", tier = "haiku") =>
    loop.recordRequest({
      requestId: `req-${index}`,
      messageId: `msg-${index}`,
      taskType,
      tier,
      escalated: false,
      overridden: false,
    });
  return { loop, events, record, advance: (ms: number) => (clock += ms) };
}

describe("feedback loop", () => {
  it("escalates a task type one tier when its flag rate crosses the threshold, with an event", () => {
    const { loop, events, record } = setup();
    for (let index = 0; index < 10; index++) record(index);
    // 1 flag in 6: below the sample minimum and the threshold.
    for (let index = 0; index < 6; index++)
      loop.feedback({ requestId: `req-${index}`, verdict: index === 0 ? "bad" : "good" });
    expect(events).toEqual([]);
    loop.feedback({ requestId: "msg-6", verdict: "bad" }); // by message id
    const result = loop.feedback({ requestId: "req-7", verdict: "bad" }); // 3 of 8 = 37.5%
    expect(result).toMatchObject({ ok: true, samples: 8, tier: "haiku" });
    if (!result.ok || !result.override) throw new Error("expected an override");
    expect(result.override).toMatchObject({
      taskType: "classification",
      fromTier: "haiku",
      toTier: "sonnet",
      status: "active",
    });
    expect(events.map((event) => event.type)).toEqual(["override_applied"]);
    expect(loop.resolveTier({ taskType: "classification", tier: "haiku" }).tier).toBe("sonnet");
    expect(loop.resolveTier({ taskType: "extraction", tier: "haiku" }).tier).toBe("haiku");
  });

  it("needs the flags inside the time window", () => {
    const { loop, record, advance } = setup();
    record(0);
    for (let index = 0; index < 4; index++) loop.feedback({ taskType: "classification", verdict: "bad" });
    advance(61_000);
    for (let index = 0; index < 8; index++) loop.feedback({ taskType: "classification", verdict: "good" });
    expect(loop.overrides()).toEqual([]);
    expect(loop.flagRate({ taskType: "classification", tier: "haiku" })).toMatchObject({
      samples: 8,
      flagged: 0,
    });
  });

  it("proposes in review mode, applies on approval, and reverts to the old tier", () => {
    const { loop, events, record } = setup({ mode: "review" });
    record(0);
    for (let index = 0; index < 8; index++) loop.feedback({ taskType: "classification", verdict: "bad" });
    const [proposed] = loop.overrides({ status: "proposed" });
    if (!proposed) throw new Error("expected a proposal");
    expect(loop.resolveTier({ taskType: "classification", tier: "haiku" }).tier).toBe("haiku");
    loop.approve({ id: proposed.id, note: "checked 20 samples" });
    expect(loop.resolveTier({ taskType: "classification", tier: "haiku" }).tier).toBe("sonnet");
    loop.revert({ id: proposed.id, note: "prompt fixed" });
    expect(loop.resolveTier({ taskType: "classification", tier: "haiku" }).tier).toBe("haiku");
    expect(events.map((event) => event.type)).toEqual([
      "override_proposed",
      "override_applied",
      "override_reverted",
    ]);
    expect(() => loop.revert({ id: proposed.id })).toThrow(/reverted, not active/);
  });

  it("chains overrides tier by tier and stops at the top tier", () => {
    const { loop, record } = setup();
    record(0);
    for (let index = 0; index < 8; index++)
      loop.feedback({ taskType: "classification", tier: "haiku", verdict: "bad" });
    for (let index = 0; index < 8; index++)
      loop.feedback({ taskType: "classification", tier: "sonnet", verdict: "bad" });
    for (let index = 0; index < 8; index++)
      loop.feedback({ taskType: "classification", tier: "opus", verdict: "bad" });
    const resolved = loop.resolveTier({ taskType: "classification", tier: "haiku" });
    expect(resolved.tier).toBe("opus");
    expect(resolved.overrides).toHaveLength(2);
    expect(loop.overrides()).toHaveLength(2);
  });

  it("tracks the share of requests that needed an override or escalation", () => {
    const { loop } = setup();
    const base = { taskType: "summarization", tier: "sonnet" };
    loop.recordRequest({ ...base, requestId: "a", escalated: false, overridden: false });
    loop.recordRequest({ ...base, requestId: "b", escalated: true, overridden: false });
    loop.recordRequest({ ...base, requestId: "c", escalated: true, overridden: true });
    loop.recordRequest({ ...base, taskType: "other", requestId: "d", escalated: false, overridden: false });
    expect(loop.helpShare({ taskType: "summarization" })).toEqual({
      requests: 3,
      escalated: 2,
      overridden: 1,
      needingHelp: 2,
      share: 2 / 3,
    });
    expect(loop.helpShare().share).toBe(0.5);
  });

  it("forgets the oldest request ids beyond its bound and says so", () => {
    const loop = createFeedbackLoop({ tiers: ["haiku", "sonnet"], maxTrackedRequests: 2 });
    for (const requestId of ["a", "b", "c"]) {
      loop.recordRequest({ requestId, taskType: "t", tier: "haiku", escalated: false, overridden: false });
    }
    expect(loop.feedback({ requestId: "a", verdict: "bad" })).toMatchObject({
      ok: false,
      reason: "unknown_request",
    });
    expect(loop.feedback({ requestId: "c", verdict: "bad" })).toMatchObject({ ok: true });
    expect(loop.feedback({ taskType: "never-seen", verdict: "bad" })).toMatchObject({
      ok: false,
      reason: "unknown_tier",
    });
  });

  it("escalates on other evidence (the shadow eval) once per task type and tier, proposed in review mode", async () => {
    const { loop, events } = setup({ mode: "review" });
    const evidence = { taskType: "classification", fromTier: "haiku", samples: 40, flagRate: 0.5 };
    const first = await loop.escalate({
      ...evidence,
      reason: "upper bound 64% < bar 85%",
      source: "shadow-eval",
    });
    expect(first).toMatchObject({ status: "proposed", toTier: "sonnet", source: "shadow-eval" });
    const again = await loop.escalate({ ...evidence, reason: "again" });
    expect(again?.id).toBe(first?.id);
    expect(loop.overrides()).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(["override_proposed"]);
    expect(await loop.escalate({ ...evidence, fromTier: "opus", reason: "top" })).toBeUndefined();
  });

  it("keeps a windowed quality series per task type and tier", async () => {
    const { loop, advance } = setup();
    await loop.recordVerdict({ taskType: "classification", tier: "haiku", pass: true, score: 1 });
    advance(61_000);
    for (const pass of [false, true])
      await loop.recordVerdict({ taskType: "classification", tier: "haiku", pass, score: pass ? 1 : 0 });
    await loop.recordVerdict({ taskType: "classification", tier: "sonnet", pass: true, score: 1 });
    const verdicts = await loop.verdicts({ taskType: "classification", tier: "haiku" });
    expect(verdicts.map((verdict) => verdict.pass)).toEqual([true, false]); // newest first, old one out
  });
});
