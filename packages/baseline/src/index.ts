/**
 * @rightsize/baseline: usage ingest (OTLP JSON spans, Admin usage/cost reports, request logs) to
 * cohorts; counterfactual replay under a candidate policy; run-rates, lever waterfall, forecast,
 * commitment, reconciliation and the FOCUS CSV export. Benchmark helpers: `@rightsize/baseline/testing`.
 */

// --- the report: inputs in, validated figures out ---
export type { BuildReportOptions } from "./build-report.js";
export { buildReport } from "./build-report.js";
// --- ingest on its own: files to cohorts ---
export type { Cohort } from "./cohort.js";
export { CohortAccumulator } from "./cohort.js";
// --- errors ---
export { BaselineError, BaselineErrorCode } from "./errors.js";
export type { EvalResult } from "./eval-results.js";
// --- FinOps FOCUS export ---
export { FOCUS_COLUMNS, toFocusCsv } from "./focus-csv.js";
// --- what a commitment buys ---
export type { DiscountSchedule } from "./forecast/discount-schedule.js";
export { DEFAULT_DISCOUNT_SCHEDULE, parseDiscountSchedule } from "./forecast/discount-schedule.js";
export type { IngestProgress, IngestResult } from "./ingest/ingest-files.js";
export { ingestFiles } from "./ingest/ingest-files.js";
export type {
  Charge,
  Commitment,
  CommitmentLevel,
  CommitmentScenario,
  Forecast,
  ForecastValue,
  InputFileSummary,
  InputFormat,
  MeasuredFigures,
  Money,
  Reconciliation,
  ReportFigures,
  RunRate,
  TaskRow,
  WaterfallStep,
} from "./report-figures.js";
export { reportFiguresSchema } from "./report-figures.js";
// --- what ingestFiles delivers to its sink, one request at a time ---
export type { UsageRecord } from "./usage-record.js";
