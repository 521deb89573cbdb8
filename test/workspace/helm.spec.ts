import { describe, expect, it } from 'vitest';
import { helmLint, renderChart, type RenderOptions, type RenderedChart, allowedEdges, deploymentPods, networkPolicies, policiesSelecting, selectorMatches, validateManifest, type Endpoint } from '@citizen-zero/test-harness/kubernetes';

type Manifest = Record<string, unknown>;

/** The default values, and the example values files with every optional part on and off. */
const DEFAULTS: RenderOptions = {};
const ALL_ON: RenderOptions = { valuesFiles: ['charts/citizen-zero/ci/optional-on-values.yaml'] };
const ALL_OFF: RenderOptions = { valuesFiles: ['charts/citizen-zero/ci/optional-off-values.yaml'] };
const CONFIGURATIONS = { defaults: DEFAULTS, 'optional parts on': ALL_ON, 'optional parts off': ALL_OFF } as const;
/** Further variants: the other HSM module and client sources, the CA bundle from a Secret, the JWKS narrowed to the identity provider. */
const VARIANTS: Record<string, RenderOptions> = {
  'HSM module from a CSI driver, client files from a CSI volume, CA from a Secret': {
    set: { 'hsm.module.source': 'csi', 'hsm.module.csi.driver': 'hsm.vendor.example', 'hsm.client.csi.driver': 'secrets-store.csi.k8s.io', 'hsm.client.csi.volumeAttributes.secretProviderClass': 'citizen-zero-hsm', 'caBundle.secret': 'citizen-zero-ca' },
  },
  'JWKS only at the identity provider': { set: { 'oidc.networkPolicy.to[0].ipBlock.cidr': '198.51.100.0/24' } },
};

const WORKLOADS = ['identity', 'identity-worker', 'biometric', 'biometric-worker', 'verification'];
const APIS = ['identity', 'biometric', 'verification'];
/** The web apps: static pages behind the ingress controller, reaching nothing themselves. */
const WEB_APPS = ['admin-portal', 'verifier', 'wallet'];
const HTTP_PORTS: Record<string, number> = { identity: 3100, biometric: 3200, 'biometric-worker': 3200, verification: 3300 };
const SECRET_NAME = /(PIN|PASSWORD|SECRET|DATABASE_URL|REDIS_URL)$/;

const name = (manifest: Manifest) => (manifest['metadata'] as { name: string }).name;
const ofKind = (chart: RenderedChart, kind: string) => chart.documents.filter((document) => document['kind'] === kind);
const podTemplate = (deployment: Manifest) => (deployment['spec'] as { template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> } }).template;
/** The containers of this chart's services (the monitor's are checked with the monitor). */
const ours = <T extends { name: string }>(containers: readonly T[]) => containers.filter((container) => WORKLOADS.includes(container.name));
const monitorEnabled = (chart: RenderedChart) => ofKind(chart, 'NetworkPolicy').some((policy) => name(policy) === 'monitor-to-services');
/** The fewest replicas of a Deployment: its HPA's minimum, or its replicas. */
function minReplicas(chart: RenderedChart, deployment: Manifest): number {
  const hpa = ofKind(chart, 'HorizontalPodAutoscaler').find((candidate) => (candidate['spec'] as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name(deployment));
  return hpa ? (hpa['spec'] as { minReplicas: number }).minReplicas : ((deployment['spec'] as { replicas?: number }).replicas ?? 1);
}

describe('the Helm chart (charts/citizen-zero)', () => {
  it('passes helm lint, also with --strict, with the default values and with the optional parts on and off', () => {
    for (const options of [...Object.values(CONFIGURATIONS), ...Object.values(VARIANTS)]) {
      expect(helmLint({ ...options, strict: false })).toContain('0 chart(s) failed');
      expect(helmLint(options)).toContain('0 chart(s) failed');
    }
  });

  it('lints and renders', () => {
    const rendered = (options: RenderOptions) =>
      renderChart(options)
        .documents.map((document) => `${document['kind']}/${name(document)}`)
        // The monitor's own documents are checked with the monitor.
        .filter((entry) => !entry.includes('monitor'))
        .sort();
    const webApps = WEB_APPS.flatMap((app) => [`ConfigMap/${app}-config`, `Deployment/${app}`, `Service/${app}`]);
    const webAppExtras = WEB_APPS.flatMap((app) => [`NetworkPolicy/${app}`, `PodDisruptionBudget/${app}`]);
    const services = [...webApps, 'ConfigMap/biometric-config', 'ConfigMap/identity-config', 'ConfigMap/verification-config', 'Deployment/biometric', 'Deployment/biometric-worker', 'Deployment/identity', 'Deployment/identity-worker', 'Deployment/verification', 'Service/biometric', 'Service/identity', 'Service/verification'];
    const optional = ['HorizontalPodAutoscaler/biometric', 'HorizontalPodAutoscaler/identity', 'HorizontalPodAutoscaler/verification', 'Ingress/citizen-zero', 'Ingress/citizen-zero-relay', 'NetworkPolicy/biometric', 'NetworkPolicy/biometric-worker', 'NetworkPolicy/citizen-zero-default-deny', 'NetworkPolicy/identity', 'NetworkPolicy/identity-worker', 'NetworkPolicy/verification', 'PodDisruptionBudget/biometric', 'PodDisruptionBudget/identity', 'PodDisruptionBudget/identity-worker', 'PodDisruptionBudget/verification', 'Service/verification-relay'];
    expect(rendered(DEFAULTS)).toEqual([...services, ...optional, ...webAppExtras].sort());
    expect(rendered(ALL_ON)).toEqual([...services, ...optional, ...webAppExtras].sort());
    expect(rendered(ALL_OFF)).toEqual(services.sort());
  });

  it('renders only manifests that validate against their Kubernetes schema (kubernetes-models), with no field the schema lacks', () => {
    for (const options of [...Object.values(CONFIGURATIONS), ...Object.values(VARIANTS)]) {
      for (const document of renderChart(options).documents) expect(validateManifest(document), `${document['kind']}/${name(document)}`).toEqual([]);
    }
    // The check itself: a wrong type, a misspelt field and a kind without a model are each caught.
    const deployment = structuredClone(ofKind(renderChart(), 'Deployment')[0]!) as { spec: { replicas?: unknown; template: { spec: { containers: Array<Record<string, unknown>> } } } };
    deployment.spec.replicas = 'two';
    expect(validateManifest(deployment as unknown as Manifest).join()).toMatch(/replicas must be integer/);
    delete deployment.spec.replicas;
    deployment.spec.template.spec.containers[0]!['readinesProbe'] = {};
    expect(validateManifest(deployment as unknown as Manifest)).toEqual(['apps/v1/Deployment: spec.template.spec.containers.0.readinesProbe is not a field of the schema']);
    expect(validateManifest({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'x' } })).toEqual(['keda.sh/v1alpha1/ScaledObject: no kubernetes-models class is mapped for this apiVersion/kind']);
  });

  it('runs every container as non-root with a read-only root filesystem, no privilege escalation, no service account token and resource limits', () => {
    for (const options of Object.values(CONFIGURATIONS)) {
      for (const container of renderChart(options).containers) {
        expect(container.podSpec['securityContext'], container.name).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
        expect(container.podSpec['automountServiceAccountToken'], container.name).toBe(false);
        expect(container.spec['securityContext'], container.name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect((container.spec['resources'] as { limits?: unknown }).limits, container.name).toBeDefined();
        for (const mount of container.spec['volumeMounts'] as Array<{ name: string; readOnly?: boolean }>) expect(mount.readOnly === true || mount.name === 'tmp', `${container.name}: ${mount.name}`).toBe(true);
      }
    }
  });

  it('probes every service on its http port at /health/live (liveness, startup) and /health/ready (readiness); the identity worker serves no port', () => {
    const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
    const containers = ours(renderChart().containers);
    expect(containers.map((container) => container.name).sort()).toEqual([...WORKLOADS].sort());
    for (const container of containers) {
      if (container.name === 'identity-worker') {
        expect(container.spec['ports'], container.name).toBeUndefined();
        continue;
      }
      expect(container.spec['ports'], container.name).toEqual([{ name: 'http', containerPort: HTTP_PORTS[container.name] }]);
      expect(container.spec['livenessProbe'], container.name).toMatchObject(probe('/health/live'));
      expect(container.spec['startupProbe'], container.name).toMatchObject(probe('/health/live'));
      expect(container.spec['readinessProbe'], container.name).toMatchObject(probe('/health/ready'));
    }
  });

  it('gives each service its non-secret settings from its own ConfigMap (envFrom), and rolls its pods when they change', () => {
    const chart = renderChart();
    const configMaps = new Set(ofKind(chart, 'ConfigMap').map(name));
    for (const container of ours(chart.containers)) {
      const service = container.name.replace(/-worker$/, '');
      expect(container.spec['envFrom'], container.name).toEqual([{ configMapRef: { name: `${service}-config` } }]);
      expect(configMaps.has(`${service}-config`)).toBe(true);
      // Inline env is only secrets and what belongs to this Deployment (its port, worker or migration role).
      for (const variable of container.spec['env'] as Array<{ name: string; value?: string }>) expect(variable.value === undefined || /_(HOST|PORT|WORKERS|RUN_MIGRATIONS)$/.test(variable.name), `${container.name} ${variable.name}`).toBe(true);
      // The harness resolves envFrom, so the compose specs check the settings from the ConfigMap too.
      expect(container.env['CZ_HSM_MODULE'], container.name).toBe('/opt/hsm/lib/libpkcs11.so');
    }
    const checksums = (options: RenderOptions) => Object.fromEntries(ofKind(renderChart(options), 'Deployment').filter((deployment) => WORKLOADS.includes(name(deployment))).map((deployment) => [name(deployment), podTemplate(deployment).metadata.annotations?.['checksum/config']]));
    const before = checksums(DEFAULTS);
    const after = checksums({ set: { 'verification.statusListHosts': 'identity.example.gov\\,status.example.org' } });
    expect(Object.keys(before).filter((deployment) => before[deployment] !== after[deployment])).toEqual(['verification']);
    expect(Object.values(before).every(Boolean)).toBe(true);
  });

  it('only references secrets (existing Secrets named in values): no Secret is rendered, and no secret value or secret setting is in the output', () => {
    for (const options of Object.values(CONFIGURATIONS)) {
      const chart = renderChart(options);
      expect(ofKind(chart, 'Secret')).toEqual([]);
      const referenced = new Set<string>();
      for (const container of ours(chart.containers)) {
        for (const variable of container.spec['env'] as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }>) {
          if (SECRET_NAME.test(variable.name)) expect(variable.valueFrom?.secretKeyRef, `${container.name} ${variable.name}`).toBeDefined();
          if (variable.valueFrom?.secretKeyRef) referenced.add(variable.valueFrom.secretKeyRef.name);
        }
        expect(Object.keys(container.env).filter((variable) => variable === 'CZ_HSM_PIN' || variable === 'CZ_REDIS_URL' || variable.endsWith('DATABASE_URL')).sort(), container.name).toEqual(['CZ_HSM_PIN', 'CZ_REDIS_URL', container.name.startsWith('identity') ? 'CZ_IDENTITY_DATABASE_URL' : `CZ_${container.name.split('-')[0]!.toUpperCase()}_DATABASE_URL`].sort());
      }
      expect([...referenced].sort()).toEqual(['citizen-zero-database', 'citizen-zero-hsm', 'citizen-zero-redis']);
      for (const configMap of ofKind(chart, 'ConfigMap')) expect(Object.keys(configMap['data'] as object).filter((key) => SECRET_NAME.test(key)), name(configMap)).toEqual([]);
      expect(chart.text).not.toMatch(/[a-z]+:\/\/[^\s"/@:]*:[^\s"/@]+@/);
      expect(chart.text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
    // A secret-looking setting is refused rather than written into a ConfigMap.
    expect(() => renderChart({ set: { 'identity.config.CZ_HSM_SO_PIN': '12345678' } })).toThrow(/identity\.config\.CZ_HSM_SO_PIN looks like a secret/);
  });

  it('scales the API Deployments with autoscaling/v2 HPAs on CPU (the Deployments leave replicas to them); the workers have fixed replicas', () => {
    for (const options of Object.values(CONFIGURATIONS)) {
      const chart = renderChart(options);
      const deployments = new Map(ofKind(chart, 'Deployment').map((deployment) => [name(deployment), deployment]));
      const hpas = ofKind(chart, 'HorizontalPodAutoscaler').filter((hpa) => WORKLOADS.includes(name(hpa)));
      expect(hpas.map(name).sort()).toEqual(options === ALL_OFF ? [] : [...APIS].sort());
      for (const hpa of hpas) {
        const spec = hpa['spec'] as { scaleTargetRef: { apiVersion: string; kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: unknown[] };
        expect(spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
        const target = deployments.get(spec.scaleTargetRef.name);
        expect(target, name(hpa)).toBeDefined();
        expect((target!['spec'] as { replicas?: number }).replicas, name(hpa)).toBeUndefined();
        expect(spec.minReplicas).toBeLessThanOrEqual(spec.maxReplicas);
        expect(spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
        // Utilization is relative to the CPU request.
        for (const container of (podTemplate(target!).spec['containers'] as Array<{ resources: { requests?: { cpu?: string } } }>)) expect(container.resources.requests?.cpu, name(hpa)).toBeDefined();
      }
      for (const worker of ['identity-worker', 'biometric-worker']) expect((deployments.get(worker)!['spec'] as { replicas?: number }).replicas, worker).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every Deployment with more than one replica a PodDisruptionBudget whose selector matches exactly its pods', () => {
    for (const [label, options] of Object.entries(CONFIGURATIONS)) {
      const chart = renderChart(options);
      const deployments = ofKind(chart, 'Deployment').filter((deployment) => !name(deployment).includes('monitor'));
      const budgets = ofKind(chart, 'PodDisruptionBudget').filter((budget) => !name(budget).includes('monitor'));
      for (const deployment of deployments) {
        const selecting = budgets.filter((budget) => selectorMatches((budget['spec'] as { selector: object }).selector, podTemplate(deployment).metadata.labels));
        expect(selecting.length, `${label}: ${name(deployment)}`).toBe(minReplicas(chart, deployment) > 1 ? 1 : 0);
      }
      for (const budget of budgets) {
        const spec = budget['spec'] as { selector: object; maxUnavailable?: number | string; minAvailable?: number | string };
        expect(deployments.filter((deployment) => selectorMatches(spec.selector, podTemplate(deployment).metadata.labels)).map(name), `${label}: ${name(budget)}`).toEqual([name(budget)]);
        expect([spec.maxUnavailable, spec.minAvailable].filter((value) => value !== undefined), name(budget)).toEqual([options === ALL_ON ? '50%' : 1]);
      }
    }
    // A biometric worker scaled to two gets one; the single default one does not.
    expect(ofKind(renderChart({ set: { 'biometric.workerReplicas': '2' } }), 'PodDisruptionBudget').map(name)).toContain('biometric-worker');
  });

  it('exposes identity and verification through one Ingress (biometric only when enabled), with the WebSocket relay on its own sticky Ingress', () => {
    const routes = (options: RenderOptions) =>
      Object.fromEntries(
        ofKind(renderChart(options), 'Ingress').map((ingress) => {
          const spec = ingress['spec'] as { ingressClassName: string; tls: Array<{ hosts: string[]; secretName: string }>; rules: Array<{ host: string; http: { paths: Array<{ path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }> } }> };
          expect(spec.ingressClassName).toBe('nginx');
          expect(spec.tls.map((tls) => tls.secretName)).toEqual(['citizen-zero-tls']);
          for (const rule of spec.rules) expect(spec.tls[0]!.hosts).toContain(rule.host);
          return [name(ingress), spec.rules.flatMap((rule) => rule.http.paths.map((path) => `${rule.host}${path.path} ${path.pathType} -> ${path.backend.service.name}:${path.backend.service.port.name}`))];
        }),
      );
    const relay = ['verify.example.gov/relay/sessions Prefix -> verification-relay:http'];
    const webApps = ['admin.example.gov/ Prefix -> admin-portal:http', 'verifier.example.gov/ Prefix -> verifier:http', 'wallet.example.gov/ Prefix -> wallet:http'];
    expect(routes(DEFAULTS)).toEqual({ 'citizen-zero': ['identity.example.gov/ Prefix -> identity:http', 'verify.example.gov/ Prefix -> verification:http', ...webApps], 'citizen-zero-relay': relay });
    expect(routes(ALL_ON)).toEqual({ 'citizen-zero': ['identity.example.gov/ Prefix -> identity:http', 'verify.example.gov/ Prefix -> verification:http', 'biometric.example.gov/ Prefix -> biometric:http', ...webApps], 'citizen-zero-relay': relay });
    expect(routes(ALL_OFF)).toEqual({});
    expect(routes({ set: { 'ingress.relay.separate': 'false' } })).toEqual({ 'citizen-zero': ['identity.example.gov/ Prefix -> identity:http', 'verify.example.gov/ Prefix -> verification:http', ...webApps] });
    // The relay's backend is a Service of its own (the same pods): controllers keep load balancing per backend Service.
    const relayService = ofKind(renderChart(), 'Service').find((service) => name(service) === 'verification-relay')!;
    expect(relayService['spec']).toEqual(ofKind(renderChart(), 'Service').find((service) => name(service) === 'verification')!['spec']);
    // Both ends of a session (same path, ?role=mdoc|reader) reach the same replica; timeouts outlive the relay's 600 s sessions.
    const annotations = (options: RenderOptions) => (ofKind(renderChart(options), 'Ingress').find((ingress) => name(ingress) === 'citizen-zero-relay')!['metadata'] as { annotations: Record<string, string> }).annotations;
    expect(annotations(DEFAULTS)).toMatchObject({ 'nginx.ingress.kubernetes.io/upstream-hash-by': '$uri', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '660', 'nginx.ingress.kubernetes.io/limit-rpm': '60' });
    expect(annotations(ALL_ON)).toMatchObject({ 'cert-manager.io/cluster-issuer': 'government-ca', 'nginx.ingress.kubernetes.io/upstream-hash-by': '$uri' });
    // The per-address limit of the service itself is off behind the proxy (every client would share it).
    expect(renderChart().containers.find((container) => container.name === 'verification')!.env['CZ_RELAY_CONNECTIONS_PER_MINUTE']).toBe('0');
  });

  it('mounts the PKCS#11 module (hostPath, image, CSI or none) and the HSM client files (Secret or CSI) read-only, as values say', () => {
    const volumes = (options: RenderOptions) => {
      const pod = renderChart(options).containers.find((container) => container.name === 'identity')!;
      return Object.fromEntries((pod.podSpec['volumes'] as Array<Record<string, unknown>>).filter((volume) => ['hsm-module', 'hsm-client', 'ca-bundle'].includes(String(volume['name']))).map(({ name: volume, ...source }) => [String(volume), source]));
    };
    expect(volumes(DEFAULTS)).toEqual({ 'hsm-module': { hostPath: { path: '/opt/hsm', type: 'Directory' } } });
    expect(volumes(ALL_ON)).toEqual({
      'hsm-module': { image: { reference: 'registry.example.gov/vendor/luna-client:10.7.2', pullPolicy: 'IfNotPresent' } },
      'hsm-client': { secret: { secretName: 'citizen-zero-hsm-client', defaultMode: 0o440 } },
      'ca-bundle': { configMap: { name: 'citizen-zero-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    });
    expect(volumes(Object.values(VARIANTS)[0]!)).toEqual({
      'hsm-module': { csi: { driver: 'hsm.vendor.example', readOnly: true } },
      'hsm-client': { csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'citizen-zero-hsm' } } },
      'ca-bundle': { secret: { secretName: 'citizen-zero-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    });
    expect(volumes(ALL_OFF)).toEqual({});
    const identity = renderChart(ALL_ON).containers.find((container) => container.name === 'identity')!;
    expect(identity.env).toMatchObject({ ChrystokiConfigurationPath: '/etc/hsm', NODE_EXTRA_CA_CERTS: '/etc/citizen-zero/ca/ca.crt', CZ_HSM_MODULE: '/opt/hsm/libs/64/libCryptoki2.so' });
    expect(() => renderChart({ set: { 'hsm.module.source': 'nfs' } })).toThrow(/hsm.module.source must be hostPath, image, csi or none/);
    expect(() => renderChart({ set: { 'hsm.module.source': 'image' } })).toThrow(/hsm.module.image.reference is required/);
  });

  describe('NetworkPolicies', () => {
    const RELEASE_NAMESPACE = 'citizen-zero';
    const namespaced = (namespace: string) => ({ namespace, namespaceLabels: { 'kubernetes.io/metadata.name': namespace } });
    /** What surrounds the release: pods of other namespaces, a pod of the release's namespace outside the release, and addresses outside the cluster. */
    const SURROUNDINGS: Endpoint[] = [
      { name: 'ingress-controller', ip: '10.244.9.1', ...namespaced('ingress-nginx'), labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] },
      { name: 'kube-dns', ip: '10.244.9.2', ...namespaced('kube-system'), labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { name: 'prometheus', ip: '10.244.9.3', ...namespaced('monitoring'), labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [{ port: 9090, protocol: 'TCP' }] },
      { name: 'stranger', ip: '10.244.9.4', ...namespaced(RELEASE_NAMESPACE), labels: { 'app.kubernetes.io/name': 'stranger' }, ports: [{ port: 8080, protocol: 'TCP' }] },
      { name: 'postgres-in-cluster', ip: '10.244.9.5', ...namespaced('databases'), labels: { 'cnpg.io/cluster': 'citizen-zero' }, ports: [{ port: 5432, protocol: 'TCP' }] },
      { name: 'postgres', ip: '10.0.16.10', ports: [{ port: 5432, protocol: 'TCP' }] },
      { name: 'redis', ip: '10.0.17.10', ports: [{ port: 6379, protocol: 'TCP' }] },
      { name: 'hsm', ip: '10.0.18.10', ports: [{ port: 1792, protocol: 'TCP' }] },
      { name: 'idp', ip: '198.51.100.10', ports: [{ port: 443, protocol: 'TCP' }] },
      { name: 'internet', ip: '203.0.113.10', ports: [{ port: 443, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }] },
      { name: 'private-network', ip: '10.200.0.10', ports: [{ port: 443, protocol: 'TCP' }] },
      { name: 'desks', ip: '192.168.50.20', ports: [] },
    ];
    const MONITOR: Endpoint = { name: 'monitor', ip: '10.244.9.6', ...namespaced(RELEASE_NAMESPACE), labels: { 'app.kubernetes.io/name': 'monitor', 'app.kubernetes.io/part-of': 'citizen-zero', 'app.kubernetes.io/instance': 'cz' }, ports: [] };

    function endpoints(chart: RenderedChart): Endpoint[] {
      const pods = deploymentPods(chart.documents, chart.namespace, { 'kubernetes.io/metadata.name': chart.namespace }, '10.244.0.0/16');
      return [...pods, ...(pods.some((pod) => pod.name === 'monitor') ? [] : [MONITOR]), ...SURROUNDINGS];
    }

    /**
     * The topology (docs/architecture.md, "Containers"), as edges between what the policies can
     * name: no service calls another's API; identity and biometric meet only in Redis queues.
     */
    function topology(options: { biometricIngress: boolean; monitor: boolean; prometheus: boolean; desks: boolean; postgres: string; jwks: 'anywhere' | 'idp' }): string[] {
      const tcp = (source: string, destination: string, port: number) => `${source} -> ${destination}:${port}/TCP`;
      const publicHttps = ['idp', 'internet'].map((destination) => (source: string) => tcp(source, destination, 443));
      return [
        tcp('ingress-controller', 'identity', 3100),
        // The web apps are static pages: only the ingress controller reaches them, and they reach nothing.
        ...WEB_APPS.map((app) => tcp('ingress-controller', app, 8080)),
        tcp('ingress-controller', 'verification', 3300),
        ...(options.biometricIngress ? [tcp('ingress-controller', 'biometric', 3200)] : []),
        ...(options.desks ? [tcp('desks', 'biometric', 3200)] : []),
        ...Object.entries(HTTP_PORTS).flatMap(([service, port]) => [...(options.monitor ? [tcp('monitor', service, port)] : []), ...(options.prometheus ? [tcp('prometheus', service, port)] : [])]),
        ...WORKLOADS.flatMap((workload) => [`${workload} -> kube-dns:53/UDP`, tcp(workload, 'kube-dns', 53), tcp(workload, options.postgres, 5432), tcp(workload, 'redis', 6379), tcp(workload, 'hsm', 1792)]),
        // The JWKS: anywhere on 443 by default — which, where ipBlocks apply to pods, includes the ingress controller.
        ...APIS.flatMap((api) => (options.jwks === 'anywhere' ? ['idp', 'internet', 'private-network', 'ingress-controller'].map((destination) => tcp(api, destination, 443)) : [tcp(api, 'idp', 443)])),
        // Webhook receivers: public addresses on 443.
        ...publicHttps.map((edge) => edge('identity-worker')),
        // Status lists: the identity service's public host through the ingress controller, other issuers' public hosts.
        tcp('verification', 'ingress-controller', 443),
        ...publicHttps.map((edge) => edge('verification')),
      ];
    }

    it('deny by default: every pod of the release is selected by the default deny (ingress and egress) and by its own policy', () => {
      for (const options of [DEFAULTS, ALL_ON]) {
        const chart = renderChart(options);
        const policies = networkPolicies(chart.documents, chart.namespace);
        const defaultDeny = policies.find((policy) => policy.name === 'citizen-zero-default-deny')!;
        expect(defaultDeny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'citizen-zero', 'app.kubernetes.io/instance': 'cz' } }, policyTypes: ['Ingress', 'Egress'] });
        for (const pod of endpoints(chart).filter((endpoint) => endpoint.namespace === chart.namespace && endpoint.name !== 'stranger')) {
          const selecting = policiesSelecting(policies, pod).map((policy) => policy.name);
          expect(selecting, pod.name).toContain('citizen-zero-default-deny');
          if ([...WORKLOADS, ...WEB_APPS].includes(pod.name)) expect(selecting, pod.name).toContain(pod.name);
        }
      }
    });

    it('allow exactly the topology’s edges (computed from the rendered policies), with the defaults, the optional parts on, and the JWKS narrowed', () => {
      const cases: Array<[RenderOptions, Parameters<typeof topology>[0]]> = [
        [DEFAULTS, { biometricIngress: false, monitor: false, prometheus: false, desks: false, postgres: 'postgres', jwks: 'anywhere' }],
        [ALL_ON, { biometricIngress: true, monitor: true, prometheus: true, desks: true, postgres: 'postgres-in-cluster', jwks: 'anywhere' }],
        [VARIANTS['JWKS only at the identity provider']!, { biometricIngress: false, monitor: false, prometheus: false, desks: false, postgres: 'postgres', jwks: 'idp' }],
      ];
      for (const [options, expected] of cases) {
        const chart = renderChart(options);
        const monitor = monitorEnabled(chart);
        // The defaults include the monitor's edges once the chart has a monitor (values `monitor`).
        const edges = [...allowedEdges(networkPolicies(chart.documents, chart.namespace), endpoints(chart), new Set([...WORKLOADS, ...WEB_APPS]))].sort();
        expect(edges).toEqual([...new Set(topology({ ...expected, monitor: expected.monitor || monitor }))].sort());
      }
    });

    it('allow nothing without the ingress controller, monitor or DNS when those are not configured', () => {
      const chart = renderChart({ set: { 'ingress.enabled': 'false', 'networkPolicy.dns.to': 'null', 'monitor.enabled': 'false' } });
      const edges = [...allowedEdges(networkPolicies(chart.documents, chart.namespace), endpoints(chart), new Set([...WORKLOADS, ...WEB_APPS]))];
      expect(edges.filter((edge) => /ingress-controller -> |monitor -> |kube-dns/.test(edge))).toEqual([]);
      expect(edges.filter((edge) => edge.endsWith(':3100/TCP') || edge.endsWith(':3300/TCP'))).toEqual([]);
    });
  });
});
