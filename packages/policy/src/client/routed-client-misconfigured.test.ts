import Anthropic from "@anthropic-ai/sdk";
import { INSTRUMENTED_MARKER, type RoutedCallObserver } from "@rightsize/contracts";
import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../default-policy.js";
import { PolicyError } from "../policy-error.js";
import { createRoutedClient } from "./routed-client.js";

const observer: RoutedCallObserver = {
  startRequest: () => ({ startAttempt: () => ({ firstChunk() {}, joinBatch() {}, end() {} }), end() {} }),
  startBatch: () => ({ submitted() {}, end() {} }),
};

/** Marks a client as @rightsize/telemetry's instrumentAnthropic does. */
function instrumented(client: Anthropic): Anthropic {
  Object.defineProperty(client, INSTRUMENTED_MARKER, { value: true });
  return client;
}

describe("createRoutedClient with an instrumented client", () => {
  it("refuses an observer on a client telemetry already wraps (every attempt would count twice)", () => {
    const client = instrumented(new Anthropic({ apiKey: "test", baseURL: "http://127.0.0.1:9" }));
    let caught: unknown;
    try {
      createRoutedClient({ client, policy: defaultPolicy(), observer });
    } catch (error) {
      caught = error;
    }
    expect(PolicyError.isInstance(caught)).toBe(true);
    expect((caught as PolicyError).code).toBe("misconfigured");
    expect((caught as Error).message).toMatch(/recorded twice/);
  });

  it("accepts the instrumented client without an observer, and a plain client with one", () => {
    const wrapped = instrumented(new Anthropic({ apiKey: "test", baseURL: "http://127.0.0.1:9" }));
    expect(() => createRoutedClient({ client: wrapped, policy: defaultPolicy() })).not.toThrow();
    const plain = new Anthropic({ apiKey: "test", baseURL: "http://127.0.0.1:9" });
    expect(() => createRoutedClient({ client: plain, policy: defaultPolicy(), observer })).not.toThrow();
  });
});
