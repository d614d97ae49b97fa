import type { MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages";

/**
 * Characters per token assumed for text. The newer tokenizer (Opus 4.7+, Sonnet 5+, Haiku 5.5)
 * yields about 30% more tokens than the old one's ~4 characters per token on English (facts:
 * anthropic.md), about 3.1; 3 leans to over-estimating, which is the safe side for budgets.
 */
const CHARACTERS_PER_TOKEN = 3;
/** Per-message framing tokens (role markers), and a flat figure per image (a ~1 megapixel image). */
const MESSAGE_OVERHEAD_TOKENS = 4;
const IMAGE_TOKENS = 1_600;

function contentCharacters(content: unknown): { characters: number; images: number } {
  if (typeof content === "string") return { characters: content.length, images: 0 };
  if (!Array.isArray(content)) return { characters: 0, images: 0 };
  let characters = 0;
  let images = 0;
  for (const block of content as Array<Record<string, unknown>>) {
    if (block.type === "text" && typeof block.text === "string") characters += block.text.length;
    else if (block.type === "image") images++;
    else if (block.type === "tool_result") {
      const inner = contentCharacters(block.content);
      characters += inner.characters;
      images += inner.images;
    } else {
      // Tool use, documents and the like: their JSON is a fair upper bound of their text.
      characters += JSON.stringify(block).length;
    }
  }
  return { characters, images };
}

/**
 * A fast, offline estimate of a request's input tokens (no offline tokenizer is exact for Claude
 * 3 and later): used for context-window fit and budget holds when the caller gave no
 * `estimatedInputTokens` fact. For exact counts, pass the count_tokens result as that fact.
 */
export function estimateInputTokens(params: MessageCreateParamsBase): number {
  let characters = 0;
  let images = 0;
  const add = (content: unknown) => {
    const counted = contentCharacters(content);
    characters += counted.characters;
    images += counted.images;
  };
  add(params.system);
  for (const message of params.messages) {
    add(message.content);
    characters += MESSAGE_OVERHEAD_TOKENS * CHARACTERS_PER_TOKEN;
  }
  if (params.tools && params.tools.length > 0) characters += JSON.stringify(params.tools).length;
  return Math.ceil(characters / CHARACTERS_PER_TOKEN) + images * IMAGE_TOKENS;
}
