import {
  COMPLEXITY_FEATURES,
  type ComplexityFeatures,
  type ComplexityModel,
  scoreComplexity,
} from "@rightsize/policy";
import { rocAuc } from "../metrics/roc-auc.js";
import { fitLogistic, type SparseRow, sigmoid } from "../train/logistic-regression.js";

/** A prompt of a labelled set: hard (needs the strong model) or easy. */
export interface LabelledPrompt {
  id: string;
  taskType: string;
  label: "hard" | "easy";
  prompt: string;
}

export interface ScorerCalibration {
  /** The fitted model, weights rounded to 3 decimals (what DEFAULT_COMPLEXITY_MODEL holds). */
  model: ComplexityModel;
  l2: number;
  /** Mean ROC AUC on held-out folds: each prompt scored by a model that did not see it. */
  crossValidatedAuc: number;
  /** ROC AUC of `model` on the whole set. */
  fittedAuc: number;
}

const L2_GRID = [0.0003, 0.001, 0.003, 0.01];
const FOLDS = 5;

/**
 * Fits the default scorer's logistic weights on a labelled set: the scorer's own features, an
 * L2 strength chosen by 5-fold cross-validated ROC AUC, then one fit on everything. Seeded and
 * deterministic.
 */
export function calibrateScorer(options: {
  prompts: readonly LabelledPrompt[];
  seed: number;
  version?: string;
}): ScorerCalibration {
  const { prompts, seed } = options;
  const rows = prompts.map((item) => denseRow(featuresOf(item.prompt)));
  const labels = Uint8Array.from(prompts, (item) => (item.label === "hard" ? 1 : 0));
  const folds = Int32Array.from(prompts, (_, index) => index % FOLDS);
  let best = { l2: L2_GRID[0]!, auc: -1 };
  for (const l2 of L2_GRID) {
    const held = new Float64Array(rows.length);
    for (let fold = 0; fold < FOLDS; fold++) {
      const train = rows.flatMap((_, index) => (folds[index] === fold ? [] : [index]));
      const fit = fitLogistic({
        rows: train.map((index) => rows[index]!),
        labels: train.map((index) => labels[index]!),
        dimension: COMPLEXITY_FEATURES.length,
        l2,
        seed,
        epochs: 60,
        learningRate: 0.3,
      });
      for (let index = 0; index < rows.length; index++)
        if (folds[index] === fold) held[index] = logitOf(rows[index]!, fit.weights, fit.bias);
    }
    const auc = rocAuc({ scores: held, labels });
    if (auc > best.auc + 1e-9) best = { l2, auc };
  }
  const fit = fitLogistic({
    rows,
    labels,
    dimension: COMPLEXITY_FEATURES.length,
    l2: best.l2,
    seed,
    epochs: 60,
    learningRate: 0.3,
  });
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const weights = Object.fromEntries(
    COMPLEXITY_FEATURES.map((feature, index) => [feature, round(fit.weights[index]!)]),
  ) as ComplexityFeatures;
  const model: ComplexityModel = { version: options.version ?? "calibrated", bias: round(fit.bias), weights };
  const fitted = prompts.map((item) => scoreComplexity({ messages: [user(item.prompt)], model }).score);
  return { model, l2: best.l2, crossValidatedAuc: best.auc, fittedAuc: rocAuc({ scores: fitted, labels }) };
}

const user = (content: string) => ({ role: "user", content }) as const;

function featuresOf(prompt: string): ComplexityFeatures {
  return scoreComplexity({ messages: [user(prompt)] }).features;
}

function denseRow(features: ComplexityFeatures): SparseRow {
  return {
    indices: Int32Array.from(COMPLEXITY_FEATURES, (_, index) => index),
    values: Float32Array.from(COMPLEXITY_FEATURES, (feature) => features[feature]),
  };
}

function logitOf(row: SparseRow, weights: Float64Array, bias: number): number {
  let logit = bias;
  for (let k = 0; k < row.indices.length; k++) logit += weights[row.indices[k]!]! * row.values[k]!;
  return sigmoid(logit);
}
