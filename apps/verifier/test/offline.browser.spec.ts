// @vitest-environment node
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freeLoopbackPort, syntheticPortraitJpeg, waitUntil } from '@citizen-zero/test-harness';
import { renderNationalIdCard } from '@citizen-zero/travel-documents';
import { createTestWorld, publication, sealText, type TestWorld } from './support/test-world';

const ROOT = resolve(__dirname, '../../..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The built verifier in Debian's Chromium: it installs its service worker, synchronises the signed
 * trust list, status list and issuer keys from the (loopback) publications, and then — with the
 * browser context offline — starts from the service worker's cache, keeps the synced material in
 * IndexedDB, and verifies a printed seal from an identity-document PDF (pdf.js and its worker from the
 * cache). Any console error, page error or failed request fails the test.
 */
describe('the verifier offline, in Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'cz-verifier-offline-'));
  let world: TestWorld;
  let publications: Server;
  let webApp: ChildProcess;
  let verifierUrl: string;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    const servicesPort = await freeLoopbackPort();
    const services = `http://127.0.0.1:${servicesPort}`;
    world = await createTestWorld({}, { verification: services, identity: services, relay: `ws://127.0.0.1:${servicesPort}/relay/sessions` });
    publications = createServer((request, response) => {
      const found = publication(world, { verification: services, identity: services }, `${services}${request.url ?? '/'}`);
      response.writeHead(found ? 200 : 404, { 'content-type': found?.type ?? 'text/plain', 'access-control-allow-origin': '*' });
      response.end(found ? found.body : 'not found');
    });
    await new Promise<void>((done) => publications.listen(servicesPort, '127.0.0.1', done));

    const dist = join(work, 'dist');
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/verifier/vite.config.mts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const port = await freeLoopbackPort();
    verifierUrl = `http://127.0.0.1:${port}`;
    const config = { issuer: services, clientId: 'verifier-app', verificationUrl: services, verificationResource: 'urn:citizen-zero:verification', identityUrl: services, trustListSignerAnchorsPem: world.trustRootPem, relayUrlPrefixes: [`ws://127.0.0.1:${servicesPort}/relay/sessions/`] };
    webApp = spawn(process.execPath, ['--import', 'tsx', 'tools/platform/src/web-app-server.ts'], {
      cwd: ROOT,
      env: { ...process.env, CZ_WEB_APP_NAME: 'verifier', CZ_WEB_APP_PORT: String(port), CZ_WEB_APP_DIST: dist, CZ_WEB_APP_CONFIG: JSON.stringify(config), CZ_WEB_APP_CONNECT_SRC: `${services} ws://127.0.0.1:${servicesPort}` },
      stdio: 'ignore',
    });
    await waitUntil('the verifier web-app server', async () => (await fetch(`${verifierUrl}/config.json`)).ok, 30_000);
    context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await context?.close();
    webApp?.kill();
    await new Promise((done) => publications?.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} at ${message.location().url}:${message.location().lineNumber}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
  };

  it('syncs once online, then starts, shows the synced material as fresh and verifies a seal PDF with the network cut', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    watch(page);
    await page.goto(verifierUrl);
    await page.getByTestId('freshness').and(page.locator('[data-state="fresh"]')).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('freshness').textContent()).toContain('Trust material up to date');
    // The service worker has installed and controls the page: everything the app needs is cached.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The start-up sync of this load has finished before the network is cut.
    await page.getByRole('button', { name: 'Synchronise now' }).waitFor();
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest).toMatchObject({ name: 'Citizen Zero verifier', display: 'standalone' });

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('network').filter({ hasText: 'Offline' }).waitFor();
    await page.getByTestId('freshness').and(page.locator('[data-state="fresh"]')).waitFor();

    await page.getByRole('button', { name: 'This device', exact: true }).click();
    expect(await page.getByRole('region', { name: 'This device' }).textContent()).toContain('signed VICAL #3');
    expect(await page.getByRole('button', { name: 'Offline — cannot synchronise' }).isDisabled()).toBe(true);

    const seal = await sealText(world);
    const pdf = await renderNationalIdCard(
      { holder: { primaryIdentifier: 'OKONKWO', secondaryIdentifier: 'ADAEZE MARIE', dateOfBirth: '1990-04-17', sex: 'F', nationality: 'UTO' }, portraitJpeg: syntheticPortraitJpeg(2), documentNumber: 'ID0001', issuingState: 'UTO', issuingStateName: 'UTOPIA', issuingAuthority: 'Utopia Civil Registry', dateOfIssue: '2026-01-10', dateOfExpiry: '2031-01-09', issuedAt: new Date('2026-01-10T09:00:00Z') },
      seal,
    );
    const pdfFile = join(work, 'national-id.pdf');
    writeFileSync(pdfFile, pdf);
    await page.getByRole('button', { name: 'Verify a printed document', exact: true }).click();
    await page.getByLabel('Upload the PDF or a photo of the seal').setInputFiles(pdfFile);
    const verdict = page.getByTestId('seal-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.getAttribute('data-outcome')).toBe('accepted');
    expect(await page.getByTestId('seal-primaryIdentifier').textContent()).toBe('Family nameOKONKWO');
    expect(await page.getByTestId('retention-note').textContent()).toContain('Nothing from this verification is kept');
    await page.getByRole('button', { name: 'Done — next document' }).click();

    // An altered seal, pasted: red.
    await page.getByLabel('Or paste the seal text (CZ1:…)').fill(`${seal.slice(0, 40)}${seal[40] === 'A' ? 'B' : 'A'}${seal.slice(41)}`);
    await page.getByRole('button', { name: 'Verify this seal' }).click();
    expect(await page.getByTestId('seal-verdict').getAttribute('data-outcome')).toBe('rejected');
    await page.screenshot({ path: join(ROOT, 'test-results', 'verifier-offline-seal.png'), fullPage: true }).catch(() => undefined);
    expect(problems).toEqual([]);
  });
});
