import { describe, expect, it } from "vitest";
import { metricDimensions } from "./decision-attributes.js";

describe("metricDimensions", () => {
  it("returns one frozen, shared set per distinct value combination", () => {
    const options = {
      model: "claude-haiku-4-5",
      tier: "haiku",
      mode: "realtime",
      taskType: "classify",
      policy: { name: "support", version: "7" },
    };
    const first = metricDimensions(options);
    expect(Object.isFrozen(first)).toBe(true);
    expect(metricDimensions({ ...options, policy: { ...options.policy } })).toBe(first);
    expect(first).toEqual({
      "gen_ai.request.model": "claude-haiku-4-5",
      "rightsize.tier": "haiku",
      "rightsize.mode": "realtime",
      "rightsize.task_type": "classify",
      "rightsize.policy.name": "support",
      "rightsize.policy.version": "7",
    });
    expect(metricDimensions({ ...options, policy: { name: "support", version: "8" } })).not.toBe(first);
  });

  it("keeps an absent value apart from an empty one, and a null tier means no tier", () => {
    const absent = metricDimensions({ model: "claude-sonnet-4-6" });
    const empty = metricDimensions({ model: "claude-sonnet-4-6", taskType: "" });
    expect(absent).not.toBe(empty);
    expect(absent).toEqual({ "gen_ai.request.model": "claude-sonnet-4-6" });
    expect(empty).toEqual({ "gen_ai.request.model": "claude-sonnet-4-6", "rightsize.task_type": "" });
    expect(metricDimensions({ model: "claude-sonnet-4-6", tier: null })).toBe(absent);
  });
});
