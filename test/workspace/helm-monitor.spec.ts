import { describe, expect, it } from 'vitest';
import { renderChart, type RenderOptions, allowedEdges, deploymentPods, networkPolicies, type Endpoint } from '@citizen-zero/test-harness/kubernetes';

/** The monitor's part of the chart (templates/monitor.yaml); the services' parts are in helm.spec.ts. */
const ALL_ON: RenderOptions = { valuesFiles: ['charts/citizen-zero/ci/optional-on-values.yaml'] };
const ALL_OFF: RenderOptions = { valuesFiles: ['charts/citizen-zero/ci/optional-off-values.yaml'] };
const WEBHOOK: RenderOptions = { set: { 'monitor.webhook.url': 'https://alerts.example.gov/hooks/citizen-zero' } };

const name = (document: Record<string, unknown>) => (document['metadata'] as { name: string }).name;
const monitorDocuments = (options: RenderOptions = {}) => renderChart(options).documents.filter((document) => name(document).startsWith('monitor')).map((document) => `${document['kind']}/${name(document)}`).sort();

describe('the Helm chart: the monitor', () => {
  it('renders its ConfigMap, Deployment, Service and NetworkPolicies when values have it (the default), nothing when disabled', () => {
    const all = ['ConfigMap/monitor-config', 'Deployment/monitor', 'NetworkPolicy/monitor', 'NetworkPolicy/monitor-to-services', 'Service/monitor'];
    expect(monitorDocuments()).toEqual(all);
    expect(monitorDocuments(ALL_ON)).toEqual(all);
    expect(monitorDocuments(ALL_OFF)).toEqual([]);
    expect(monitorDocuments({ set: { 'networkPolicy.enabled': 'false' } })).toEqual(['ConfigMap/monitor-config', 'Deployment/monitor', 'Service/monitor']);
  });

  it('runs one polling replica on port 3400 with probes, settings from its ConfigMap, its database URL (and webhook secret) from Secrets, and no HSM or Redis', () => {
    const monitor = renderChart().containers.find((container) => container.name === 'monitor')!;
    expect(monitor.spec['ports']).toEqual([{ name: 'http', containerPort: 3400 }]);
    expect(monitor.spec['readinessProbe']).toMatchObject({ httpGet: { path: '/health/ready', port: 'http' } });
    expect(monitor.spec['livenessProbe']).toMatchObject({ httpGet: { path: '/health/live', port: 'http' } });
    expect(monitor.spec['envFrom']).toEqual([{ configMapRef: { name: 'monitor-config' } }]);
    expect(monitor.env).toMatchObject({ CZ_MONITOR_SERVICES: 'identity=http://identity,biometric=http://biometric,verification=http://verification', CZ_MONITOR_OIDC_AUDIENCE: 'urn:citizen-zero:monitor', CZ_MONITOR_CERTIFICATES: 'http://verification/trust/bundle.pem,/etc/citizen-zero/pki' });
    expect(Object.keys(monitor.env).filter((variable) => /HSM|REDIS/.test(variable))).toEqual([]);
    const secrets = (options: RenderOptions) => (renderChart(options).containers.find((container) => container.name === 'monitor')!.spec['env'] as Array<{ name: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>).filter((variable) => variable.valueFrom).map((variable) => `${variable.name}=${variable.valueFrom!.secretKeyRef.name}/${variable.valueFrom!.secretKeyRef.key}`);
    expect(secrets({})).toEqual(['CZ_MONITOR_DATABASE_URL=citizen-zero-database/monitor-url']);
    expect(secrets(WEBHOOK)).toEqual(['CZ_MONITOR_DATABASE_URL=citizen-zero-database/monitor-url', 'CZ_MONITOR_WEBHOOK_SECRET=citizen-zero-monitor-webhook/secret']);
    expect(renderChart(WEBHOOK).containers.find((container) => container.name === 'monitor')!.env['CZ_MONITOR_WEBHOOK_URL']).toBe('https://alerts.example.gov/hooks/citizen-zero');
    expect(() => renderChart({ set: { 'monitor.config.CZ_MONITOR_WEBHOOK_SECRET': 'whsec_x' } })).toThrow(/monitor\.config\.CZ_MONITOR_WEBHOOK_SECRET looks like a secret/);
  });

  it('lets the monitor reach the services\' http ports, DNS, its PostgreSQL, the JWKS and (when set) the webhook receiver; only metricsFrom and monitor.networkPolicy.from reach it', () => {
    const tcp = (source: string, destination: string, port: number) => `${source} -> ${destination}:${port}/TCP`;
    const surroundings = (namespace: string): Endpoint[] => [
      { name: 'kube-dns', ip: '10.244.9.2', namespace: 'kube-system', namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' }, labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { name: 'prometheus', ip: '10.244.9.3', namespace: 'monitoring', namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] },
      { name: 'stranger', ip: '10.244.9.4', namespace, namespaceLabels: { 'kubernetes.io/metadata.name': namespace }, labels: { 'app.kubernetes.io/name': 'stranger' }, ports: [{ port: 8080, protocol: 'TCP' }] },
      { name: 'postgres-in-cluster', ip: '10.244.9.5', namespace: 'databases', namespaceLabels: { 'kubernetes.io/metadata.name': 'databases' }, labels: { 'cnpg.io/cluster': 'citizen-zero' }, ports: [{ port: 5432, protocol: 'TCP' }] },
      { name: 'redis', ip: '10.0.17.10', ports: [{ port: 6379, protocol: 'TCP' }] },
      { name: 'hsm', ip: '10.0.18.10', ports: [{ port: 1792, protocol: 'TCP' }] },
      { name: 'internet', ip: '203.0.113.10', ports: [{ port: 443, protocol: 'TCP' }] },
    ];
    const edges = (options: RenderOptions) => {
      const chart = renderChart(options);
      const endpoints = [...deploymentPods(chart.documents, chart.namespace, { 'kubernetes.io/metadata.name': chart.namespace }, '10.244.0.0/16'), ...surroundings(chart.namespace)];
      return [...allowedEdges(networkPolicies(chart.documents, chart.namespace), endpoints, new Set(['monitor']))].sort();
    };
    const toServices = [tcp('monitor', 'identity', 3100), tcp('monitor', 'biometric', 3200), tcp('monitor', 'biometric-worker', 3200), tcp('monitor', 'verification', 3300)];
    const dns = ['monitor -> kube-dns:53/UDP', tcp('monitor', 'kube-dns', 53)];
    expect(edges(ALL_ON)).toEqual([...toServices, ...dns, tcp('monitor', 'postgres-in-cluster', 5432), tcp('monitor', 'internet', 443), tcp('prometheus', 'monitor', 3400)].sort());
    // The defaults: PostgreSQL at an ipBlock outside these surroundings; the JWKS anywhere on 443; nobody reaches the monitor.
    expect(edges({})).toEqual([...toServices, ...dns, tcp('monitor', 'internet', 443)].sort());
    // No Redis, no HSM, no stranger, ever.
    for (const options of [{}, ALL_ON, WEBHOOK]) expect(edges(options).filter((edge) => /redis|hsm|stranger/.test(edge))).toEqual([]);
  });
});
