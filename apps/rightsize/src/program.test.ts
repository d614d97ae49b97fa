import { describe, expect, it } from "vitest";
import { runCliCaptured } from "./test-support/run-cli-captured.js";

describe("rightsize command", () => {
  it("prints its version and exits 0", async () => {
    const run = await runCliCaptured(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown subcommand or option", async () => {
    const command = await runCliCaptured(["no-such-command"]);
    const option = await runCliCaptured(["--no-such-flag"]);
    expect(command.code).toBe(2);
    expect(option.code).toBe(2);
    expect(command.stderr + option.stderr).toMatch(/unknown/i);
  });
});
