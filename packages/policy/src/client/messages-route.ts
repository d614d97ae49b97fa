/** Which Messages endpoint a request is for, if it is one the routing applies to. */
export type MessagesRoute = "messages" | "batches";

/** Sent by rightsize's own calls (the batch collector, count_tokens) so no entrance routes them twice. */
export const PASS_THROUGH_HEADER = "x-rightsize-pass-through";

/**
 * `messages` for `POST …/v1/messages` (beta ones too: `?beta=true`), `batches` for
 * `POST …/v1/messages/batches`; undefined for everything else (count_tokens, models, files,
 * batch retrieval and results), which every entrance passes through untouched.
 */
export function messagesRouteOf(options: {
  url: string;
  method: string | undefined;
}): MessagesRoute | undefined {
  if ((options.method ?? "GET").toUpperCase() !== "POST") return undefined;
  let path: string;
  try {
    path = new URL(options.url).pathname;
  } catch {
    return undefined;
  }
  path = path.replace(/\/+$/, "");
  if (path.endsWith("/v1/messages")) return "messages";
  if (path.endsWith("/v1/messages/batches")) return "batches";
  return undefined;
}
