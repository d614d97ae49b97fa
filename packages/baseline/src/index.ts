/**
 * @rightsize/baseline: usage ingest (OTLP JSON spans, Admin usage/cost reports, request logs) to
 * cohorts; counterfactual replay under a candidate policy; run-rates, lever waterfall, forecast,
 * commitment, reconciliation and the FOCUS CSV export.
 */
export type { BuildReportOptions } from "./build-report.js";
export { buildReport } from "./build-report.js";
export type { Cohort } from "./cohort.js";
export { CohortAccumulator } from "./cohort.js";
export { BaselineError, BaselineErrorCode } from "./errors.js";
export type { EvalResult } from "./eval-results.js";
export { evalResultSchema, parseEvalResults, wilsonLowerBound } from "./eval-results.js";
export { FOCUS_COLUMNS, picoToDecimalUsd, toFocusCsv } from "./focus-csv.js";
export type { IngestProgress, IngestResult } from "./ingest/ingest-files.js";
export { ingestFiles } from "./ingest/ingest-files.js";
export type { Period } from "./period.js";
export { parsePeriod } from "./period.js";
export type {
  Charge,
  Commitment,
  CommitmentLevel,
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
export { measuredFiguresSchema, moneySchema, reportFiguresSchema } from "./report-figures.js";
export type { QualityVerdict, UsageRecord } from "./usage-record.js";
