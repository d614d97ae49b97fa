import type { ApiErrorType } from "../api/api-error.js";
import type { SimulatedMessage } from "../simulation/simulated-message.js";

/** One line of a batch's results JSONL (SDK type MessageBatchIndividualResponse). */
export interface BatchResultLine {
  custom_id: string;
  result:
    | { type: "succeeded"; message: SimulatedMessage }
    | {
        type: "errored";
        error: { type: "error"; error: { type: ApiErrorType; message: string }; request_id: string | null };
      }
    | { type: "canceled" }
    | { type: "expired" };
}

/** A batch as GET /v1/messages/batches/{id} returns it (SDK type MessageBatch). */
export interface MessageBatchView {
  id: string;
  type: "message_batch";
  processing_status: "in_progress" | "canceling" | "ended";
  request_counts: {
    processing: number;
    succeeded: number;
    errored: number;
    canceled: number;
    expired: number;
  };
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  archived_at: string | null;
  cancel_initiated_at: string | null;
  results_url: string | null;
}
