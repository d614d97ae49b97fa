import {
  type Attributes,
  type MeterProvider,
  metrics,
  type Span,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import {
  ATTR_RS_QA_BAR,
  ATTR_RS_QA_COST_PICO_USD,
  ATTR_RS_QA_PASS_RATE,
  ATTR_RS_QA_SAMPLES,
  ATTR_RS_QA_SHADOW_TIER,
  ATTR_RS_QA_UPPER_BOUND,
  ATTR_RS_QUALITY_VERDICT,
  ATTR_RS_TASK_TYPE,
  ATTR_RS_TIER,
  EVENT_RS_QUALITY_REGRESSION,
  METRIC_RS_QA_COST,
  METRIC_RS_QA_PASS_RATE,
  METRIC_RS_QA_REGRESSIONS,
  METRIC_RS_QA_VERDICTS,
  SPAN_SHADOW_EVAL,
  UNIT_PICO_USD,
} from "@rightsize/contracts/semconv";

const SCOPE = "@rightsize/evals";

/** What one shadow verdict reports: the span's and the metrics' figures (never prompt text). */
export interface VerdictReport {
  taskType: string;
  tier: string;
  shadowTier: string;
  pass: boolean | undefined;
  /** The shadow re-run's and judge's cost at batch prices, pico-dollars. */
  costPico: bigint;
  /** The task's series on the tier after this verdict (fleet-wide with a shared store). */
  series: { n: number; passRate: number; upper: number; bar: number } | undefined;
  regression: boolean;
  error?: unknown;
}

/**
 * The continuous shadow eval's signals, through @opentelemetry/api (no SDK started here): a
 * `rightsize.shadow_eval` span per verdict carrying the quality-assurance cost, a pass-rate gauge
 * per task type and tier, counters of verdicts, regressions and the quality-assurance spend, and
 * a `rightsize.quality.regression` span event when the alert fires.
 */
export function qualityTelemetry(
  options: { tracerProvider?: TracerProvider; meterProvider?: MeterProvider; now?: () => number } = {},
) {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const now = options.now;
  const verdicts = meter.createCounter(METRIC_RS_QA_VERDICTS, { description: "Shadow-eval verdicts" });
  const passRate = meter.createGauge(METRIC_RS_QA_PASS_RATE, {
    description: "Pass rate of a task type on its tier against the tier above (shadow eval window)",
  });
  const regressions = meter.createCounter(METRIC_RS_QA_REGRESSIONS, {
    description: "Quality regression alerts: the pass rate's Wilson upper bound fell below the bar",
  });
  const spend = meter.createCounter(METRIC_RS_QA_COST, {
    description: "Quality assurance: the shadow eval's own spend (batch prices)",
    unit: UNIT_PICO_USD,
  });
  return {
    report(report: VerdictReport): void {
      const attributes: Attributes = {
        [ATTR_RS_TASK_TYPE]: report.taskType,
        [ATTR_RS_TIER]: report.tier,
        [ATTR_RS_QA_SHADOW_TIER]: report.shadowTier,
      };
      const at = now?.();
      const span: Span = tracer.startSpan(SPAN_SHADOW_EVAL, {
        attributes: { ...attributes, [ATTR_RS_QA_COST_PICO_USD]: Number(report.costPico) },
        ...(at === undefined ? {} : { startTime: at }),
      });
      try {
        if (report.pass !== undefined) {
          span.setAttribute(ATTR_RS_QUALITY_VERDICT, report.pass ? "pass" : "fail");
          verdicts.add(1, { ...attributes, [ATTR_RS_QUALITY_VERDICT]: report.pass ? "pass" : "fail" });
        }
        if (report.costPico > 0n) spend.add(Number(report.costPico), attributes);
        const series = report.series;
        if (series) {
          span.setAttributes({
            [ATTR_RS_QA_SAMPLES]: series.n,
            [ATTR_RS_QA_PASS_RATE]: series.passRate,
            [ATTR_RS_QA_UPPER_BOUND]: series.upper,
            [ATTR_RS_QA_BAR]: series.bar,
          });
          passRate.record(series.passRate, attributes);
        }
        if (report.regression && series) {
          span.addEvent(
            EVENT_RS_QUALITY_REGRESSION,
            {
              [ATTR_RS_QA_SAMPLES]: series.n,
              [ATTR_RS_QA_PASS_RATE]: series.passRate,
              [ATTR_RS_QA_UPPER_BOUND]: series.upper,
              [ATTR_RS_QA_BAR]: series.bar,
            },
            at,
          );
          regressions.add(1, attributes);
        }
        if (report.error !== undefined) {
          span.recordException(report.error instanceof Error ? report.error : String(report.error));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      } finally {
        span.end(at);
      }
    },
  };
}
