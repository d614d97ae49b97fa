import type { Decision, RequestFacts, TierName } from "@rightsize/contracts";
import type { TierOverride } from "../feedback/tier-override.js";

/** What the routed client did for one request; `routingOf(message)` returns it. */
export interface RoutingMetadata {
  /** The client's id of the request: feedback may name it (or the message id). */
  requestId: string;
  /** The decision the request ran under (after overrides, budget and context re-decisions). */
  decision: Decision;
  facts: RequestFacts;
  /** Number of attempts sent (1 when nothing escalated). */
  attempts: number;
  /** Tiers tried in order (null for an attempt on the caller's own model, e.g. in shadow mode). */
  tiersTried: Array<TierName | null>;
  /** max_tokens each attempt was sent with (a truncated attempt raises the next one's). */
  maxTokensTried: number[];
  /** Why each escalation happened, in order (length attempts - 1, unless stopped early). */
  escalationReasons: string[];
  /**
   * Whether the returned response passed every check. Only true when the checks ran on it:
   * a stream read live is checked when it ends (see `streamed`), a shadow request is checked
   * and reported but never escalated.
   */
  checkPassed: boolean;
  /** The failed check of the returned response, if any. */
  checkFailure?: string;
  /** `live`: streamed to the caller as it came (checks recorded at its end, no escalation); `buffered`: read whole first. */
  streamed?: "live" | "buffered";
  /** Feedback overrides that moved the request up a tier. */
  overrides: TierOverride[];
  /** The decision was not enforced: the request went out as the caller asked. */
  shadow: boolean;
  /**
   * Budget: pico-dollars held (worst cases) and spent (actual, from usage), or why the request
   * ran unbudgeted. `unsettled` counts spend the store has not recorded yet (it was down): the
   * client retries it in the background (`client.rightsize.settlements`).
   */
  budget: { held: number; spent: number; unsettled?: number } | { unbudgeted: string };
  /** Escalation stopped before the chain ended (e.g. the budget could not hold the next tier). */
  stoppedBecause?: string;
  /** The id and model of the message returned. */
  messageId?: string;
  finalModel?: string;
}

const metadataOf = new WeakMap<object, RoutingMetadata | Promise<RoutingMetadata>>();

/**
 * @internal Records the metadata of a result (a message, a Response, a stream): a WeakMap, and a
 * non-enumerable `rightsize` property, so a message serializes exactly as the API returned it.
 */
export function attachRouting(target: object, metadata: RoutingMetadata | Promise<RoutingMetadata>): void {
  metadataOf.set(target, metadata);
  if (Object.isExtensible(target)) {
    Object.defineProperty(target, "rightsize", { value: metadata, enumerable: false, configurable: true });
  }
}

/**
 * The routing metadata of a message the routed client returned (or of its `Response`); for a
 * stream (`create({ stream: true })`, `messages.stream()`), a promise that resolves when the
 * stream has ended. Undefined for anything the routed client did not return.
 *
 * @example
 * const message = await client.messages.create(params, { rightsize: { facts } });
 * routingOf(message)?.tiersTried; // ["haiku"]
 */
export function routingOf(value: AsyncIterable<unknown>): Promise<RoutingMetadata> | undefined;
export function routingOf(value: unknown): RoutingMetadata | undefined;
export function routingOf(value: unknown): RoutingMetadata | Promise<RoutingMetadata> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return metadataOf.get(value);
}
