import { vi } from "vitest";
import { runCli } from "../program.js";

/** What one in-process `rightsize` invocation printed and returned. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `rightsize ARGS...` in-process through the real command tree, capturing stdout and stderr
 * (restored afterwards, also on a throw).
 */
export async function runCliCaptured(args: readonly string[]): Promise<CapturedRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await runCli(["node", "rightsize", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
