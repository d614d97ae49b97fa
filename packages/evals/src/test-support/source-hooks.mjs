// Lets a child process run the workspace's TypeScript sources with Node's type stripping:
// relative `./x.js` imports resolve to `./x.ts`, and `@rightsize/<package>` to its src/index.ts
// (as vitest's aliases do), so the child needs no build.
import { registerHooks } from "node:module";

const packages = new URL("../../../", import.meta.url);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const workspace = /^@rightsize\/([a-z]+)$/.exec(specifier);
    if (workspace) return nextResolve(new URL(`${workspace[1]}/src/index.ts`, packages).href, context);
    if (context.parentURL?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
      try {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      } catch {
        // not a source file: resolve as written
      }
    }
    return nextResolve(specifier, context);
  },
});
