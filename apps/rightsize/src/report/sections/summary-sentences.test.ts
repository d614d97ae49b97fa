import { describe, expect, it } from "vitest";
import { sampleFigures } from "../test-support/sample-figures.js";
import { summarySentences } from "./summary-sentences.js";

describe("summarySentences", () => {
  it("says what drives the figures in 3 to 5 sentences, each carrying a figure", () => {
    const figures = sampleFigures();
    const sentences = summarySentences(figures);
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(sentences.length).toBeLessThanOrEqual(5);
    expect(sentences[0]).toContain(figures.runRates.current.monthly.usd);
    expect(sentences[1]).toContain(figures.runRates.optimized.monthly.usd);
    expect(sentences[1]).toContain("42.0% of current spend");
    expect(sentences[2]).toContain("largest lever is routing to cheaper models, worth $70,000.00");
    expect(sentences.join(" ")).toContain("add back $1,200.00");
    expect(sentences.join(" ")).toContain(
      "$683,500.00 with 70% probability (P70) and $715,000.00 with even odds (P50)",
    );
    expect(sentences.join(" ")).toContain(
      "committing $320,000.00 costs least in expectation within a 10% shortfall risk",
    );
  });

  it("flags estimated levers and leaves out the escalation sentence when nothing escalated", () => {
    const figures = sampleFigures();
    for (const step of figures.waterfall.steps) {
      if (step.key === "routing") step.amount = { pico: "0", usd: "$0.00", value: 0 };
      if (step.key === "escalated_away") step.amount = { pico: "0", usd: "$0.00", value: 0 };
    }
    const text = summarySentences(figures).join(" ");
    expect(text).toContain("largest lever is prompt caching");
    expect(text).not.toContain("escalated to a stronger model add back");
  });
});
