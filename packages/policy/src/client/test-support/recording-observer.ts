import type { RoutedCallObserver } from "@rightsize/contracts";

/** Every observer call, in order, as plain records (what telemetry would see). */
export type ObservedCall =
  | {
      hook: "startRequest";
      requestId: string;
      decisionKind: string;
      shadow: boolean;
      streaming: boolean;
      requested: { model: string; maxTokens: number };
    }
  | {
      hook: "startAttempt";
      requestId: string;
      attempt: number;
      tier: string | null;
      model: string;
      maxTokens: number;
      mode: string;
      escalationReason?: string;
    }
  | { hook: "firstChunk"; requestId: string; attempt: number }
  | { hook: "joinBatch"; requestId: string; attempt: number }
  | {
      hook: "endAttempt";
      requestId: string;
      attempt: number;
      responseId?: string;
      stopReason?: string | null;
      error?: unknown;
      escalatedBecause?: string;
    }
  | {
      hook: "endRequest";
      requestId: string;
      outcome: string;
      attempts: number;
      escalations: number;
      finalTier: string | null;
      finalModel: string | null;
    }
  | { hook: "startBatch"; requestCount: number; model: string }
  | { hook: "batchSubmitted"; batchId: string }
  | { hook: "batchEnd"; status: string; counts?: Record<string, number> };

export function recordingObserver(): { observer: RoutedCallObserver; calls: ObservedCall[] } {
  const calls: ObservedCall[] = [];
  const observer: RoutedCallObserver = {
    startRequest(info) {
      const requestId = info.requestId;
      const shadow = info.decision.kind === "route" && info.decision.shadow;
      calls.push({
        hook: "startRequest",
        requestId,
        decisionKind: info.decision.kind,
        shadow,
        streaming: info.streaming,
        requested: info.requested,
      });
      return {
        startAttempt(attempt) {
          const { attempt: number, tier, model, maxTokens, mode, escalationReason } = attempt;
          calls.push({
            hook: "startAttempt",
            requestId,
            attempt: number,
            tier,
            model,
            maxTokens,
            mode,
            ...(escalationReason ? { escalationReason } : {}),
          });
          return {
            firstChunk: () => calls.push({ hook: "firstChunk", requestId, attempt: number }),
            joinBatch: () => calls.push({ hook: "joinBatch", requestId, attempt: number }),
            end: (end) =>
              calls.push({
                hook: "endAttempt",
                requestId,
                attempt: number,
                ...(end.response
                  ? { responseId: end.response.id, stopReason: end.response.stop_reason }
                  : {}),
                ...(end.error ? { error: end.error } : {}),
                ...(end.escalatedBecause ? { escalatedBecause: end.escalatedBecause } : {}),
              }),
          };
        },
        end: (end) =>
          calls.push({
            hook: "endRequest",
            requestId,
            outcome: end.outcome,
            attempts: end.attempts,
            escalations: end.escalations,
            finalTier: end.finalTier,
            finalModel: end.finalModel,
          }),
      };
    },
    startBatch(info) {
      calls.push({ hook: "startBatch", requestCount: info.requestCount, model: info.model });
      return {
        submitted: ({ batchId }) => calls.push({ hook: "batchSubmitted", batchId }),
        end: ({ status, counts }) => calls.push({ hook: "batchEnd", status, ...(counts ? { counts } : {}) }),
      };
    },
  };
  return { observer, calls };
}
