/**
 * @rightsize/baseline: usage ingest (OTLP JSON spans, Admin usage/cost reports, request logs) to
 * cohorts; counterfactual replay under a candidate policy; run-rates, lever waterfall, forecast,
 * commitment, reconciliation and the FOCUS CSV export.
 *
 * Entry points (landing next, against the pricing/policy contracts):
 *   buildReport({ inputs, period?, policy?, policySource?, baselineModel?, rates?, evalResults?,
 *     onProgress? }): Promise<ReportFigures>
 *   toFocusCsv({ figures, ... }): string
 */
export type {
  Commitment,
  CommitmentLevel,
  Forecast,
  ForecastValue,
  InputFileSummary,
  InputFormat,
  Money,
  Reconciliation,
  ReportFigures,
  RunRate,
  TaskRow,
  WaterfallStep,
} from "./report-figures.js";
export { moneySchema, reportFiguresSchema } from "./report-figures.js";
