/**
 * Runs `work` on every item with at most `concurrency` in flight, items started in order.
 * `work` must not throw (it turns failures into values); a throw is a bug and rejects.
 */
export async function runPool<T>(options: {
  items: readonly T[];
  concurrency: number;
  work: (item: T) => Promise<void>;
}): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < options.items.length) {
      const item = options.items[next++]!;
      await options.work(item);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, options.items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
