import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompose } from '@citizen-zero/test-harness';

const ROOT = resolve(__dirname, '../..');

/** No Docker engine runs here: the files are checked for what can be checked without one. */
describe('containers: the Dockerfiles and docker-compose.yml', () => {
  const compose = readCompose();

  it('builds every image from a multi-stage Dockerfile that runs as a non-root user with a health check, without dev dependencies', () => {
    const dockerfiles = [...new Set(Object.values(compose.services).flatMap((service) => (service.build ? [service.build.dockerfile] : [])))];
    expect(dockerfiles.sort()).toEqual(['docker/biometric/Dockerfile', 'docker/console/Dockerfile', 'docker/dev-idp/Dockerfile', 'docker/identity/Dockerfile', 'docker/monitor/Dockerfile', 'docker/verification/Dockerfile', 'docker/web-app/Dockerfile']);
    for (const file of dockerfiles) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text.match(/^FROM /gm)?.length ?? 0, file).toBeGreaterThanOrEqual(2);
      expect(text, file).toMatch(/^USER cz$/m);
      const finalStage = text.slice(text.lastIndexOf('\nFROM '));
      // A web app's final stage has no node_modules at all (its build stage needs the dev tools: vite, esbuild).
      if (file === 'docker/web-app/Dockerfile') expect(finalStage, file).not.toContain('node_modules');
      else expect(text, file).toContain('--omit=dev');
      if (!file.includes('console')) expect(text, file).toMatch(/^HEALTHCHECK /m);
      // The final stage takes node_modules only from a stage that installed without dev dependencies.
      for (const [, stage] of finalStage.matchAll(/^COPY --from=(\S+) \/app\/node_modules /gm)) expect(text.slice(text.indexOf(`AS ${stage}`)).split('\nFROM ')[0], `${file}: stage ${stage}`).toContain('--omit=dev');
      // A build argument in a source (apps/${APP}) stands for each value the compose file passes.
      const args = Object.values(compose.services).flatMap((service) => (service.build?.dockerfile === file ? [service.build.args ?? {}] : []));
      for (const [, source] of text.matchAll(/^COPY (?!--from)(\S+)/gm)) {
        const sources = source!.includes('${') ? args.map((values) => source!.replace(/\$\{(\w+)\}/g, (_match, name: string) => values[name] ?? `(no ${name})`)) : [source!];
        for (const path of sources) expect(existsSync(join(ROOT, path)), `${file}: COPY ${path}`).toBe(true);
      }
    }
  });

  it('keeps the HSM token and the data in named volumes, and the identity worker on the identity image', () => {
    for (const service of ['ceremony', 'identity', 'identity-worker', 'biometric', 'verification']) expect(compose.services[service]!.volumes, service).toContain('hsm:/data');
    expect(compose.services['identity-worker']!.build).toEqual(compose.services['identity']!.build);
    expect(compose.services['identity-worker']!.command).toEqual(['node', '-r', '@swc-node/register', 'apps/identity/src/worker.ts']);
    // The monitor holds no keys: of the token volume it sees only the public certificates (pki/), read-only.
    expect(compose.services['monitor']!.volumes).toEqual([{ type: 'volume', source: 'hsm', target: '/data/pki', read_only: true, volume: { subpath: 'pki' } }]);
  });
});
