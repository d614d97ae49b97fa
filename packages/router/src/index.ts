/**
 * @rightsize/router: which prompts need the stronger model. The default scorer's calibration on
 * a labelled set, and the ranking metrics that judge a scorer.
 */

// --- the default scorer's calibration ---
export type { LabelledPrompt, ScorerCalibration } from "./calibrate/calibrate-scorer.js";
export { calibrateScorer } from "./calibrate/calibrate-scorer.js";
// --- metrics ---
export { rocAuc } from "./metrics/roc-auc.js";
// --- errors ---
export { RouterError, RouterErrorCode } from "./router-error.js";
