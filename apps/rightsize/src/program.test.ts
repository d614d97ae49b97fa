import { describe, expect, it, vi } from "vitest";
import { runCli } from "./program.js";

function capture() {
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
  return {
    out,
    err,
    restore() {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

describe("rightsize command", () => {
  it("prints its version and exits 0", async () => {
    const io = capture();
    const code = await runCli(["node", "rightsize", "--version"]);
    io.restore();
    expect(code).toBe(0);
    expect(io.out.join("")).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown subcommand or option", async () => {
    const io = capture();
    expect(await runCli(["node", "rightsize", "no-such-command"])).toBe(2);
    expect(await runCli(["node", "rightsize", "--no-such-flag"])).toBe(2);
    io.restore();
    expect(io.err.join("")).toMatch(/unknown/i);
  });
});
