import Anthropic from "@anthropic-ai/sdk";
import { createRoutedClient, defaultPolicy } from "@rightsize/policy";
import { describe, expect, it } from "vitest";
import { createRightsizeTelemetry } from "../create-rightsize-telemetry.js";

describe("instrumentAnthropic and the routed client together", () => {
  it("are refused on the same client instance, which would record every attempt twice", () => {
    const telemetry = createRightsizeTelemetry();
    const client = telemetry.instrumentAnthropic(
      new Anthropic({ apiKey: "test", baseURL: "http://127.0.0.1:9" }),
    );
    expect(() => createRoutedClient({ client, policy: defaultPolicy(), observer: telemetry })).toThrow(
      /already instrumented by @rightsize\/telemetry/,
    );
  });
});
