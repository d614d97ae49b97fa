// The packages as a stranger gets them: every library package is packed (`pnpm pack`), the
// tarballs are installed with npm into a fresh project outside the workspace (third-party
// dependencies from the npm registry, `--prefer-offline`), a TypeScript file using the public API
// is type-checked under `moduleResolution: nodenext` as ES modules and as CommonJS (which loads
// the ESM-only packages with require(esm), Node 22.12+), the CommonJS build is run, and the root
// README's "Embedding it" block is extracted and run as written against the emulator.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@rightsize/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const LIBRARIES = [
  "contracts",
  "pricing",
  "policy",
  "telemetry",
  "emulator",
  "evals",
  "baseline",
  "router",
] as const;
const tsc = join(root, "node_modules", ".bin", "tsc");

let project: string;
let emulator: Emulator;

/** Runs a command without blocking this process (the emulator it talks to runs here). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: 180_000,
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

/** The code block of the root README's "Embedding it" section (the `ts` one), as written. */
function embeddingExample(readme: string): string {
  const section = readme.slice(readme.indexOf("## Embedding it"));
  const match = /```ts\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf("\n## ", 3)));
  if (!match?.[1]) throw new Error("README: no ts block in the Embedding it section");
  return match[1];
}

const peerVersions = (name: string) => {
  const telemetry = JSON.parse(readFileSync(join(root, "packages/telemetry/package.json"), "utf8"));
  const policy = JSON.parse(readFileSync(join(root, "packages/policy/package.json"), "utf8"));
  return telemetry.peerDependencies[name] ?? policy.peerDependencies[name];
};

beforeAll(async () => {
  run(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "build",
      "--output-logs=errors-only",
      ...LIBRARIES.map((name) => `--filter=@rightsize/${name}`),
    ],
    { cwd: root },
  );
  project = mkdtempSync(join(tmpdir(), "rightsize-consumer-"));
  const tarballs = join(project, "tarballs");
  mkdirSync(tarballs);
  const dependencies: Record<string, string> = {};
  for (const name of LIBRARIES) {
    await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, "packages", name) });
  }
  for (const file of readdirSync(tarballs)) {
    const name = `@rightsize/${file.replace(/^rightsize-/, "").replace(/-\d+\.\d+\.\d+.*\.tgz$/, "")}`;
    dependencies[name] = `file:./tarballs/${file}`;
  }
  for (const peer of [
    "@anthropic-ai/sdk",
    "@opentelemetry/api",
    "@opentelemetry/core",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-node",
    "@opentelemetry/sdk-trace",
    "@opentelemetry/sdk-metrics",
    "@opentelemetry/exporter-trace-otlp-proto",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/exporter-metrics-otlp-proto",
    "@opentelemetry/exporter-metrics-otlp-http",
  ])
    dependencies[peer] = peerVersions(peer);
  dependencies["@types/node"] = "^24";
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
  });
  emulator = await startEmulator({ seed: 3 });
}, 240_000);

afterAll(async () => {
  await emulator?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

const tsconfig = (extra: object, files: string[]) =>
  JSON.stringify({
    files,
    compilerOptions: {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2023",
      strict: true,
      skipLibCheck: false,
      types: ["node"],
      ...extra,
    },
  });

const CONSUMER = `import Anthropic from "@anthropic-ai/sdk";
import type { RequestFacts } from "@rightsize/contracts";
import { startEmulator } from "@rightsize/emulator";
import { createGrader, graderSchema, wilsonInterval } from "@rightsize/evals";
import { createRoutedClient, createRoutingFetch, decide, defaultPolicy, routingOf, type RoutedClient } from "@rightsize/policy";
import { cost } from "@rightsize/pricing";
import { createRightsizeTelemetry } from "@rightsize/telemetry";

export async function consumer(baseURL: string): Promise<string> {
  const facts: RequestFacts = { taskType: "classification" };
  const decision = decide({ policy: defaultPolicy(), facts });
  const routed: RoutedClient = createRoutedClient({ client: new Anthropic({ apiKey: "k", baseURL }), policy: defaultPolicy(), observer: createRightsizeTelemetry() });
  const plain: Anthropic = routed; // assignable, no cast
  const message = await routed.messages.create(
    { model: "claude-opus-4-7", max_tokens: 200, messages: [{ role: "user", content: "Label: late parcel" }] },
    { rightsize: { facts } },
  );
  const viaFetch = new Anthropic({ apiKey: "k", baseURL, fetch: createRoutingFetch({ policy: defaultPolicy() }) });
  const other = await viaFetch.messages.create({ model: "claude-opus-4-7", max_tokens: 50, messages: [{ role: "user", content: "hi" }] });
  const usd = cost({ model: message.model, usage: message.usage }).contracted;
  const interval = wilsonInterval({ passes: 9, n: 10 });
  const grader = await createGrader({ config: graderSchema.parse({ type: "exact" }) });
  void interval; void grader;
  void plain; void startEmulator; void other;
  return \`\${decision.kind} \${routingOf(message)?.tiersTried.join(",")} \${typeof usd}\`;
}
`;

describe("the packages install and work outside the workspace", () => {
  it("type-checks the public API as ES modules (type: module, nodenext)", async () => {
    writeFileSync(join(project, "consumer.ts"), CONSUMER);
    writeFileSync(
      join(project, "embedding.ts"),
      embeddingExample(readFileSync(join(root, "README.md"), "utf8")),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      tsconfig({ noEmit: true }, ["consumer.ts", "embedding.ts"]),
    );
    await run(tsc, ["-p", "tsconfig.json"], { cwd: project });
  }, 180_000); // tsc on a fresh project: seconds on a quiet machine, much longer on a loaded one

  it("type-checks and runs the same code as CommonJS (require of the ESM packages)", async () => {
    const cjs = join(project, "cjs");
    mkdirSync(cjs, { recursive: true });
    writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs" }));
    // In CommonJS the SDK's types are its .d.ts build, not the .d.mts one the packages see:
    // RoutedClient takes the caller's own client type.
    writeFileSync(
      join(cjs, "consumer.ts"),
      CONSUMER.replace("const routed: RoutedClient =", "const routed: RoutedClient<Anthropic> ="),
    );
    writeFileSync(
      join(cjs, "main.ts"),
      `import { consumer } from "./consumer";\nconsumer(process.argv[2]!).then((line) => console.log(line));\n`,
    );
    writeFileSync(
      join(cjs, "tsconfig.json"),
      tsconfig({ outDir: "dist", rootDir: "." }, ["consumer.ts", "main.ts"]),
    );
    await run(tsc, ["-p", "tsconfig.json"], { cwd: cjs });
    expect(readFileSync(join(cjs, "dist", "consumer.js"), "utf8")).toContain('require("@rightsize/policy")');
    const printed = await run(process.execPath, [join(cjs, "dist", "main.js"), emulator.url], { cwd: cjs });
    expect(printed.trim()).toBe("route haiku number");
  }, 180_000);

  it("runs the README's embedding example as written against the emulator", async () => {
    cpSync(join(root, "packages/policy/examples/support-pipeline.yaml"), join(project, "policy.yaml"));
    const printed = await run(process.execPath, ["embedding.ts"], {
      cwd: project,
      env: { ANTHROPIC_BASE_URL: emulator.url, ANTHROPIC_API_KEY: "any", NODE_NO_WARNINGS: "1" },
    });
    expect(printed).toContain("[ 'haiku' ]");
    const spans = readFileSync(join(project, "rightsize-spans.jsonl"), "utf8");
    expect(spans).toContain("rightsize.request");
    expect(existsSync(join(project, "node_modules", "@rightsize", "policy", "LICENSE"))).toBe(true);
  });
});
