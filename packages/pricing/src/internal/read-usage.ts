import type { AnthropicUsage, TokenCounts } from "@rightsize/contracts";
import { PricingError, PricingErrorCode } from "../pricing-error.js";

/** Token counts of one usage object, normalized (nulls are 0, the cache-write split resolved), and its modifiers. */
export interface UsageCounts extends TokenCounts {
  batch: boolean;
  usGeo: boolean;
  fast: boolean;
}

function invalid(where: string, message: string): never {
  throw new PricingError({ code: PricingErrorCode.invalidUsage, message: `${where}: ${message}` });
}

/** `where` and `field` are joined only on the error path: this runs seven times per priced request. */
function count(value: unknown, where: string, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  return invalid(
    `${where}.${field}`,
    `expected a non-negative integer (or null), got ${JSON.stringify(value) ?? String(value)}`,
  );
}

function nested(value: unknown, where: string, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return invalid(`${where}.${field}`, `expected an object (or null), got ${JSON.stringify(value)}`);
}

/**
 * Reads an Anthropic `usage` by hand (not zod: this is on every request's hot path).
 * Old responses carry only `cache_creation_input_tokens`: those tokens count as 5-minute writes.
 */
export function readUsage(usage: AnthropicUsage, where: string): UsageCounts {
  if (typeof usage !== "object" || usage === null || Array.isArray(usage)) {
    invalid(where, `expected a usage object, got ${JSON.stringify(usage) ?? String(usage)}`);
  }
  const creationTotal = count(usage.cache_creation_input_tokens, where, "cache_creation_input_tokens");
  const split = nested(usage.cache_creation, where, "cache_creation");
  let cacheWrite5m = creationTotal;
  let cacheWrite1h = 0;
  if (split !== undefined) {
    const split5m = count(split.ephemeral_5m_input_tokens, where, "cache_creation.ephemeral_5m_input_tokens");
    const split1h = count(split.ephemeral_1h_input_tokens, where, "cache_creation.ephemeral_1h_input_tokens");
    if (split5m + split1h > 0) {
      if (usage.cache_creation_input_tokens != null && creationTotal !== split5m + split1h) {
        invalid(
          where,
          `cache_creation_input_tokens (${creationTotal}) differs from ephemeral_5m + ephemeral_1h (${split5m} + ${split1h})`,
        );
      }
      cacheWrite5m = split5m;
      cacheWrite1h = split1h;
    }
  }
  const tools = nested(usage.server_tool_use, where, "server_tool_use");
  const tier = usage.service_tier;
  if (tier != null && tier !== "standard" && tier !== "batch" && tier !== "priority") {
    invalid(
      `${where}.service_tier`,
      `expected "standard", "priority" or "batch", got ${JSON.stringify(tier)}`,
    );
  }
  const speed = usage.speed;
  if (speed != null && speed !== "standard" && speed !== "fast") {
    invalid(`${where}.speed`, `expected "standard" or "fast", got ${JSON.stringify(speed)}`);
  }
  const geo = usage.inference_geo;
  if (geo != null && typeof geo !== "string")
    invalid(`${where}.inference_geo`, `expected a string, got ${JSON.stringify(geo)}`);
  return {
    uncachedInput: count(usage.input_tokens, where, "input_tokens"),
    cacheWrite5m,
    cacheWrite1h,
    cacheRead: count(usage.cache_read_input_tokens, where, "cache_read_input_tokens"),
    output: count(usage.output_tokens, where, "output_tokens"),
    webSearchRequests:
      tools === undefined
        ? 0
        : count(tools.web_search_requests, where, "server_tool_use.web_search_requests"),
    batch: tier === "batch",
    usGeo: geo === "us",
    fast: speed === "fast",
  };
}
