/**
 * The HTTP floor beside the emulator: a bare node:http server that does the least any API
 * server must do per request (read the body, JSON.parse it, JSON.stringify a Message-sized
 * answer, write it). Same IPC protocol as serve.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const answer = {
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  role: "assistant",
  model: "claude-haiku-4-5-20251001",
  content: [
    {
      type: "text",
      text: "Billing. The customer was charged twice and the invoice VAT number is wrong.",
      citations: null,
    },
  ],
  stop_reason: "end_turn",
  stop_sequence: null,
  stop_details: null,
  container: null,
  diagnostics: null,
  usage: {
    input_tokens: 58,
    output_tokens: 19,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    service_tier: "standard",
  },
};
let requests = 0;
const server = createServer({ keepAlive: true }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    requests++;
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const payload = JSON.stringify(answer);
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
    });
    response.end(payload);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`,
  );
});
process.on("message", () => {
  const cpu = process.cpuUsage();
  process.send?.({ cpuMicros: cpu.user + cpu.system, requests });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
