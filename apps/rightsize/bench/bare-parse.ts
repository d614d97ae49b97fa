/**
 * The benchmark's anchor: the least any reader of these files must do. Streams each file,
 * splits lines, JSON.parse's every line and counts the spans. No attribute is looked at.
 *
 *   node bare-parse.ts FILE...   prints {"lines":N,"spans":N,"bytes":N}
 */
import { createReadStream } from "node:fs";

let lines = 0;
let spans = 0;
let bytes = 0;

interface ExportRequest {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

function parseLine(line: string): void {
  if (line.length === 0) return;
  lines += 1;
  const request = JSON.parse(line) as ExportRequest;
  for (const resource of request.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
  }
}

for (const path of process.argv.slice(2)) {
  let carry = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    bytes += Buffer.byteLength(chunk as string);
    let start = 0;
    for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
      parseLine(text.slice(start, end));
      start = end + 1;
    }
    carry = text.slice(start);
  }
  parseLine(carry);
}
process.stdout.write(`${JSON.stringify({ lines, spans, bytes })}\n`);
