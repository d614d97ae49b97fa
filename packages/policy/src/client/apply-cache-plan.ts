import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";
import type { CachePlan } from "@rightsize/contracts";

/** Anthropic's limit on explicit cache_control breakpoints per request (prompt-caching docs). */
export const MAX_CACHE_BREAKPOINTS = 4;

type Segment = CachePlan["breakpoints"][number];
type Ttl = "5m" | "1h";
type Block = { cache_control?: { type: "ephemeral"; ttl?: Ttl } | null };

export interface CachePlanResult {
  params: MessageCreateParamsBase;
  /** Breakpoints added, in prompt order. */
  applied: Array<{ segment: Segment; ttl: Ttl }>;
  /** Segments of the plan that got no breakpoint, and why. */
  skipped: Array<{ segment: Segment; reason: string }>;
}

/** Where a breakpoint sits: its order in the prompt and the block that carries it. */
interface Slot {
  segment: Segment;
  order: number;
  block: Block;
}

function existingBreakpoints(params: MessageCreateParamsBase): Array<{ order: number; ttl: Ttl }> {
  const found: Array<{ order: number; ttl: Ttl }> = [];
  let order = 0;
  const visit = (block: unknown) => {
    order++;
    const control = (block as Block | null)?.cache_control;
    if (control) found.push({ order, ttl: control.ttl ?? "5m" });
  };
  for (const tool of params.tools ?? []) visit(tool);
  if (Array.isArray(params.system)) for (const block of params.system) visit(block);
  else if (params.system) order++; // A string system prompt is one text block.
  for (const message of params.messages) {
    if (Array.isArray(message.content)) for (const block of message.content) visit(block);
    else order++;
  }
  return found;
}

/**
 * Applies a decision's cache plan: a `cache_control` breakpoint at the end of each planned
 * stable-prefix segment (tools, then system, then the first `staticMessages` messages).
 * The caller's params are not mutated. Respects the 4-breakpoint limit (counting the caller's own
 * and a top-level automatic one; the longest prefixes win) and the rule that 1h breakpoints must
 * precede 5m ones (a breakpoint is added as 5m after a caller's 5m one, 1h before a caller's 1h one).
 */
export function applyCachePlan(options: {
  params: MessageCreateParamsBase;
  plan: CachePlan;
  /** How many leading messages are static (identical across calls); 0 or absent: none. */
  staticMessages?: number;
}): CachePlanResult {
  const { plan } = options;
  const skipped: CachePlanResult["skipped"] = [];
  if (!plan.enabled || plan.breakpoints.length === 0) return { params: options.params, applied: [], skipped };
  const params: MessageCreateParamsBase = { ...options.params };
  const slots: Slot[] = [];
  const toolCount = params.tools?.length ?? 0;
  let systemCount = 0;

  if (plan.breakpoints.includes("tools")) {
    if (params.tools && toolCount > 0) {
      params.tools = [...params.tools];
      const last = { ...params.tools[toolCount - 1] } as Block;
      params.tools[toolCount - 1] = last as never;
      slots.push({ segment: "tools", order: toolCount, block: last });
    } else skipped.push({ segment: "tools", reason: "the request has no tools" });
  }
  if (typeof params.system === "string") {
    params.system = params.system ? [{ type: "text", text: params.system }] : undefined;
  } else if (params.system) params.system = [...params.system];
  systemCount = params.system?.length ?? 0;
  if (plan.breakpoints.includes("system")) {
    if (params.system && systemCount > 0) {
      const last = { ...params.system[systemCount - 1] } as Block;
      params.system[systemCount - 1] = last as never;
      slots.push({ segment: "system", order: toolCount + systemCount, block: last });
    } else skipped.push({ segment: "system", reason: "the request has no system prompt" });
  }
  if (plan.breakpoints.includes("static-messages")) {
    const count = Math.min(options.staticMessages ?? 0, params.messages.length);
    if (count > 0) {
      params.messages = [...params.messages];
      let order = toolCount + systemCount;
      for (let index = 0; index < count; index++) {
        const content = params.messages[index]?.content;
        order += typeof content === "string" ? 1 : (content?.length ?? 0);
      }
      const message = params.messages[count - 1];
      if (message) {
        const blocks =
          typeof message.content === "string"
            ? [{ type: "text", text: message.content }]
            : [...message.content];
        const last = { ...blocks[blocks.length - 1] } as Block;
        blocks[blocks.length - 1] = last as never;
        params.messages[count - 1] = { ...message, content: blocks } as never;
        slots.push({ segment: "static-messages", order, block: last });
      }
    } else skipped.push({ segment: "static-messages", reason: "no messages were marked static" });
  }

  const existing = existingBreakpoints(options.params).filter(
    (entry) => !slots.some((slot) => slot.order === entry.order),
  );
  const free = MAX_CACHE_BREAKPOINTS - existing.length - (params.cache_control ? 1 : 0);
  // Longest prefixes first: a breakpoint late in the prefix also covers everything before it.
  const kept = [...slots].sort((left, right) => right.order - left.order);
  for (const dropped of kept.splice(Math.max(free, 0))) {
    skipped.push({ segment: dropped.segment, reason: `no free breakpoint (limit ${MAX_CACHE_BREAKPOINTS})` });
  }
  const applied: CachePlanResult["applied"] = [];
  for (const slot of kept.sort((left, right) => left.order - right.order)) {
    if (slot.block.cache_control) {
      // The caller already placed one here: keep theirs, and let it order the ones after it.
      existing.push({ order: slot.order, ttl: slot.block.cache_control.ttl ?? "5m" });
      continue;
    }
    const after5m = existing.some((entry) => entry.order < slot.order && entry.ttl === "5m");
    const before1h = existing.some((entry) => entry.order > slot.order && entry.ttl === "1h");
    const ttl: Ttl = before1h ? "1h" : after5m ? "5m" : plan.ttl;
    slot.block.cache_control = ttl === "5m" ? { type: "ephemeral" } : { type: "ephemeral", ttl };
    applied.push({ segment: slot.segment, ttl });
    existing.push({ order: slot.order, ttl });
  }
  return { params, applied, skipped };
}
