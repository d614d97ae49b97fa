import type { RefusalStopDetails, ResponseBlock, StopReason } from "../answers/response-block.js";
import type { MessageUsage } from "./usage.js";

/** A Message object as the API returns it (SDK type Message). */
export interface SimulatedMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ResponseBlock[];
  stop_reason: StopReason;
  stop_sequence: string | null;
  stop_details: RefusalStopDetails | null;
  container: null;
  diagnostics: null;
  usage: MessageUsage;
}
