/** One piece of a request's prompt, in cache-prefix order (tools, system, messages). */
export interface PromptSegment {
  /** Where it is in the request body: `tools[0]`, `system[1]`, `messages[2].content[0]`. */
  path: string;
  text: string;
  /** The block carries a `cache_control` breakpoint. */
  breakpoint: boolean;
}

/**
 * Flattens a Messages API request body into its prompt segments in the order Anthropic's
 * prompt cache hashes them: tools, then system, then messages.
 */
export function promptSegments(body: Record<string, unknown>): PromptSegment[] {
  const segments: PromptSegment[] = [];
  const tools = Array.isArray(body.tools) ? body.tools : [];
  tools.forEach((tool, index) => {
    segments.push({ path: `tools[${index}]`, text: JSON.stringify(tool), breakpoint: hasBreakpoint(tool) });
  });
  if (typeof body.system === "string")
    segments.push({ path: "system", text: body.system, breakpoint: false });
  else if (Array.isArray(body.system)) {
    body.system.forEach((block, index) => {
      segments.push({ path: `system[${index}]`, text: blockText(block), breakpoint: hasBreakpoint(block) });
    });
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  messages.forEach((message, messageIndex) => {
    const content = (message as { content?: unknown })?.content;
    if (typeof content === "string") {
      segments.push({ path: `messages[${messageIndex}].content`, text: content, breakpoint: false });
    } else if (Array.isArray(content)) {
      content.forEach((block, blockIndex) => {
        segments.push({
          path: `messages[${messageIndex}].content[${blockIndex}]`,
          text: blockText(block),
          breakpoint: hasBreakpoint(block),
        });
      });
    }
  });
  return segments;
}

function blockText(block: unknown): string {
  if (typeof block === "object" && block !== null) {
    const typed = block as { type?: unknown; text?: unknown };
    if (typed.type === "text" && typeof typed.text === "string") return typed.text;
    const { cache_control: _ignored, ...rest } = block as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return String(block);
}

function hasBreakpoint(block: unknown): boolean {
  return typeof block === "object" && block !== null && "cache_control" in block;
}
