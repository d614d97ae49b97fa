/**
 * Loaded with `--import` into an ingest worker started from TypeScript sources (the test suite
 * runs src/ without a build): Node strips the types itself, and this hook resolves the `.js`
 * specifiers of relative imports (NodeNext style) to the `.ts` files beside them. Built code
 * (dist/) never loads it.
 */
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
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
