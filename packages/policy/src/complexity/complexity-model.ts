/** The features the complexity scorer extracts, each normalized to [0, 1]. */
export const COMPLEXITY_FEATURES = [
  "length",
  "code",
  "math",
  "multiStep",
  "constraints",
  "reasoning",
  "demanding",
  "routine",
  "numbers",
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
 * Calibrated weights (rightsize 0.2): fitted by `packages/router/scripts/calibrate-scorer.ts`
 * (L2 logistic regression, strength chosen by 5-fold cross-validation, seed 1) on the labelled
 * set `src/complexity/__fixtures__/labelled-prompts.jsonl`, so the score reads as the chance that
 * a prompt is hard: short hard asks score high, long routine ones low. The test beside the
 * calibration checks these are the weights it fits.
 */
export const DEFAULT_COMPLEXITY_MODEL: ComplexityModel = {
  version: "calibrated-0.2",
  bias: -2.373,
  weights: {
    length: -0.465,
    code: -0.401,
    math: 3.214,
    multiStep: 1.93,
    constraints: 5.953,
    reasoning: 9.254,
    demanding: 7.271,
    routine: -1.452,
    numbers: -1.566,
    documents: 0.017,
    language: 0.272,
    questions: -1.002,
    turns: 0,
  },
};
