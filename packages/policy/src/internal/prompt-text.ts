/**
 * Walks the text of a Messages API prompt without copying it: the system prompt (string or
 * text blocks) and every message (string content or block arrays, including tool results),
 * in prompt order. Accepts the Anthropic SDK's MessageParam shapes structurally.
 */

/** The prompt shapes the scorer and classifier accept (a subset of MessageCreateParams). */
export interface PromptInput {
  system?: string | readonly unknown[] | undefined;
  messages: readonly { role: string; content: string | readonly unknown[] }[];
}

export interface PromptVisitor {
  /** A run of text; `role` is "system", "user" or "assistant"; `messageIndex` -1 for system. */
  text(text: string, role: string, messageIndex: number): void;
  /** A non-text block: image, document, tool_use, ... */
  block(type: string, role: string, messageIndex: number): void;
}

export function visitPrompt(prompt: PromptInput, visitor: PromptVisitor): void {
  const system = prompt.system;
  if (typeof system === "string") visitor.text(system, "system", -1);
  else if (Array.isArray(system)) visitBlocks(system, visitor, { role: "system", index: -1, depth: 0 });
  const messages = prompt.messages ?? [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    const content = message.content;
    if (typeof content === "string") visitor.text(content, message.role, index);
    else if (Array.isArray(content)) visitBlocks(content, visitor, { role: message.role, index, depth: 0 });
  }
}

/** Where the blocks sit: their message's role and index, and how deep in tool results. */
interface BlockPlace {
  role: string;
  index: number;
  depth: number;
}

function visitBlocks(blocks: readonly unknown[], visitor: PromptVisitor, place: BlockPlace) {
  const { role, index, depth } = place;
  for (const block of blocks) {
    if (typeof block !== "object" || block === null) continue;
    const typed = block as { type?: unknown; text?: unknown; content?: unknown; source?: unknown };
    const type = typeof typed.type === "string" ? typed.type : "unknown";
    if (type === "text" && typeof typed.text === "string") {
      visitor.text(typed.text, role, index);
      continue;
    }
    visitor.block(type, role, index);
    if (type === "tool_result" && depth < 2) {
      if (typeof typed.content === "string") visitor.text(typed.content, role, index);
      else if (Array.isArray(typed.content))
        visitBlocks(typed.content, visitor, { ...place, depth: depth + 1 });
    } else if (type === "document") {
      const source = typed.source as { type?: unknown; data?: unknown } | undefined;
      // Plain-text documents carry their text inline; PDFs and images are opaque here.
      if (source?.type === "text" && typeof source.data === "string") visitor.text(source.data, role, index);
    }
  }
}
