/**
 * Lets Node 24 run the package's TypeScript sources directly (type stripping): the sources use
 * NodeNext ".js" specifiers, which this resolve hook maps to their ".ts" files.
 */
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.startsWith(".") && specifier.endsWith(".js"))
        return nextResolve(specifier.replace(/\.js$/, ".ts"), context);
      throw error;
    }
  },
});
