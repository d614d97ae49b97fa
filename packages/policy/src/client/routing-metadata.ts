import type { Message } from "@anthropic-ai/sdk/resources/messages";
import type { Decision, RequestFacts, TierName } from "@rightsize/contracts";
import type { TierOverride } from "../feedback/tier-override.js";

/** What the routed client did for one request; attached to its result as `rightsize`. */
export interface RoutingMetadata {
  /** The client's id of the request: feedback may name it (or the message id). */
  requestId: string;
  /** The decision the request ran under (after overrides and any budget re-decision). */
  decision: Decision;
  facts: RequestFacts;
  /** Number of attempts sent (1 when nothing escalated). */
  attempts: number;
  /** Tiers tried in order (null for an attempt on the caller's own model, e.g. in shadow mode). */
  tiersTried: Array<TierName | null>;
  /** Why each escalation happened, in order (length attempts - 1, unless stopped early). */
  escalationReasons: string[];
  /** Whether the returned response passed every check; false when the chain ran out first. */
  checkPassed: boolean;
  /** The failed check of the returned response, if any. */
  checkFailure?: string;
  /** Feedback overrides that moved the request up a tier. */
  overrides: TierOverride[];
  /** The decision was not enforced: the request went out as the caller asked. */
  shadow: boolean;
  /** Budget: held and settled pico-dollars, or why the request ran unbudgeted. */
  budget: { held: number; spent: number } | { unbudgeted: string };
  /** Escalation stopped before the chain ended (e.g. the budget could not hold the next tier). */
  stoppedBecause?: string;
}

/** A Message with the routed client's metadata. */
export type RoutedMessage = Message & { readonly rightsize: RoutingMetadata };

/**
 * Attaches the metadata as a non-enumerable `rightsize` property: the message serializes exactly
 * as the API returned it, while callers (and `routingOf`) can still read what happened.
 */
export function attachRouting(message: Message, metadata: RoutingMetadata): RoutedMessage {
  Object.defineProperty(message, "rightsize", { value: metadata, enumerable: false, configurable: true });
  return message as RoutedMessage;
}

/** The routing metadata of a result of the routed client, if it has one. */
export function routingOf(value: unknown): RoutingMetadata | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as { rightsize?: RoutingMetadata }).rightsize;
}
