// Preloaded (`--import`) after scripts/ts-source-hooks.mjs into a child that imports one entry:
// records every third-party package a module resolution lands in (node_modules), and prints the
// sorted list as JSON on exit. Workspace packages resolve to sources and builtins are skipped.
import { registerHooks } from "node:module";

const packages = new Set();

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const at = resolved.url.lastIndexOf("/node_modules/");
    if (at >= 0) {
      const parts = resolved.url.slice(at + "/node_modules/".length).split("/");
      packages.add(parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
    return resolved;
  },
});

process.on("exit", () => process.stdout.write(`${JSON.stringify([...packages].sort())}\n`));
