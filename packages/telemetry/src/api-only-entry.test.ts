import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sourceHooks = fileURLToPath(new URL("../../../scripts/ts-source-hooks.mjs", import.meta.url));
const recorder = fileURLToPath(new URL("./test-support/record-packages.mjs", import.meta.url));

/** The third-party packages Node loads for `import "<entry>"` (run from sources, as the build keeps the same imports). */
function packagesLoadedBy(entry: string): string[] {
  const output = execFileSync(
    process.execPath,
    [
      "--import",
      sourceHooks,
      "--import",
      recorder,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(entry)});`,
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(output.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe("the API-only entry", () => {
  it("loads @opentelemetry/api and no OpenTelemetry SDK", () => {
    const loaded = packagesLoadedBy("@rightsize/telemetry");
    expect(loaded.filter((name) => name.startsWith("@opentelemetry/"))).toEqual(["@opentelemetry/api"]);
    // Everything else comes from the workspace packages it builds on (pricing's zod).
    expect(loaded).toEqual(["@opentelemetry/api", "zod"]);
  });

  it("leaves the SDK and the exporters to /node", () => {
    const loaded = packagesLoadedBy("@rightsize/telemetry/node");
    expect(loaded).toEqual(
      expect.arrayContaining([
        "@opentelemetry/core",
        "@opentelemetry/sdk-metrics",
        "@opentelemetry/sdk-node",
        "@opentelemetry/exporter-trace-otlp-proto",
      ]),
    );
  });
});
