// Lets Node 24 run the repository's TypeScript sources directly (type stripping), the way vitest
// runs them: a relative `./x.js` import (NodeNext style) from a `.ts` file resolves to `./x.ts`,
// and a workspace package (`@rightsize/policy`, `@rightsize/policy/testing`,
// `@rightsize/contracts/semconv`, `@rightsize/telemetry/node`) to its sources, so nothing needs
// a build. Loaded by benchmarks (`import "../../../scripts/ts-source-hooks.mjs"`) and by workers
// started from sources (`--import`); built code (dist/) never loads it.
import { registerHooks } from "node:module";

const packages = new URL("../packages/", import.meta.url);
/** Source file of each subpath export, as in tsconfig.base.json's paths. */
const ENTRIES = { "": "index.ts", testing: "testing.ts", semconv: "semconv.ts", node: "node/index.ts" };

registerHooks({
  resolve(specifier, context, nextResolve) {
    const workspace = /^@rightsize\/([a-z]+)(?:\/([a-z]+))?$/.exec(specifier);
    const entry = workspace ? ENTRIES[workspace[2] ?? ""] : undefined;
    if (workspace && entry !== undefined) {
      return nextResolve(new URL(`${workspace[1]}/src/${entry}`, packages).href, context);
    }
    if (context.parentURL?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
      try {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      } catch {
        // Not a source file: resolve the specifier as written.
      }
    }
    return nextResolve(specifier, context);
  },
});
