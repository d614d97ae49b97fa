import { type FileHandle, open, readFile, rename, writeFile } from "node:fs/promises";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";

/**
 * A JSON-lines file opened for appending, one write per line in call order. A killed run can
 * leave a partial last line; opening starts a fresh line after it so no good line is glued to
 * it (the partial one is then reported as bad by whoever reads the file).
 */
export class AppendLog {
  private tail: Promise<void> = Promise.resolve();
  private writing = false;
  private queued: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];

  private readonly handle: FileHandle;
  readonly path: string;

  private constructor(handle: FileHandle, path: string) {
    this.handle = handle;
    this.path = path;
  }

  static async open(path: string): Promise<AppendLog> {
    try {
      const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return "";
        throw error;
      });
      const handle = await open(path, "a");
      const log = new AppendLog(handle, path);
      if (existing !== "" && !existing.endsWith("\n")) await handle.write("\n");
      return log;
    } catch (cause) {
      throw new EvalsError({
        code: EvalsErrorCode.io,
        message: `cannot append to ${path}: ${(cause as Error).message}`,
        cause,
      });
    }
  }

  /**
   * Appends one JSON line; resolves once it has been written. Lines appended while a write is
   * in flight go out together in the next write (one system call for many answers at high
   * concurrency), in call order.
   */
  append(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    return new Promise((resolve, reject) => {
      this.queued.push({ line, resolve, reject });
      if (!this.writing) this.tail = this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued;
        this.queued = [];
        try {
          await this.handle.write(batch.map((entry) => entry.line).join(""));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}

/** Replaces a file's content at once (write a sibling, then rename): a kill leaves the old or the new file, never half. */
export async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
