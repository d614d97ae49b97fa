import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { formatError, isUsageError } from "./cli-error.js";
import { registerCommands } from "./commands/index.js";

/** Exit codes of the rightsize command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function packageVersion(): string {
  // Works from src/ (tests) and dist/ (the built command): both sit one level below the app.
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** Builds the `rightsize` command tree; every subcommand lives in `commands/`. */
export function createProgram(): Command {
  const program = new Command("rightsize")
    .description("Run every Claude request on the cheapest sufficient model, prove it, and commit to it.")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerCommands(program);
  // Subcommands inherit exit override so usage errors come back here as exceptions.
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage error. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are successful exits; everything else commander raises is usage.
      if (error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (isUsageError(error)) {
      process.stderr.write(`rightsize: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`rightsize: ${formatError(error)}\n`);
    return EXIT.failure;
  }
}
