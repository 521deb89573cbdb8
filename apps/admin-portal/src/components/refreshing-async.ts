import { useCallback, useEffect, useRef, useState } from 'react';
import type { AsyncState } from './async-state';

export interface RefreshingAsync<T> {
  /** Loading only until the first answer; afterwards the last good value stays while refreshing. */
  readonly state: AsyncState<T>;
  /** A refresh after the first answer failed: the value shown is older than it should be. */
  readonly staleError: Error | undefined;
  readonly refreshing: boolean;
  readonly reload: () => void;
}

/**
 * Like useAsync, for live views: loads on mount, again every `intervalMs` and whenever
 * `refreshKey` changes (e.g. the alert stream brought news), without blanking what is shown.
 */
export function useRefreshingAsync<T>(load: () => Promise<T>, options: { readonly intervalMs: number; readonly refreshKey?: unknown }): RefreshingAsync<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [staleError, setStaleError] = useState<Error | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const hasValue = useRef(false);

  useEffect(() => {
    let live = true;
    setRefreshing(true);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        hasValue.current = true;
        setState({ status: 'ready', value });
        setStaleError(undefined);
        setRefreshing(false);
      },
      (caught: unknown) => {
        if (!live) return;
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (hasValue.current) setStaleError(error);
        else setState({ status: 'error', error });
        setRefreshing(false);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt, options.refreshKey]);

  useEffect(() => {
    const timer = setInterval(() => setAttempt((count) => count + 1), options.intervalMs);
    return () => clearInterval(timer);
  }, [options.intervalMs]);

  const reload = useCallback(() => {
    if (!hasValue.current) setState({ status: 'loading' });
    setAttempt((count) => count + 1);
  }, []);
  return { state, staleError, refreshing, reload };
}
