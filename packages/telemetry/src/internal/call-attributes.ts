import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} from "@rightsize/contracts/semconv";
import { inputMessages, systemInstructions } from "./content.js";

/** The parts of Messages API params telemetry reads (never headers, never the params whole). */
export interface ObservedParams {
  model?: unknown;
  max_tokens?: unknown;
  stream?: unknown;
  temperature?: unknown;
  top_p?: unknown;
  top_k?: unknown;
  messages?: unknown;
  system?: unknown;
}

/** Sampling parameters and, only with content capture on, the prompt. */
export function callAttributes(params: ObservedParams, captureContent: boolean): Attributes {
  const attributes: Attributes = {};
  if (typeof params.temperature === "number")
    attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = params.temperature;
  if (typeof params.top_p === "number") attributes[ATTR_GEN_AI_REQUEST_TOP_P] = params.top_p;
  if (typeof params.top_k === "number") attributes[ATTR_GEN_AI_REQUEST_TOP_K] = params.top_k;
  if (captureContent) {
    const input = inputMessages(params);
    if (input !== undefined) attributes[ATTR_GEN_AI_INPUT_MESSAGES] = input;
    const system = systemInstructions(params);
    if (system !== undefined) attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = system;
  }
  return attributes;
}

/** server.address and server.port of a base URL (default ports by scheme). */
export function serverOf(baseURL: unknown): { address?: string; port?: number } {
  if (typeof baseURL !== "string") return {};
  try {
    const url = new URL(baseURL);
    const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    return { address: url.hostname, port };
  } catch {
    return {};
  }
}
