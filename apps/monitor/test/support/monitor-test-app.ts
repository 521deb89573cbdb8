import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, freeLoopbackPort, TestIdentityProvider } from '@citizen-zero/test-harness';
import { createMonitorApp } from '../../src/bootstrap';
import { loadMonitorConfig, type MonitorConfig } from '../../src/config/monitor-config';
import { MonitorCycle } from '../../src/polling/monitor-cycle';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';

export interface MonitorTestContext {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: MonitorConfig;
  readonly databaseUrl: string;
  readonly idp: TestIdentityProvider;
  readonly cycle: MonitorCycle;
  readonly dispatcher: WebhookDispatcher;
  request(method: string, path: string, options?: { roles?: readonly string[]; subject?: string; body?: unknown; bearer?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Closes the app only (the database stays: a second monitor may take over). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The monitor on its own PostgreSQL database with a JWKS-publishing test IdP. Polling does not
 * start on its own unless the test sets CZ_MONITOR_POLLING=true: tests drive polls with
 * `cycle.runOnce()`. Pass `database` to start a second monitor on the same database.
 */
export async function startMonitor(env: Record<string, string>, options: { database?: { url: string; drop(): Promise<void> }; idp?: TestIdentityProvider } = {}): Promise<MonitorTestContext> {
  const database = options.database ?? (await createTestDatabase('monitor'));
  const idp = options.idp ?? (await TestIdentityProvider.start('citizen-zero-monitor'));
  const port = await freeLoopbackPort();
  const config = loadMonitorConfig({ CZ_MONITOR_PORT: String(port), CZ_MONITOR_DATABASE_URL: database.url, CZ_OIDC_ISSUER: idp.issuer, CZ_OIDC_JWKS_URL: idp.jwksUrl, CZ_MONITOR_POLLING: 'false', CZ_MONITOR_REQUEST_TIMEOUT_MS: '1000', ...env });
  const app = await createMonitorApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    baseUrl,
    config,
    databaseUrl: database.url,
    idp,
    cycle: app.get(MonitorCycle),
    dispatcher: app.get(WebhookDispatcher),
    async request(method, path, requestOptions = {}) {
      const bearer = requestOptions.bearer === undefined ? await idp.token(requestOptions.subject ?? 'chen.auditor', requestOptions.roles ?? ['auditor']) : requestOptions.bearer;
      const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(requestOptions.body !== undefined && { 'content-type': 'application/json' }), ...requestOptions.headers }, ...(requestOptions.body !== undefined && { body: JSON.stringify(requestOptions.body) }) });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (metrics)
      }
      return { status: response.status, body, headers: response.headers };
    },
    stop,
    async close() {
      await stop();
      if (!options.idp) await idp.close();
      if (!options.database) await database.drop();
    },
  };
}
