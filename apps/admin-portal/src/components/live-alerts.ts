import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { EventStreamParser, type ServerSentEvent } from '../api/event-stream';
import type { MonitorAlert } from '../api/monitor-api';
import type { ServiceClient } from '../api/service-client';

/** `connecting` until the first answer, `live` while the stream is open, `reconnecting` between attempts, `stopped` when refused. */
export type StreamConnection = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveAlerts {
  /** The open alerts, as the monitor last said. */
  readonly alerts: readonly MonitorAlert[];
  readonly connection: StreamConnection;
  /** Why the stream is not live (what the official can do about it is in the message). */
  readonly error: Error | undefined;
  /** Applies an alert the official changed (an acknowledgement) before the stream echoes it. */
  readonly update: (alert: MonitorAlert) => void;
  /** Increases with every change the stream brings (to refresh views that depend on alerts). */
  readonly changes: number;
}

/** Until the monitor says otherwise (`retry:`), wait this long before reconnecting. */
const DEFAULT_RETRY_MS = 5000;

/**
 * The monitor's open alerts, kept live from `GET /alerts/stream` (Server-Sent Events): a
 * `snapshot` on connect, then `raised`, `acknowledged`, `resolved`, and a new snapshot after a
 * `resync`. The stream is read with fetch so the bearer token goes in the Authorization header
 * (EventSource cannot send one); when it ends or fails it is opened again after the monitor's
 * `retry` delay, with a fresh token, and the snapshot it starts with replaces what was known.
 */
export function useLiveAlerts(monitor: ServiceClient): LiveAlerts {
  const [alerts, setAlerts] = useState<readonly MonitorAlert[]>([]);
  const [connection, setConnection] = useState<StreamConnection>('connecting');
  const [error, setError] = useState<Error | undefined>();
  const [changes, setChanges] = useState(0);
  const [open] = useState(() => new Map<string, MonitorAlert>());

  const publish = useCallback(() => {
    setAlerts([...open.values()]);
    setChanges((count) => count + 1);
  }, [open]);

  const apply = useCallback(
    (alert: MonitorAlert) => {
      if (alert.state === 'open') open.set(alert.id, alert);
      else open.delete(alert.id);
    },
    [open],
  );

  useEffect(() => {
    let closed = false;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = DEFAULT_RETRY_MS;
    const onEvent = (event: ServerSentEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (event.event === 'snapshot') {
        open.clear();
        for (const alert of (data as { alerts: MonitorAlert[] }).alerts) apply(alert);
      } else if (event.event === 'raised' || event.event === 'acknowledged') {
        apply(data as MonitorAlert);
      } else if (event.event === 'resolved') {
        open.delete((data as MonitorAlert).id);
      } else {
        return;
      }
      publish();
    };
    const connect = async () => {
      try {
        const response = await monitor.raw('/alerts/stream', { headers: { accept: 'text/event-stream' } });
        if (closed) {
          await response.body?.cancel().catch(() => undefined);
          return;
        }
        if (!response.body) throw new Error('The monitor sent no event stream.');
        reader = response.body.getReader();
        setConnection('live');
        setError(undefined);
        const parser = new EventStreamParser({ event: onEvent, retry: (milliseconds) => (retryMs = milliseconds) });
        for (;;) {
          const { done, value } = await reader.read();
          if (done || closed) break;
          parser.push(value);
        }
        if (!closed) setError(new Error('The monitor closed the live alert stream; reconnecting.'));
      } catch (caught) {
        if (closed) return;
        const failure = caught instanceof Error ? caught : new Error(String(caught));
        setError(failure);
        // A refusal will not pass by retrying; anything else (a restart, the network) may.
        if (failure instanceof ApiError && (failure.status === 401 || failure.status === 403)) {
          setConnection('stopped');
          return;
        }
      }
      if (closed) return;
      setConnection('reconnecting');
      timer = setTimeout(() => void connect(), retryMs);
    };
    void connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      void reader?.cancel().catch(() => undefined);
    };
  }, [monitor, open, apply, publish]);

  const update = useCallback(
    (alert: MonitorAlert) => {
      apply(alert);
      publish();
    },
    [apply, publish],
  );
  return { alerts, connection, error, update, changes };
}
