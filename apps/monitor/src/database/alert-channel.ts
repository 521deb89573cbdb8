import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { ALERT_CHANGES, type AlertChange } from '../alerts/alert';
import { ALERT_CHANNEL } from '../alerts/alert.repository';
import { MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';

/** A committed alert change, or `resync` after the channel was lost (changes may have been missed: reload). */
export type AlertChannelEvent = { readonly kind: 'change'; readonly id: string; readonly change: AlertChange } | { readonly kind: 'resync' };

/**
 * Listens (PostgreSQL LISTEN) for the alert changes every replica announces with NOTIFY in the
 * transaction that makes them, so each replica's event streams see every change exactly when it
 * is committed, whichever replica made it. Reconnects on its own; after a reconnection listeners
 * get `resync`.
 */
@Injectable()
export class AlertChannel implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertChannel.name);
  private readonly listeners = new Set<(event: AlertChannelEvent) => void>();
  private client: Client | undefined;
  private closed = false;
  private reconnecting = false;

  constructor(@Inject(MONITOR_CONFIG) private readonly config: MonitorConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  subscribe(listener: (event: AlertChannelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'citizen-zero-monitor-listener' });
    client.on('notification', (message) => {
      if (message.channel !== ALERT_CHANNEL || !message.payload) return;
      try {
        const { id, change } = JSON.parse(message.payload) as { id?: unknown; change?: unknown };
        if (typeof id === 'string' && ALERT_CHANGES.includes(change as AlertChange)) this.emit({ kind: 'change', id, change: change as AlertChange });
      } catch {
        // not ours
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${ALERT_CHANNEL}`);
    this.client = client;
  }

  private lost(client: Client, error?: Error): void {
    if (this.closed || this.reconnecting || client !== this.client) return;
    this.reconnecting = true;
    this.client = undefined;
    this.logger.warn(`alert channel lost${error ? ` (${error.message})` : ''}; reconnecting`);
    void client.end().catch(() => undefined);
    const retry = (): void => {
      setTimeout(() => {
        if (this.closed) return;
        this.connect().then(
          () => {
            this.reconnecting = false;
            this.emit({ kind: 'resync' });
          },
          () => retry(),
        );
      }, 1000).unref();
    };
    retry();
  }

  private emit(event: AlertChannelEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
