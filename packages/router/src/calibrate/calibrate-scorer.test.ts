import { classifyTask, DEFAULT_COMPLEXITY_MODEL, scoreComplexity } from "@rightsize/policy";
import { describe, expect, it } from "vitest";
import { rocAuc } from "../metrics/roc-auc.js";
import { readLabelledPrompts } from "../test-support/labelled-prompts.js";
import { calibrateScorer } from "./calibrate-scorer.js";

const prompts = readLabelledPrompts();
const labels = prompts.map((item) => (item.label === "hard" ? 1 : 0));
const ask = (prompt: string) => ({ messages: [{ role: "user", content: prompt }] });

describe("the default scorer on the labelled set", () => {
  it("holds a few hundred prompts, hard and easy, short and long, across the taxonomy", () => {
    expect(prompts.length).toBeGreaterThanOrEqual(250);
    const long = prompts.filter((item) => item.prompt.length > 2000);
    expect(long.filter((item) => item.label === "hard").length).toBeGreaterThan(20);
    expect(long.filter((item) => item.label === "easy").length).toBeGreaterThan(20);
    expect(new Set(prompts.map((item) => item.taskType)).size).toBe(20);
  });

  it("separates hard from easy (ROC AUC) far better than prompt length does", () => {
    const scores = prompts.map((item) => scoreComplexity(ask(item.prompt)).score);
    expect(rocAuc({ scores, labels })).toBeGreaterThan(0.95);
    const lengths = prompts.map((item) => item.prompt.length);
    expect(rocAuc({ scores: lengths, labels })).toBeLessThan(0.75);
    // On the policies' scale: most hard prompts clear 0.8, almost no easy one reaches 0.5.
    const hard = scores.filter((_, index) => labels[index] === 1);
    const easy = scores.filter((_, index) => labels[index] === 0);
    expect(hard.filter((score) => score > 0.8).length / hard.length).toBeGreaterThan(0.8);
    expect(easy.filter((score) => score >= 0.5).length / easy.length).toBeLessThan(0.02);
  });

  it("ships the weights the calibration fits (nothing typed in by hand)", () => {
    const result = calibrateScorer({ prompts, seed: 1 });
    expect(result.model.bias).toBe(DEFAULT_COMPLEXITY_MODEL.bias);
    expect(result.model.weights).toEqual(DEFAULT_COMPLEXITY_MODEL.weights);
    expect(result.crossValidatedAuc).toBeGreaterThan(0.95);
  });

  it("classifies most prompts into the taxonomy; unknown stays rare", () => {
    const types = prompts.map((item) => classifyTask(ask(item.prompt)).taskType);
    const unknown = types.filter((taskType) => taskType === "unknown").length / prompts.length;
    const agree =
      types.filter((taskType, index) => taskType === prompts[index]!.taskType).length / prompts.length;
    expect(unknown).toBeLessThan(0.15);
    expect(agree).toBeGreaterThan(0.65);
  });
});
