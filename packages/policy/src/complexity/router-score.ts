import type { ScoreFunction } from "../client/derive-facts.js";
import type { Policy } from "../policy-schema.js";
import { type ComplexityRouter, loadRouterFileSync } from "./complexity-router.js";
import { scoreComplexity } from "./score-complexity.js";

/**
 * @internal The routed client's complexity scorer: the `router` option (a path or a loaded
 * router), else the serving policy's `router` file, else the built-in scorer. A router the
 * client is built with must load (a broken file throws here, naming it); one a hot-reloaded
 * policy names later was loaded by the version's trial before it could serve (trialPolicy), is
 * loaded once more here, and if it will not load by then (removed since) the built-in scorer
 * stands in (a request never fails for it).
 */
export function routerScoreFunction(options: {
  router: string | ComplexityRouter | undefined;
  policy: () => Policy;
}): ScoreFunction {
  const { router } = options;
  if (router !== undefined) {
    const loaded = typeof router === "string" ? loadRouterFileSync(router) : router;
    return (prompt, context) => loaded.score(prompt, context?.taskType);
  }
  const loaded = new Map<string, ComplexityRouter | null>();
  const routerAt = (path: string, strict: boolean): ComplexityRouter | null => {
    if (loaded.has(path)) return loaded.get(path)!;
    try {
      loaded.set(path, loadRouterFileSync(path));
    } catch (error) {
      if (strict) throw error;
      loaded.set(path, null);
    }
    return loaded.get(path)!;
  };
  const initial = options.policy().router;
  if (initial !== undefined) routerAt(initial, true);
  return (prompt, context) => {
    const path = options.policy().router;
    const current = path === undefined ? null : routerAt(path, false);
    return current
      ? current.score(prompt, context?.taskType)
      : scoreComplexity({ system: prompt.system, messages: prompt.messages });
  };
}
