/** The features the complexity scorer extracts, each normalized to [0, 1]. */
export const COMPLEXITY_FEATURES = [
  "length",
  "code",
  "math",
  "multiStep",
  "constraints",
  "reasoning",
  "documents",
  "language",
  "questions",
  "turns",
] as const;

export type ComplexityFeature = (typeof COMPLEXITY_FEATURES)[number];
export type ComplexityFeatures = Record<ComplexityFeature, number>;

/**
 * A logistic model over the features: score = sigmoid(bias + sum(weight x feature)). The
 * weights are data so a trained model (the eval issue fits one on graded outcomes) can
 * replace these hand-set ones without code changes.
 */
export interface ComplexityModel {
  version: string;
  bias: number;
  weights: ComplexityFeatures;
}

/**
 * Hand-set starting weights (rightsize 0.1): an empty prompt scores about 0.10, a long,
 * code-heavy multi-step request with constraints above 0.9. Replace with a trained model.
 */
export const DEFAULT_COMPLEXITY_MODEL: ComplexityModel = {
  version: "heuristic-0.1",
  bias: -2.2,
  weights: {
    length: 1.6,
    code: 1.8,
    math: 1.6,
    multiStep: 1.2,
    constraints: 0.8,
    reasoning: 1.5,
    documents: 0.8,
    language: 0.4,
    questions: 0.3,
    turns: 0.4,
  },
};
