import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { CacheControl } from "../api/messages-request.js";
import type { PromptLayout } from "../tokenizer/prompt-layout.js";

/** A cache breakpoint: the index of the block it ends on and its TTL. */
export interface Breakpoint {
  blockIndex: number;
  ttl: CacheControl["ttl"];
}

const MAX_BREAKPOINTS = 4;

/**
 * The request's breakpoints in prefix order: explicit `cache_control` blocks, plus the
 * automatic one (top-level `cache_control`) on the last block. Enforces the API's limits: at
 * most 4 (4 explicit + automatic is an error) and 1h breakpoints before 5m ones.
 */
export function collectBreakpoints(
  layout: PromptLayout,
  automatic: CacheControl | null | undefined,
): { ok: true; value: Breakpoint[] } | { ok: false; error: ApiErrorSpec } {
  const breakpoints: Breakpoint[] = [];
  layout.blocks.forEach((block, blockIndex) => {
    if (block.cacheControl) breakpoints.push({ blockIndex, ttl: block.cacheControl.ttl });
  });
  const found = breakpoints.length + (automatic ? 1 : 0);
  if (found > MAX_BREAKPOINTS) {
    return {
      ok: false,
      error: apiError(
        "invalid_request_error",
        `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${found}.`,
      ),
    };
  }
  const lastIndex = layout.blocks.length - 1;
  if (automatic && lastIndex >= 0) {
    const existing = breakpoints.find((breakpoint) => breakpoint.blockIndex === lastIndex);
    if (existing) existing.ttl = longer(existing.ttl, automatic.ttl);
    else breakpoints.push({ blockIndex: lastIndex, ttl: automatic.ttl });
  }
  let seenShort = false;
  for (const breakpoint of breakpoints) {
    if (breakpoint.ttl === "5m") seenShort = true;
    else if (seenShort) {
      return {
        ok: false,
        error: apiError(
          "invalid_request_error",
          "cache_control: a block with ttl='1h' cannot come after a block with ttl='5m'; longer TTLs must precede shorter ones (tools, then system, then messages)",
        ),
      };
    }
  }
  return { ok: true, value: breakpoints };
}

function longer(first: CacheControl["ttl"], second: CacheControl["ttl"]): CacheControl["ttl"] {
  return first === "1h" || second === "1h" ? "1h" : "5m";
}
