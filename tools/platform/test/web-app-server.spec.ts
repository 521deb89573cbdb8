import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEnvironment, readCompose, renderChart, variablesRead } from '@citizen-zero/test-harness';
import { createWebAppServer, readWebAppServerSettings } from '../src/web-app-server';

describe('the web-app server (tools/platform/src/web-app-server.ts)', () => {
  const dist = mkdtempSync(join(tmpdir(), 'cz-web-app-'));
  let base = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
    const settings = readWebAppServerSettings({
      CZ_WEB_APP_NAME: 'test app',
      CZ_WEB_APP_DIST: dist,
      CZ_WEB_APP_CONFIG: '{"issuer":"https://idp.example"}',
      CZ_WEB_APP_CONNECT_SRC: 'https://api.example wss://relay.example/',
      CZ_WEB_APP_FORM_ACTION: 'https://idp.example',
    });
    const server = createWebAppServer(settings).listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers /config.json with the configured object, never cached', async () => {
    const response = await fetch(`${base}/config.json`);
    expect(await response.json()).toEqual({ issuer: 'https://idp.example' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends a CSP that lets the page reach itself and the configured origins only, and post only to the provider', async () => {
    const csp = (await fetch(`${base}/`)).headers.get('content-security-policy')!;
    expect(csp.split('; ')).toEqual(expect.arrayContaining(["default-src 'self'", "connect-src 'self' https://api.example wss://relay.example", 'form-action https://idp.example', "frame-ancestors 'none'", "worker-src 'self'"]));
  });

  it('caches hashed assets for a year, and revalidates the page, the service worker and the manifest', async () => {
    expect((await fetch(`${base}/assets/index-abc123.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/sw.js', '/manifest.webmanifest', '/index.html']) expect((await fetch(`${base}${path}`)).headers.get('cache-control'), path).toBe('no-cache');
    expect((await fetch(`${base}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json');
  });

  it("answers a screen's path with the page, a missing file with 404, a write with 405, and nothing outside the build", async () => {
    const screen = await fetch(`${base}/citizens/123`);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('<title>app</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/config.json`, { method: 'POST' })).status).toBe(405);
    // Encoded slashes survive URL parsing; decoded, they would climb out of the build.
    const escaping = await new Promise<number>((done, fail) => get(`${base}/..%2f..%2fpackage.json`, (response) => done(response.statusCode ?? 0)).on('error', fail));
    expect(escaping).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('survives a build emptied under it: the request ends, the server keeps serving', async () => {
    rmSync(join(dist, 'index.html'));
    expect((await fetch(`${base}/screen-while-rebuilding`)).status).toBe(503);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('adds the text of configuration files (a pinned certificate) to /config.json', () => {
    const pem = join(dist, 'anchor.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const settings = readWebAppServerSettings({ CZ_WEB_APP_DIST: dist, CZ_WEB_APP_CONFIG: '{"a":1}', CZ_WEB_APP_CONFIG_FILES: `anchorPem=${pem}` });
    expect(settings.config).toEqual({ a: 1, anchorPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    expect(() => readWebAppServerSettings({ CZ_WEB_APP_DIST: dist, CZ_WEB_APP_CONFIG: '{"a":1}', CZ_WEB_APP_CONFIG_FILES: `a=${pem}, b=/nowhere.pem, =x` })).toThrow(/a is also in CZ_WEB_APP_CONFIG[\s\S]*b: \/nowhere.pem cannot be read[\s\S]*"=x" is not field=path/);
  });

  it('reports every settings problem at once', () => {
    expect(() => readWebAppServerSettings({ CZ_WEB_APP_PORT: '70000', CZ_WEB_APP_CONFIG: '[1]', CZ_WEB_APP_CONNECT_SRC: 'ftp://x' })).toThrow(
      /CZ_WEB_APP_PORT must be an integer[\s\S]*CZ_WEB_APP_DIST is required[\s\S]*CZ_WEB_APP_CONFIG must be a JSON object[\s\S]*CZ_WEB_APP_CONNECT_SRC: ftp:\/\/x is not/,
    );
    expect(() => readWebAppServerSettings({ CZ_WEB_APP_DIST: join(dist, 'nowhere'), CZ_WEB_APP_CONFIG: '{}' })).toThrow(/index.html is missing/);
  });

  describe('as deployed: every web app of docker-compose.yml and the Helm chart', () => {
    // What the image sets (its last ENV line), which compose's environment adds to.
    const dockerfile = readFileSync(join(__dirname, '../../../docker/web-app/Dockerfile'), 'utf8');
    const imageEnv = Object.fromEntries([...dockerfile.slice(dockerfile.lastIndexOf('\nENV ')).split('\n')[1]!.matchAll(/(\w+)=(\S+)/g)].map(([, name, value]) => [name!, value!]).filter(([name]) => name!.startsWith('CZ_')));
    const composeApps = Object.entries(readCompose().services)
      .filter(([, service]) => service.build?.dockerfile === 'docker/web-app/Dockerfile')
      .map(([name]) => ({ where: `docker-compose.yml ${name}`, env: { ...imageEnv, ...composeEnvironment(name) } }));
    const helmApps = renderChart()
      .containers.filter((container) => container.env['CZ_WEB_APP_DIST'] !== undefined)
      .map((container) => ({ where: `Helm ${container.name}`, env: container.env }));
    it('includes the admin portal in both', () => {
      expect(composeApps.map((app) => app.where)).toContain('docker-compose.yml admin-portal');
      expect(helmApps.map((app) => app.where)).toContain('Helm admin-portal');
    });
    for (const app of [...composeApps, ...helmApps]) {
      it(`${app.where}: settings accepted, and no variable the server does not read`, () => {
        const load = (env: Record<string, string | undefined>) => readWebAppServerSettings(env, { requireBuild: false });
        expect(() => load(app.env)).not.toThrow();
        const read = variablesRead(load, app.env);
        expect(Object.keys(app.env).filter((variable) => !read.has(variable))).toEqual([]);
      });
    }
  });
});
