import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { declaredRoutes } from '@citizen-zero/test-harness';
import { permissionsOf } from '../src/auth/permissions';
import { ConfigError, loadMonitorConfig } from '../src/config/monitor-config';
import { MonitorModule } from '../src/monitor.module';

const minimal = { CZ_MONITOR_DATABASE_URL: 'postgres://localhost/monitor', CZ_OIDC_ISSUER: 'https://idp.example', CZ_MONITOR_SERVICES: 'identity=http://127.0.0.1:3100,biometric=http://127.0.0.1:3200,verification=http://127.0.0.1:3300' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadMonitorConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('monitor service: access control on every route, configuration at boot', () => {
  const routes = declaredRoutes(MonitorModule.forConfig(loadMonitorConfig(minimal)).controllers ?? []);

  it('gives every route a permission or marks it public; public is only health and metrics', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.filter((route) => !route.permission && !route.isPublic)).toEqual([]);
    expect(routes.filter((route) => route.isPublic).map((route) => route.route.split(' ')[0]).sort()).toEqual(['HealthController.live', 'HealthController.ready', 'MetricsController.scrape']);
    expect(routes.find((route) => route.route.startsWith('AlertsController.acknowledge'))?.permission).toBe('monitor:acknowledge');
  });

  it('lets auditors, administrators and security officers read; only administrators and security officers acknowledge', () => {
    expect([...permissionsOf(['auditor'])]).toEqual(['monitor:read']);
    expect([...permissionsOf(['admin'])].sort()).toEqual(['monitor:acknowledge', 'monitor:read']);
    expect([...permissionsOf(['security-officer'])].sort()).toEqual(['monitor:acknowledge', 'monitor:read']);
    expect([...permissionsOf(['registrar', 'verifier', 'service'])]).toEqual([]);
  });

  it('reads the watched services with their declared dependencies, and the defaults', () => {
    const config = loadMonitorConfig({ ...minimal, CZ_MONITOR_DEPENDENCIES: 'identity->biometric, verification->identity' });
    expect(config.services).toEqual([
      { name: 'identity', url: 'http://127.0.0.1:3100', dependsOn: ['biometric'] },
      { name: 'biometric', url: 'http://127.0.0.1:3200', dependsOn: [] },
      { name: 'verification', url: 'http://127.0.0.1:3300', dependsOn: ['identity'] },
    ]);
    expect(config.http.port).toBe(3400);
    expect(config.polling).toEqual({ enabled: true, intervalMs: 15_000, timeoutMs: 5000 });
    expect(config.rules).toEqual({ downAfterPolls: 2, backlogSamples: 5, certificateThresholdsDays: [90, 30, 7] });
    expect(config.historyWindowHours).toBe(168);
    expect(config.webhook).toBeUndefined();
    expect(config.oidc.audience).toBe('citizen-zero-monitor');
  });

  it('reads certificate sources (URLs, files and directories) and the webhook with its secret', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const config = loadMonitorConfig({ ...minimal, CZ_MONITOR_CERTIFICATES: 'http://127.0.0.1:3300/trust/bundle.pem, /etc/cz/pki', CZ_MONITOR_WEBHOOK_URL: 'https://alerts.example.gov/hook', CZ_MONITOR_WEBHOOK_SECRET: secret, CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS: '7,60' });
    expect(config.certificates.sources).toEqual([{ kind: 'url', url: 'http://127.0.0.1:3300/trust/bundle.pem' }, { kind: 'path', path: '/etc/cz/pki' }]);
    expect(config.webhook).toEqual({ url: 'https://alerts.example.gov/hook', secret, maxAttempts: 8, retryBaseMs: 1000 });
    expect(config.rules.certificateThresholdsDays).toEqual([60, 7]);
  });

  it('reports every configuration problem at once, without echoing values', () => {
    const problems = problemsOf({ CZ_MONITOR_PORT: 'x', CZ_MONITOR_SERVICES: 'identity=http://a:1,Bad Name=http://b,identity=http://c:3,biometric=ftp://d,verification=not a url', CZ_MONITOR_DEPENDENCIES: 'identity->nowhere,identity->identity,a-b-c', CZ_MONITOR_WEBHOOK_URL: 'http://hooks.example/secret-token', CZ_MONITOR_WEBHOOK_SECRET: 'hunter2', CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS: '90,0', CZ_MONITOR_POLL_INTERVAL_MS: '10' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'CZ_MONITOR_DATABASE_URL is required',
        'CZ_OIDC_ISSUER is required',
        'CZ_MONITOR_PORT must be an integer from 0 to 65535',
        'CZ_MONITOR_SERVICES entry 2 must be name=http(s)://host[:port] with a lowercase name (a-z, 0-9, -)',
        'CZ_MONITOR_SERVICES names identity twice',
        'CZ_MONITOR_SERVICES: the URL of biometric must be an http(s) base URL without query or fragment',
        'CZ_MONITOR_SERVICES: the URL of verification is not a URL',
        'CZ_MONITOR_DEPENDENCIES: "identity->nowhere" names a service not in CZ_MONITOR_SERVICES',
        'CZ_MONITOR_DEPENDENCIES: identity cannot depend on itself',
        'CZ_MONITOR_DEPENDENCIES entries must be service->dependency ("a-b-c" is not)',
        'CZ_MONITOR_WEBHOOK_URL must be an https URL (http only with CZ_MONITOR_WEBHOOK_ALLOW_HTTP=true, for development)',
        'CZ_MONITOR_WEBHOOK_SECRET must be whsec_ followed by the base64 of at least 24 random bytes',
        'CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS must be distinct whole numbers of days from 1 to 3650, comma-separated',
        'CZ_MONITOR_POLL_INTERVAL_MS must be an integer from 200 to 3600000',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/hunter2|secret-token|not a url/);
    expect(problemsOf({ CZ_MONITOR_DATABASE_URL: 'postgres://x/y', CZ_OIDC_ISSUER: 'https://idp' })).toEqual(['CZ_MONITOR_SERVICES is required']);
    expect(problemsOf({ ...minimal, CZ_MONITOR_WEBHOOK_URL: 'https://hooks.example/x' })).toEqual(['CZ_MONITOR_WEBHOOK_SECRET is required when CZ_MONITOR_WEBHOOK_URL is set']);
    expect(problemsOf({ ...minimal, CZ_MONITOR_CERTIFICATES: 'ftp://pki.example/bundle.pem' })).toEqual(['CZ_MONITOR_CERTIFICATES entry 1 must be an http(s) URL or a file or directory path']);
    expect(problemsOf({ ...minimal, CZ_MONITOR_HISTORY_WINDOW_HOURS: '1', CZ_MONITOR_POLL_INTERVAL_MS: '3600000' })).toEqual(['CZ_MONITOR_HISTORY_WINDOW_HOURS must keep at least max(CZ_MONITOR_DOWN_AFTER_POLLS, CZ_MONITOR_BACKLOG_SAMPLES) polls']);
  });
});
