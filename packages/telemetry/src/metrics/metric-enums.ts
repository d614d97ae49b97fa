import type { AggregationTemporality, DataPointType, InstrumentType } from "@opentelemetry/sdk-metrics";

// The main entry loads only @opentelemetry/api at runtime, so these mirror the values of
// @opentelemetry/sdk-metrics 3.1's enums (metric-enums.test.ts checks them against the SDK's).

export const DELTA = 0 as AggregationTemporality.DELTA;
export const CUMULATIVE = 1 as AggregationTemporality.CUMULATIVE;
export const HISTOGRAM_POINTS = 0 as DataPointType.HISTOGRAM;
export const SUM_POINTS = 3 as DataPointType.SUM;
export const HISTOGRAM = "HISTOGRAM" as InstrumentType.HISTOGRAM;
export const COUNTER = "COUNTER" as InstrumentType.COUNTER;
export const UP_DOWN_COUNTER = "UP_DOWN_COUNTER" as InstrumentType.UP_DOWN_COUNTER;
