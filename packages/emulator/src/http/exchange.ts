import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorRuntime } from "./runtime.js";

/** One HTTP request being answered: the emulator's state, the request, its response and request id. */
export interface Exchange {
  runtime: EmulatorRuntime;
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
}
