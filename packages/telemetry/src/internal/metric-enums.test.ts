import { AggregationTemporality, DataPointType, InstrumentType } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import * as mirrored from "./metric-enums.js";

describe("metric enums", () => {
  it("mirror the values of the installed @opentelemetry/sdk-metrics", () => {
    expect({ ...mirrored }).toEqual({
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
