import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';

export type AsyncState<T> = { readonly status: 'loading' } | { readonly status: 'error'; readonly error: Error } | { readonly status: 'ready'; readonly value: T };

/** Runs `load` on mount and whenever `reload()` is called; ignores answers that arrive after unmount. */
export function useAsync<T>(load: () => Promise<T>): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    loadRef.current().then(
      (value) => live && setState({ status: 'ready', value }),
      (error: unknown) => live && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return [state, useCallback(() => setAttempt((count) => count + 1), [])];
}

/** An error that says what happened, what to do, and the reference to quote. */
export function ErrorMessage({ error, onRetry }: { readonly error: Error; readonly onRetry?: () => void }) {
  return (
    <div role="alert" className="message error">
      <p>{error.message}</p>
      {error instanceof ApiError && error.correlationId && (
        <p className="reference">
          Reference: <code>{error.correlationId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Loading, error (with retry), empty and ready states of one asynchronous view. */
export function AsyncView<T>(props: {
  readonly state: AsyncState<T>;
  readonly label: string;
  readonly onRetry?: () => void;
  readonly isEmpty?: (value: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.status === 'loading') {
    return (
      <p role="status" aria-live="polite" className="message loading">
        Loading {props.label}…
      </p>
    );
  }
  if (state.status === 'error') return <ErrorMessage error={state.error} {...(props.onRetry && { onRetry: props.onRetry })} />;
  if (props.isEmpty?.(state.value)) return <p className="message empty">{props.empty}</p>;
  return <>{props.children(state.value)}</>;
}
