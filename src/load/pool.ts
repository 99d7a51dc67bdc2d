/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` of them in flight, in index order.
 * No new task starts once `stop()` is true or a task has thrown; the first error is rethrown after
 * the running ones have settled, so nothing keeps sending behind the caller's back.
 */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < count && !failure && !stop()) {
      try {
        await task(next++);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure) throw failure.error;
}
