import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A throwaway redis-server for tests: no persistence, bound to 127.0.0.1 on a free port. */
export interface TestRedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would: connections drop, nothing is flushed. */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts `redis-server` from PATH (CI installs it with apt); fails loudly when it is missing.
 * `port` starts it on a given port (to bring a killed server back where its clients reconnect).
 */
export async function startTestRedisServer(options: { port?: number } = {}): Promise<TestRedisServer> {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child: ChildProcess = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot run redis-server (install it: apt-get install redis-server): ${error.message}`),
      );
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => await end("SIGTERM"),
    kill: async () => await end("SIGKILL"),
  };
}
