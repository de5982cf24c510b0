// A write the user starts (a button): busy while it runs, its error kept to show, one at a time.
import { useCallback, useRef, useState } from "preact/hooks";

export interface Mutation<A extends unknown[], R> {
  /** Runs the write unless one is running; the result, or undefined when it failed (see `error`). */
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  reset: () => void;
}

export function useMutation<A extends unknown[], R>(write: (...args: A) => Promise<R>): Mutation<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const latest = useRef(write);
  latest.current = write;
  const run = useCallback(async (...args: A) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
