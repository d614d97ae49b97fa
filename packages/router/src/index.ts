/**
 * @rightsize/router: which prompts need the stronger model, learned from eval outcomes. Training
 * (per-tier L2 logistic regression over the prompt features `@rightsize/policy` computes, so a
 * policy loads the file without this package), the routing metrics (PGR, APGR, CPT), evaluation
 * beside random, oracle and baseline scorers, and the default scorer's calibration.
 */

// --- the default scorer's calibration ---
export type { LabelledPrompt, ScorerCalibration } from "./calibrate/calibrate-scorer.js";
export { calibrateScorer } from "./calibrate/calibrate-scorer.js";
// --- evaluation and metrics ---
export type { RouterEvaluation, ScorerFigures } from "./evaluate/evaluate-router.js";
export { evaluateRouter, PGR_SHARES } from "./evaluate/evaluate-router.js";
// --- public per-prompt outcomes ---
export { parseRouteLlmCsv } from "./import/routellm-csv.js";
export { rocAuc } from "./metrics/roc-auc.js";
export type { RoutedItem, RoutingPoint } from "./metrics/routing-curve.js";
export { apgr, cpt, pointAtQuality, routingCurve } from "./metrics/routing-curve.js";
// --- errors ---
export { RouterError, RouterErrorCode } from "./router-error.js";
// --- training ---
export type { RouterExample, SkippedOutcomes } from "./train/router-examples.js";
export { routerExamples } from "./train/router-examples.js";
export type { TrainingReport, TrainRouterOptions } from "./train/train-router.js";
export { serializeRouterFile, trainRouter } from "./train/train-router.js";
