/**
 * Prompt and response text as the GenAI opt-in attributes (v1.41.0 message format:
 * `[{ role, parts: [{ type, ... }] }]`, serialized as JSON strings). Only called when the user
 * enabled content capture. Images and documents are recorded by type only, never their bytes.
 */

type Block = Record<string, unknown>;

function toPart(block: unknown): Record<string, unknown> {
  if (typeof block === "string") return { type: "text", content: block };
  if (block === null || typeof block !== "object") return { type: "unknown" };
  const value = block as Block;
  switch (value.type) {
    case "text":
      return { type: "text", content: value.text };
    case "thinking":
      return { type: "reasoning", content: value.thinking };
    case "tool_use":
      return { type: "tool_call", id: value.id, name: value.name, arguments: value.input };
    case "tool_result":
      return { type: "tool_call_response", id: value.tool_use_id, response: value.content };
    default:
      return { type: String(value.type ?? "unknown") };
  }
}

function toParts(content: unknown): Record<string, unknown>[] {
  return Array.isArray(content) ? content.map(toPart) : [toPart(content)];
}

/** `gen_ai.input.messages` from Messages API params. */
export function inputMessages(params: { messages?: unknown }): string | undefined {
  if (!Array.isArray(params.messages)) return undefined;
  return JSON.stringify(
    params.messages.map((message: Block) => ({ role: message.role, parts: toParts(message.content) })),
  );
}

/** `gen_ai.system_instructions` from the `system` param. */
export function systemInstructions(params: { system?: unknown }): string | undefined {
  if (params.system === undefined || params.system === null) return undefined;
  return JSON.stringify(toParts(params.system));
}

/** `gen_ai.output.messages` from a response's content blocks and stop reason. */
export function outputMessages(content: unknown, stopReason: string | null | undefined): string {
  return JSON.stringify([
    { role: "assistant", parts: toParts(content ?? []), finish_reason: stopReason ?? null },
  ]);
}
