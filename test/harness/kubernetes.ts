import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

type Manifest = Record<string, unknown>;
interface Model { validate(): void }

/**
 * The kubernetes-models class (JSON schema of the Kubernetes OpenAPI definitions) of each
 * apiVersion/kind a chart may render. A kind that is not here fails validation: add its model.
 */
const MODELS: Record<string, new (data: never) => Model> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

/**
 * What is wrong with a rendered manifest against its Kubernetes schema: the model's own validation
 * (types, required fields, enums), and fields the schema does not define. The schemas allow unknown
 * fields (the API server would drop them, or refuse them with strict field validation), so these are
 * found by watching which fields the compiled validator reads: a field it never reads, in an object
 * whose keys it never enumerates (a map such as labels), is unknown. Empty: valid.
 */
export function validateManifest(manifest: Manifest): string[] {
  const type = `${String(manifest['apiVersion'])}/${String(manifest['kind'])}`;
  const ModelClass = MODELS[type];
  if (!ModelClass) return [`${type}: no kubernetes-models class is mapped for this apiVersion/kind`];
  const model = new ModelClass(manifest as never);
  const read = new WeakMap<object, { keys: Set<string>; enumerated: boolean }>();
  const record = (target: object) => {
    let entry = read.get(target);
    if (!entry) read.set(target, (entry = { keys: new Set(), enumerated: false }));
    return entry;
  };
  const watch = (value: unknown): unknown =>
    value !== null && typeof value === 'object'
      ? new Proxy(value, {
          get: (target, key, receiver) => {
            if (typeof key === 'string') record(target).keys.add(key);
            return watch(Reflect.get(target, key, receiver));
          },
          has: (target, key) => {
            if (typeof key === 'string') record(target).keys.add(key);
            return Reflect.has(target, key);
          },
          ownKeys: (target) => {
            record(target).enumerated = true;
            return Reflect.ownKeys(target);
          },
        })
      : value;
  try {
    model.validate.call(watch(model) as Model);
  } catch (error) {
    return [`${type}: ${(error as Error).message}`];
  }
  const unknown: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object') return;
    const entry = read.get(value);
    for (const [key, child] of Object.entries(value)) {
      if (!Array.isArray(value) && !entry?.enumerated && !entry?.keys.has(key)) unknown.push(`${type}: ${path}${key} is not a field of the schema`);
      walk(child, `${path}${key}.`);
    }
  };
  walk(model, '');
  return unknown;
}

/* ------------------------------------------------------------------------------------------------
 * NetworkPolicy semantics (networking.k8s.io/v1), to compute which endpoint may reach which.
 * ---------------------------------------------------------------------------------------------- */

export interface Port {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly name?: string;
}

/** A pod (labels, namespace and pod IP) or an address outside the cluster (ip only), with the ports it listens on. */
export interface Endpoint {
  readonly name: string;
  readonly ip: string;
  readonly ports: readonly Port[];
  readonly namespace?: string;
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}
interface Peer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } }
interface PolicyPort { port?: number | string; endPort?: number; protocol?: string }
interface Rule { ports?: PolicyPort[]; from?: Peer[]; to?: Peer[] }
interface PolicySpec { podSelector: LabelSelector; policyTypes?: Array<'Ingress' | 'Egress'>; ingress?: Rule[] | null; egress?: Rule[] | null }
interface Policy { namespace: string; name: string; spec: PolicySpec }

export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> = {}): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const value = labels[expression.key];
    const matches = { In: value !== undefined && (expression.values ?? []).includes(value), NotIn: value === undefined || !(expression.values ?? []).includes(value), Exists: value !== undefined, DoesNotExist: value === undefined }[expression.operator];
    if (!matches) return false;
  }
  return true;
}

function ipv4(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(network!) / size);
}

/**
 * Whether a peer of a rule in `policyNamespace` designates the endpoint. An ipBlock matches any
 * endpoint whose address is in it, pods included: whether ipBlocks apply to pod addresses is left to
 * the network plugin (Calico: yes; Cilium: no), and this takes the more permissive reading.
 */
function peerMatches(peer: Peer, endpoint: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock) return inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((cidr) => inCidr(endpoint.ip, cidr));
  if (endpoint.namespace === undefined) return false;
  const namespaceMatches = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, endpoint.namespaceLabels) : endpoint.namespace === policyNamespace;
  return namespaceMatches && (peer.podSelector ? selectorMatches(peer.podSelector, endpoint.labels) : true);
}

/** Whether a rule's ports admit a destination port (named ports resolve against the destination's ports). */
function portMatches(ports: PolicyPort[] | undefined, port: Port): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((candidate) => {
    if ((candidate.protocol ?? 'TCP') !== port.protocol) return false;
    if (candidate.port === undefined) return true;
    if (typeof candidate.port === 'string') return candidate.port === port.name;
    return candidate.endPort === undefined ? candidate.port === port.port : port.port >= candidate.port && port.port <= candidate.endPort;
  });
}

function policyTypes(spec: PolicySpec): Array<'Ingress' | 'Egress'> {
  return spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** The rendered NetworkPolicies, in the release namespace unless they name theirs. */
export function networkPolicies(documents: ReadonlyArray<Record<string, unknown>>, releaseNamespace: string): Policy[] {
  return documents
    .filter((document) => document['kind'] === 'NetworkPolicy')
    .map((document) => {
      const metadata = document['metadata'] as { name: string; namespace?: string };
      return { namespace: metadata.namespace ?? releaseNamespace, name: metadata.name, spec: document['spec'] as PolicySpec };
    });
}

/** The policies that select a pod (an address outside the cluster is selected by none). */
export function policiesSelecting(policies: readonly Policy[], endpoint: Endpoint): Policy[] {
  return endpoint.namespace === undefined ? [] : policies.filter((policy) => policy.namespace === endpoint.namespace && selectorMatches(policy.spec.podSelector, endpoint.labels));
}

function allowed(direction: 'Ingress' | 'Egress', policies: readonly Policy[], subject: Endpoint, peer: Endpoint, port: Port): boolean {
  const isolating = policiesSelecting(policies, subject).filter((policy) => policyTypes(policy.spec).includes(direction));
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      return portMatches(rule.ports, port) && (!peers || peers.length === 0 || peers.some((candidate) => peerMatches(candidate, peer, policy.namespace)));
    }),
  );
}

/**
 * Every `source -> destination:port/protocol` the policies allow, for the destinations' listening
 * ports: the source's egress and the destination's ingress must both allow it. Only edges with at
 * least one end in `subjects` (the release's pods) are returned.
 */
export function allowedEdges(policies: readonly Policy[], endpoints: readonly Endpoint[], subjects: ReadonlySet<string>): Set<string> {
  const edges = new Set<string>();
  for (const source of endpoints) {
    for (const destination of endpoints) {
      if (source === destination || !(subjects.has(source.name) || subjects.has(destination.name))) continue;
      for (const port of destination.ports) {
        if (allowed('Egress', policies, source, destination, port) && allowed('Ingress', policies, destination, source, port)) edges.add(`${source.name} -> ${destination.name}:${port.port}/${port.protocol}`);
      }
    }
  }
  return edges;
}

/** The pods of the rendered Deployments: one endpoint each, named after the Deployment, at addresses in podCidr (a /16). */
export function deploymentPods(documents: ReadonlyArray<Record<string, unknown>>, namespace: string, namespaceLabels: Readonly<Record<string, string>>, podCidr: string): Endpoint[] {
  const base = podCidr.split('/')[0]!.split('.').slice(0, 2).join('.');
  return documents
    .filter((document) => document['kind'] === 'Deployment')
    .map((document, index) => {
      const template = (document['spec'] as { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ ports?: Array<{ name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' }> }> } } }).template;
      const ports = template.spec.containers.flatMap((container) => (container.ports ?? []).map((port) => ({ port: port.containerPort, protocol: port.protocol ?? 'TCP', ...(port.name && { name: port.name }) })));
      return { name: (document['metadata'] as { name: string }).name, ip: `${base}.1.${index + 10}`, ports, namespace, namespaceLabels, labels: template.metadata.labels };
    });
}
