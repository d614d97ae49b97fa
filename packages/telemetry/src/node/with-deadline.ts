/** Waits for `work` at most `milliseconds` (never rejects: a failing flush is a lost export, counted). */
export function withDeadline(work: Promise<void> | undefined, milliseconds: number): Promise<void> {
  if (work === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, milliseconds));
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
