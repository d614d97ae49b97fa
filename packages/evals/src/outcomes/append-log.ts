import { type FileHandle, open, readFile, rename, writeFile } from "node:fs/promises";
import { EvalsError, EvalsErrorCode } from "../evals-error.js";

/**
 * A JSON-lines file opened for appending, one write per line in call order. A killed run can
 * leave a partial last line; opening starts a fresh line after it so no good line is glued to
 * it (the partial one is then reported as bad by whoever reads the file).
 */
export class AppendLog {
  private tail: Promise<void> = Promise.resolve();

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

  /** Appends one JSON line; resolves once it has been written (in order with earlier appends). */
  append(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.tail = this.tail.then(async () => {
      await this.handle.write(line);
    });
    return this.tail;
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
