/**
 * @rightsize/evals: shadow evals that let evidence decide the routing. Graders, the outcomes
 * format, Wilson statistics, the eval runner (official SDK, realtime or Message Batches,
 * resumable) and the policy recommendation that writes the evidence into a policy.
 */

// --- errors ---
export { EvalsError, EvalsErrorCode } from "./evals-error.js";
// --- graders ---
export { createGrader } from "./graders/create-grader.js";
export type { Grade, GradeInput, Grader, JudgeGrader, LocalGrader } from "./graders/grader.js";
export { answerText } from "./graders/grader.js";
export type { GraderConfig, GraderInput, GraderType } from "./graders/grader-schema.js";
export { graderSchema } from "./graders/grader-schema.js";
export type { GradersFile, TaskGrading } from "./graders/graders-file.js";
export { barsOf, parseGradersFile } from "./graders/graders-file.js";
export type { BadLine } from "./internal/jsonl-lines.js";
// --- continuous shadow eval (the routed client's `shadowEval`) ---
export type {
  ContinuousEval,
  ContinuousEvalOptions,
  RegressionAlert,
  ShadowVerdict,
} from "./monitor/continuous-eval.js";
export { createContinuousEval } from "./monitor/continuous-eval.js";
export type { QualityWindow } from "./monitor/regression-check.js";
export { qualityWindow } from "./monitor/regression-check.js";
// --- outcomes and requests ---
export type { ModelOutcome, OutcomeLine } from "./outcomes/outcome-schema.js";
export { modelOutcomeSchema, outcomeLineSchema, outcomePassed } from "./outcomes/outcome-schema.js";
export type { OutcomeRecords } from "./outcomes/read-outcomes.js";
export { parseOutcomes, readOutcomesFile } from "./outcomes/read-outcomes.js";
// --- policy recommendation ---
export type {
  PolicyRecommendation,
  RecommendPolicyOptions,
  RoutingChange,
} from "./recommend/recommend-policy.js";
export { describeChange, formatShare, recommendPolicy } from "./recommend/recommend-policy.js";
export type { EvalRequest, RequestLines } from "./requests/request-line.js";
export { parseRequestLines, promptText, requestLineSchema } from "./requests/request-line.js";
export { EMULATOR_EVAL_FIELD } from "./runner/emulator-hints.js";
// --- the runner ---
export type { EvalError, EvalProgress, EvalRunResult, RunEvalOptions } from "./runner/run-eval.js";
export { runEval } from "./runner/run-eval.js";
// --- statistics and summary ---
export type { WilsonInterval } from "./stats/wilson-interval.js";
export { wilsonInterval, Z_95 } from "./stats/wilson-interval.js";
export type { EvalCandidate } from "./summary/eval-candidate.js";
export type { SummarizeOptions } from "./summary/summarize-outcomes.js";
export { summarizeOutcomes } from "./summary/summarize-outcomes.js";
export type { EvalSummary, ModelSummary, TaskSummary } from "./summary/summary-schema.js";
export { summarySchema } from "./summary/summary-schema.js";
