/** One step of a routed request: does its part, calls `next()` for the rest, may act after it. */
export type Step<Context> = (context: Context, next: () => Promise<void>) => Promise<void>;

/**
 * Composes steps into one, in order, the way hono's `compose` and koa-compose do: each step
 * runs its part, awaits `next()` for the steps after it, and can act on the way back (observe,
 * settle, release). A step that does not call `next()` ends the chain there.
 */
export function composeSteps<Context>(steps: ReadonlyArray<Step<Context>>): Step<Context> {
  return (context, last) => {
    let called = -1;
    const dispatch = async (index: number): Promise<void> => {
      if (index <= called) throw new Error("composeSteps: next() called twice by one step");
      called = index;
      const step = index < steps.length ? steps[index] : last;
      if (step) await step(context, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}
