import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run against workspace sources, no build step (tRPC's setup): each @rightsize/*
// import resolves to the package's src/ entry.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@rightsize\/telemetry\/node$/,
        replacement: source("./packages/telemetry/src/node/index.ts"),
      },
      {
        find: /^@rightsize\/(pricing|policy|telemetry|emulator|baseline)\/testing$/,
        replacement: source("./packages/$1/src/testing.ts"),
      },
      {
        find: /^@rightsize\/contracts\/semconv$/,
        replacement: source("./packages/contracts/src/semconv.ts"),
      },
      {
        find: /^@rightsize\/(contracts|pricing|policy|telemetry|emulator|baseline|evals|router)$/,
        replacement: source("./packages/$1/src/index.ts"),
      },
    ],
  },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: keep parallelism modest so server-backed tests are not starved.
    maxWorkers: 2,
  },
});
