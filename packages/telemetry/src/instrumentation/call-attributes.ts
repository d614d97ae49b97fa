import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  GEN_AI_OUTPUT_TYPE_JSON,
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
  stop_sequences?: unknown;
  output_config?: unknown;
  /** Deprecated spelling of `output_config.format` (beta). */
  output_format?: unknown;
}

/** The requested output format's type (`json_schema` asks for JSON), if the request names one. */
function outputFormatType(params: ObservedParams): unknown {
  const config = params.output_config as { format?: { type?: unknown } } | null | undefined;
  const format = config?.format ?? (params.output_format as { type?: unknown } | null | undefined);
  return format?.type;
}

/**
 * The request's GenAI attributes beyond model, max_tokens and stream (semconv v1.41.0): sampling
 * parameters, stop sequences, the output type when an output format is requested, and, only
 * with content capture on, the prompt. The one place request params become span attributes.
 * Undefined when the request has none of them (the common call: no object, no write).
 */
export function callAttributes(params: ObservedParams, captureContent: boolean): Attributes | undefined {
  if (
    params.stop_sequences === undefined &&
    params.output_config === undefined &&
    params.output_format === undefined &&
    params.temperature === undefined &&
    params.top_p === undefined &&
    params.top_k === undefined &&
    !captureContent
  )
    return undefined;
  const attributes: Attributes = {};
  if (Array.isArray(params.stop_sequences) && params.stop_sequences.every((item) => typeof item === "string"))
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [...params.stop_sequences];
  if (outputFormatType(params) === "json_schema")
    attributes[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE_JSON;
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
