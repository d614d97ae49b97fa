import type { Message, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import type { TierName } from "@rightsize/contracts";
import type { Policy } from "../policy-schema.js";

/** An answered routed request the continuous shadow eval may sample: its task type and tier. */
export interface ShadowCandidate {
  taskType: string;
  tier: TierName;
}

/**
 * A sampled request, handed over once the caller has its answer: the request as the answering
 * attempt sent it, the answer, and the next tier up to compare it with.
 */
export interface ShadowSample extends ShadowCandidate {
  requestId: string;
  /** The model that answered. */
  model: string;
  /** The next tier up in the policy's order, and its model. */
  shadowTier: TierName;
  shadowModel: string;
  /** The answering attempt's request (its model, ceiling and cache plan), never streamed. */
  request: MessageCreateParamsNonStreaming;
  answer: Message;
  /** The policy that routed the request (its `monitoring` section says what a regression does). */
  policy: Policy;
  /**
   * Sends a request through the client's Message Batches collector (half price), not routed again:
   * the shadow re-run, a judge call. Resolves with the message or rejects; never touches the caller.
   */
  sendBatch(params: MessageCreateParamsNonStreaming): Promise<Message>;
}

/**
 * The routed client's continuous shadow eval (`shadowEval` option; `createContinuousEval` in
 * `@rightsize/evals` implements it). Both calls run after the caller's answer is ready and must
 * return at once; the client guards them, so a throw is reported, never the caller's.
 */
export interface ShadowEvaluator {
  /** Whether this answered request is shadow-evaluated (the per-task-type sample share). */
  sample(candidate: ShadowCandidate): boolean;
  /** Takes a sampled request; the re-run, grading and verdict happen in the background. */
  evaluate(sample: ShadowSample): void;
}
