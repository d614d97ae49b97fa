import { AggregationTemporality, DataPointType, InstrumentType } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import {
  COUNTER,
  CUMULATIVE,
  DELTA,
  HISTOGRAM,
  HISTOGRAM_POINTS,
  SUM_POINTS,
  UP_DOWN_COUNTER,
} from "./metric-enums.js";

describe("metric enums", () => {
  it("mirror the values of the installed @opentelemetry/sdk-metrics", () => {
    expect({ DELTA, CUMULATIVE, HISTOGRAM_POINTS, SUM_POINTS, HISTOGRAM, COUNTER, UP_DOWN_COUNTER }).toEqual({
      DELTA: AggregationTemporality.DELTA,
      CUMULATIVE: AggregationTemporality.CUMULATIVE,
      HISTOGRAM_POINTS: DataPointType.HISTOGRAM,
      SUM_POINTS: DataPointType.SUM,
      HISTOGRAM: InstrumentType.HISTOGRAM,
      COUNTER: InstrumentType.COUNTER,
      UP_DOWN_COUNTER: InstrumentType.UP_DOWN_COUNTER,
    });
  });
});
