import type { CachePlan, RequestFacts } from "@rightsize/contracts";
import type { ModelInfo } from "@rightsize/pricing";
import type { Policy } from "./policy-schema.js";

/**
 * Plans prompt caching for one request: breakpoints at the end of the stable prefix when the
 * prefix reaches the model's minimum cacheable length (below it Anthropic silently runs
 * uncached) and enough reuse is expected to repay the write premium (1.25x for 5m, 2x for 1h).
 */
export function planCache(options: {
  caching: Policy["caching"];
  facts: RequestFacts;
  model: ModelInfo;
}): CachePlan {
  const { caching, facts, model } = options;
  const off = (reason: string): CachePlan => ({ enabled: false, ttl: caching.ttl, breakpoints: [], reason });
  if (!caching.enabled) return off("caching is disabled by the policy");
  const prefix = facts.stablePrefixTokens;
  if (prefix === undefined || prefix === 0) return off("no stable prefix reported (fact stablePrefixTokens)");
  const minimum = model.minCacheableTokens ?? caching.unknownMinimumTokens;
  if (prefix < minimum) {
    const source = model.minCacheableTokens === null ? "assumed" : "published";
    return off(`stable prefix of ${prefix} tokens is below ${model.id}'s ${source} minimum of ${minimum}`);
  }
  const reuse = facts.expectedReuse ?? caching.assumedReuse;
  if (reuse < caching.minExpectedReuse) {
    return off(`expected reuse ${reuse} is below the policy's minimum of ${caching.minExpectedReuse}`);
  }
  const breakpoints = caching.breakpoints.filter(
    (segment) => segment !== "tools" || facts.hasTools !== false,
  );
  if (breakpoints.length === 0) return off("no breakpoint segment applies (no tools)");
  return {
    enabled: true,
    ttl: caching.ttl,
    breakpoints,
    reason: `stable prefix of ${prefix} tokens reaches ${model.id}'s minimum of ${minimum}; expected reuse ${reuse}`,
  };
}
