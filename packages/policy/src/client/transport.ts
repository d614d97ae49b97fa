import type { BatchCollector } from "./batch-collector.js";

/** One HTTP exchange a routed request makes: an attempt, a count_tokens. */
export interface OutgoingRequest {
  url: string;
  method: "POST" | "GET";
  headers: Headers;
  body?: string;
  signal?: AbortSignal | undefined;
}

/**
 * How the pipeline reaches the API, given by the entrance: the SDK's middleware `next` (auth,
 * per-attempt timeout and the SDK's own tracing stay the SDK's) or the fetch a routing fetch wraps.
 */
export interface Transport {
  /** Sends one request; resolves with the Response as the server gave it (any status). */
  send(request: OutgoingRequest): Promise<Response>;
  /** The batch collector batch-mode decisions go through, for this entrance. */
  collector(): BatchCollector;
  /** Host and port of the API, for telemetry's server.address / server.port. */
  server: { address?: string; port?: number };
}

/** Host and port of a URL, for telemetry's server.address / server.port. */
export function serverOfUrl(url: string): { address?: string; port?: number } {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
    return { address: parsed.hostname, port };
  } catch {
    return {};
  }
}
