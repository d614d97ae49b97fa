import type { Emulator } from "@rightsize/emulator";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../program.js";
import { resolveEmulatorSettings, runEmulator } from "./emulator.js";

describe("rightsize emulator", () => {
  it("serves the API until aborted and prints the export line", async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    let emulator: Emulator | undefined;
    const running = runEmulator({
      settings: resolveEmulatorSettings({ port: "0", host: "127.0.0.1", seed: "3" }),
      signal: controller.signal,
      write: (line) => lines.push(line),
      onListening: (started) => {
        emulator = started;
      },
    });
    await vi.waitFor(() => expect(emulator).toBeDefined());
    expect(lines).toContain(`export ANTHROPIC_BASE_URL=${emulator!.url}`);
    const response = await fetch(`${emulator!.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-haiku-4-5",
        max_tokens: 20,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(200);
    controller.abort();
    await running;
    expect(lines.at(-1)).toMatch(/^stopped after 1 requests/);
    await expect(fetch(`${emulator!.url}/v1/models`)).rejects.toThrow();
  });

  it("validates flags into settings", () => {
    const settings = resolveEmulatorSettings({
      port: "8787",
      host: "127.0.0.1",
      faultRate: "0.1",
      faultKinds: "rate_limit=3,overloaded",
      retryAfter: "0.5",
      latencyScale: "0.2",
    });
    expect(settings).toMatchObject({
      port: 8787,
      latencyScale: 0.2,
      faults: { rate: 0.1, kinds: { rate_limit: 3, overloaded: 1 }, retryAfterSeconds: 0.5 },
    });
  });

  it("exits 2 on bad flags", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await runCli(["node", "rightsize", "emulator", "--port", "70000"])).toBe(2);
      expect(await runCli(["node", "rightsize", "emulator", "--fault-rate", "2"])).toBe(2);
      expect(await runCli(["node", "rightsize", "emulator", "--fault-kinds", "gremlins"])).toBe(2);
      expect(await runCli(["node", "rightsize", "emulator", "--latency-scale", "-1"])).toBe(2);
      const written = stderr.mock.calls.map(([chunk]) => String(chunk)).join("");
      expect(written).toMatch(/--port must be an integer/);
      expect(written).toMatch(/unknown fault "gremlins"/);
    } finally {
      stderr.mockRestore();
    }
  });
});
