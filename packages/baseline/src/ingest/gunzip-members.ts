import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";

/** How a gzip read ended: cleanly, or with the reason it stopped (everything before it was delivered). */
export interface GunzipOutcome {
  error: string | null;
}

const HEADER_SCAN_BYTES = 64 * 1024;
const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;

/**
 * Decompress a gzip file member by member, as `gzip -d` does: concatenated members are read in
 * turn, and bytes after the last member that do not start another one (trailing garbage) end
 * the read with every byte of decompressed output before them delivered. (Node's gunzip stream
 * treats such bytes as a broken next header and drops the output of the write that held the
 * end of the last member.) Each member's raw deflate stream is inflated by `createInflateRaw`,
 * which stops at the stream's end; its `bytesWritten` says where the 8-byte trailer starts.
 *
 * The returned stream ends normally even when the read stopped early; `outcome()` then holds why.
 */
export function gunzipMembers(options: { path: string; onBytes?: (bytesSoFar: number) => void }): {
  stream: Readable;
  outcome: () => GunzipOutcome;
} {
  const output = new PassThrough();
  let error: string | null = null;
  let bytesBefore = 0;
  const run = async () => {
    const { size } = await stat(options.path);
    let offset = 0;
    let member = 0;
    while (offset < size) {
      const header = await readMemberHeader(options.path, offset);
      if (header === null) {
        // Zero padding (tape blocks, preallocated files) ends the data silently, as in gzip -d.
        if (member > 0 && (await isZeroPadding(options.path, offset, size))) return;
        // gzip -d: "decompression OK, trailing garbage ignored".
        error =
          member === 0
            ? "not a gzip stream"
            : `trailing garbage after the gzip data (${size - offset} bytes) ignored`;
        return;
      }
      if (typeof header === "string") {
        error = header;
        return;
      }
      const inflated = await inflateMember({
        path: options.path,
        start: offset + header.length,
        output,
        onBytes: (bytes) => options.onBytes?.(bytesBefore + header.length + bytes),
      });
      if (inflated.error !== null) {
        error = inflated.error;
        return;
      }
      const trailerAt = offset + header.length + inflated.consumed;
      const trailer = await readBytes(options.path, trailerAt, 8);
      if (trailer.length < 8) {
        error = "unexpected end of file (gzip trailer missing)";
        return;
      }
      if (trailer.readUInt32LE(0) !== inflated.crc || trailer.readUInt32LE(4) !== inflated.size % 2 ** 32) {
        error = "gzip member fails its CRC or length check";
        return;
      }
      offset = trailerAt + 8;
      bytesBefore = offset;
      options.onBytes?.(bytesBefore);
      member++;
    }
  };
  run()
    .catch((caught: unknown) => {
      error = caught instanceof Error ? caught.message : String(caught);
    })
    .finally(() => output.end());
  return { stream: output, outcome: () => ({ error }) };
}

/** Inflate one member's raw deflate data into `output` (without ending it). */
function inflateMember(options: {
  path: string;
  start: number;
  output: PassThrough;
  onBytes: (bytes: number) => void;
}): Promise<{ consumed: number; crc: number; size: number; error: string | null }> {
  return new Promise((resolve) => {
    const file = createReadStream(options.path, { start: options.start, highWaterMark: 1 << 20 });
    const inflate = createInflateRaw();
    let crc = 0;
    let size = 0;
    let read = 0;
    let settled = false;
    const settle = (error: string | null) => {
      if (settled) return;
      settled = true;
      options.output.off("close", cancel);
      file.destroy();
      resolve({ consumed: inflate.bytesWritten, crc, size, error });
    };
    file.on("data", (chunk) => {
      read += chunk.length;
      options.onBytes(read);
    });
    file.on("error", (error) => settle(error.message));
    // The reader stopped early (e.g. format detection read its head): stop decompressing.
    const cancel = () => {
      inflate.destroy();
      settle("read cancelled");
    };
    options.output.once("close", cancel);
    inflate.on("data", (chunk: Buffer) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      // Backpressure: a slow reader pauses the inflate, which pauses the file.
      if (!options.output.write(chunk)) {
        inflate.pause();
        options.output.once("drain", () => inflate.resume());
      }
    });
    inflate.on("error", (error) => settle(error.message));
    inflate.on("end", () => settle(null));
    // The file ran out before the deflate stream ended: a truncated member.
    file.on("end", () => inflate.end());
    file.pipe(inflate, { end: false });
  });
}

/** Parse the gzip member header at `offset`: its length, null when there is no gzip magic, or an error. */
async function readMemberHeader(path: string, offset: number): Promise<{ length: number } | string | null> {
  const head = await readBytes(path, offset, HEADER_SCAN_BYTES);
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return null;
  if (head.length < 10) return "unexpected end of file (gzip header)";
  if (head[2] !== 8) return "unknown gzip compression method";
  const flags = head[3] ?? 0;
  let at = 10;
  if (flags & FLAG_EXTRA) {
    if (head.length < at + 2) return "unexpected end of file (gzip header)";
    at += 2 + head.readUInt16LE(at);
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    const end = head.indexOf(0, at);
    if (end === -1) return "gzip header field longer than 64 KiB";
    at = end + 1;
  }
  if (flags & FLAG_HCRC) at += 2;
  if (at > head.length) return "unexpected end of file (gzip header)";
  return { length: at };
}

async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when every byte from `offset` to the end is zero (checked up to 1 MiB of padding). */
async function isZeroPadding(path: string, offset: number, size: number): Promise<boolean> {
  if (size - offset > 1 << 20) return false;
  const rest = await readBytes(path, offset, size - offset);
  return rest.every((byte) => byte === 0);
}
