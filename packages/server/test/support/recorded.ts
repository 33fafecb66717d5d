/**
 * What a listener heard, in order, and a `waitFor` that looks again after each new entry: the
 * recording part of the test clients (group, friend) that wrap an SDK listener.
 */
export interface Recorded<C> {
  readonly entries: C[];
  record(entry: C): void;
  /** Resolves with what `find` returns once it returns something; fails with `what` after 10 s. */
  waitFor(find: () => C | undefined, what: string): Promise<C>;
}

export function recorded<C>(): Recorded<C> {
  const entries: C[] = [];
  const waiters = new Set<() => void>();
  return {
    entries,
    record(entry) {
      entries.push(entry);
      for (const waiter of [...waiters]) waiter();
    },
    waitFor(find, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find();
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, 10_000);
        if (!check()) waiters.add(check);
      });
    },
  };
}
