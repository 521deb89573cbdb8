import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mapAlert } from './alert';
import { type AlertEvent, AlertsService } from './alerts.service';

const HEARTBEAT_MS = 15_000;

/**
 * The alerts as Server-Sent Events (WHATWG HTML §9.2): on connect a `snapshot` event with every
 * open alert, then one event per committed change (`raised`, `resolved`, `acknowledged`, data: the
 * alert), a comment every 15 s to keep proxies from closing an idle stream, and `retry: 5000` for
 * reconnection. Changes committed while the snapshot is read are sent after it (a client may see
 * an alert in the snapshot and again in a change: alerts are keyed by id).
 */
@Injectable()
export class AlertStream implements BeforeApplicationShutdown {
  private readonly streams = new Set<Response>();

  constructor(private readonly alerts: AlertsService) {}

  async serve(request: Request, response: Response): Promise<void> {
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.setHeader('connection', 'keep-alive');
    response.setHeader('x-accel-buffering', 'no');
    response.flushHeaders();
    this.streams.add(response);
    let eventId = 0;
    let closed = false;
    const write = (event: string, data: unknown) => {
      if (!closed) response.write(`id: ${++eventId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const snapshot = async () => write('snapshot', { alerts: (await this.alerts.list({ state: 'open', limit: 1000 })).map(mapAlert) });
    let sending: Promise<void> = Promise.resolve();
    const send = (event: AlertEvent) => {
      sending = sending.then(() => (event.kind === 'resync' ? snapshot() : write(event.change, mapAlert(event.alert)))).catch(() => undefined);
    };
    const pending: AlertEvent[] = [];
    let live = false;
    const unsubscribe = this.alerts.subscribe((event) => (live ? send(event) : pending.push(event)));
    const heartbeat = setInterval(() => !closed && response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(response);
    };
    request.on('close', close);
    response.on('close', close);
    response.write('retry: 5000\n\n');
    try {
      await snapshot();
    } catch {
      close();
      response.end();
      return;
    }
    live = true;
    for (const event of pending.splice(0)) send(event);
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    for (const response of this.streams) response.end();
    this.streams.clear();
  }
}
