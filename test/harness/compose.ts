import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface ComposeService {
  readonly environment?: Record<string, string>;
  readonly build?: { readonly context: string; readonly dockerfile: string; readonly args?: Readonly<Record<string, string>> };
  readonly volumes?: readonly string[];
  readonly command?: readonly string[];
}

/** docker/docker-compose.yml, with YAML merge keys resolved. */
export function readCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(join(resolve(__dirname, '../..'), 'docker/docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
}

/** A compose service's environment, interpolated with stand-in values for what the operator provides. */
export function composeEnvironment(service: string): Record<string, string> {
  const raw = readCompose().services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value).replace(/\$\{(\w+)(?::?[-?][^}]*)?\}/g, (_match, variable: string) => `stand-in-${variable.toLowerCase()}`)]));
}

/** The variables a configuration loader reads, found by giving it an environment that records every read. */
export function variablesRead(load: (env: Record<string, string | undefined>) => unknown, env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const recorder = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    load(recorder);
  } catch {
    // a failing load still tells which variables it read
  }
  return read;
}
