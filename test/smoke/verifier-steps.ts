/**
 * Browser steps for the verifier (apps/verifier), for end-to-end walks that drive a wallet and a
 * verifier in two Chromium contexts: launch the verifier with a fake camera, synchronise it, enrol it
 * as an official, show it a wallet's engagement QR code (through the camera or pasted), choose what to
 * ask, read the verdict, and verify a printed document's seal offline.
 *
 * The camera is Chromium's fake capture device reading a Y4M file (`--use-fake-device-for-media-stream
 * --use-file-for-fake-video-capture=<file>`): {@link showToCamera} draws a QR code into that file
 * before the scan starts (Chromium opens the file when the page asks for the camera).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type VerifierProfile = 'age-over-18' | 'identity' | 'driving-privileges' | 'age-over-18-zk';

const PROFILE_LABELS: Readonly<Record<VerifierProfile, string>> = {
  'age-over-18': 'Age over 18',
  identity: 'Identity with portrait',
  'driving-privileges': 'Driving privileges',
  'age-over-18-zk': 'Age over 18 (zero-knowledge)',
};

export interface VerifierBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The Y4M file the fake camera reads. */
  readonly cameraFile: string;
  /** Console errors, page errors, failed requests and HTTP errors seen so far, in order. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * Opens the verifier in a fresh Chromium profile with the fake camera (camera permission granted) and
 * waits until it has started. Failed requests and console errors are collected in `problems`.
 */
export async function launchVerifier(verifierUrl: string, options: { headless?: boolean; viewport?: { width: number; height: number } } = {}): Promise<VerifierBrowser> {
  const work = mkdtempSync(join(tmpdir(), 'cz-verifier-browser-'));
  const cameraFile = join(work, 'camera.y4m');
  await writeQrVideo('Citizen Zero verifier: no code shown yet', cameraFile);
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${cameraFile}`],
    permissions: ['camera'],
    viewport: options.viewport ?? { width: 1100, height: 900 },
  });
  await context.grantPermissions(['camera'], { origin: new URL(verifierUrl).origin });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`verifier console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`verifier page error on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`verifier request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`verifier HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  await page.goto(verifierUrl);
  await page.getByRole('heading', { name: 'Citizen Zero verifier' }).waitFor();
  return {
    context,
    page,
    cameraFile,
    problems,
    async close() {
      await context.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Synchronises the trust list, status lists and issuer keys (the app also does so when it starts
 * online) and waits until the freshness panel says they are up to date; then waits for the service
 * worker, so that the app starts offline from then on.
 */
export async function syncVerifier(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'This device', exact: true }).click();
  const sync = page.getByRole('button', { name: 'Synchronise now' });
  await sync.waitFor();
  await sync.click();
  await page.getByRole('button', { name: 'Synchronise now' }).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="freshness"][data-state="fresh"]').waitFor({ timeout: 60_000 });
  const failures = await page.getByTestId('last-sync').locator('li', { hasText: 'failed' }).allTextContents();
  if (failures.length > 0) throw new Error(`verifier sync: ${failures.join('; ')}`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.getByRole('button', { name: 'Verify a person', exact: true }).click();
}

/**
 * Enrols the device (reader authentication certificate): signs in at the development provider as
 * `username` (any password; fola.verifier has the verifier role), consents, and waits until the reader
 * certificate is there. Returns the certificate's subject as the screen shows it.
 */
export async function enrolVerifier(page: Page, options: { username?: string; deviceName?: string } = {}): Promise<string> {
  await page.getByRole('button', { name: 'This device', exact: true }).click();
  if (options.deviceName) await page.getByLabel('Device name (shown to the holder)').fill(options.deviceName);
  await page.getByRole('button', { name: /Enrol this device|Renew the reader certificate/ }).click();
  await page.locator('input[name="login"]').fill(options.username ?? 'fola.verifier');
  await page.locator('input[name="password"]').fill('demo');
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole('button', { name: 'Continue' });
  const enrolled = page.getByTestId('reader-status').filter({ hasText: /^Enrolled:/ });
  await consent.or(enrolled).first().waitFor({ timeout: 60_000 });
  if (await consent.isVisible()) await consent.click();
  await page.getByRole('button', { name: 'This device', exact: true }).click();
  await enrolled.waitFor({ timeout: 60_000 });
  const status = (await page.getByTestId('reader-status').textContent()) ?? '';
  await page.getByRole('button', { name: 'Verify a person', exact: true }).click();
  return status;
}

/**
 * Writes a Y4M video (YUV 4:2:0, 640×480, a few identical frames, which Chromium loops) showing `text`
 * as a QR code, for `--use-file-for-fake-video-capture`.
 */
export async function writeQrVideo(text: string, file: string): Promise<void> {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const scale = Math.floor(Math.min(width, height) / (modules + 8));
  const left = Math.floor((width - modules * scale) / 2);
  const top = Math.floor((height - modules * scale) / 2);
  const luma = new Uint8Array(width * height).fill(235);
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (!qr.modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++) luma.fill(16, (top + row * scale + y) * width + left + column * scale, (top + row * scale + y) * width + left + (column + 1) * scale);
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 5 }, () => frame)]));
}

/**
 * Asks the holder: chooses the profile, then reads the wallet's engagement QR code through the camera
 * (`via: 'camera'`, the default) or pastes its text. Returns once the verifier is connecting or waiting
 * for the holder; the holder answers in the wallet, then {@link readVerdict}.
 */
export async function startPresentation(browser: VerifierBrowser, engagement: string, options: { profile: VerifierProfile; via?: 'camera' | 'paste' }): Promise<void> {
  const { page } = browser;
  await page.getByRole('button', { name: 'Verify a person', exact: true }).click();
  await page.getByRole('radio', { name: PROFILE_LABELS[options.profile], exact: true }).check();
  if ((options.via ?? 'camera') === 'camera') {
    await writeQrVideo(engagement, browser.cameraFile);
    await page.getByRole('button', { name: 'Scan the wallet’s QR code' }).click();
  } else {
    await page.getByLabel('Or paste the wallet’s code (mdoc:…)').fill(engagement);
    await page.getByRole('button', { name: 'Use this code' }).click();
  }
  const region = page.getByRole('region', { name: 'Verify a person' });
  await region.getByRole('status').or(region.getByRole('alert')).or(page.getByTestId('verdict')).first().waitFor({ timeout: 30_000 });
}

export interface VerdictReading {
  readonly outcome: 'accepted' | 'rejected';
  readonly headline: string;
  /** The data shown, by element identifier (portrait excluded). */
  readonly elements: Readonly<Record<string, string>>;
  readonly portraitShown: boolean;
  /** Each check's text and result. */
  readonly checks: ReadonlyArray<{ readonly text: string; readonly passed: boolean }>;
  readonly retentionNote: string;
}

/** Waits for the verdict of a person's presentation and reads it. Throws with the screen's message if the session failed. */
export async function readVerdict(page: Page, timeoutMs = 120_000): Promise<VerdictReading> {
  const verdict = page.getByTestId('verdict');
  const problem = page.getByRole('region', { name: 'Verify a person' }).getByRole('alert');
  await verdict.or(problem).first().waitFor({ timeout: timeoutMs });
  if (!(await verdict.isVisible())) throw new Error(`the verifier shows no verdict: ${await problem.textContent()}`);
  const elements: Record<string, string> = {};
  for (const element of await verdict.locator('[data-testid^="element-"]').all()) {
    const id = (await element.getAttribute('data-testid'))!.slice('element-'.length);
    elements[id] = (await element.locator('dd').textContent()) ?? '';
  }
  const checks = await Promise.all((await verdict.getByTestId('check').all()).map(async (check) => ({ text: ((await check.textContent()) ?? '').trim(), passed: (await check.getAttribute('data-passed')) === 'true' })));
  return {
    outcome: (await verdict.getAttribute('data-outcome')) as 'accepted' | 'rejected',
    headline: (await verdict.getByTestId('verdict-headline').textContent()) ?? '',
    elements,
    portraitShown: (await verdict.getByRole('img', { name: 'Verified portrait' }).count()) > 0,
    checks,
    retentionNote: (await verdict.getByTestId('retention-note').textContent()) ?? '',
  };
}

/** "Done — next person": the verdict and its data are forgotten. */
export async function dismissVerdict(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Done — next person' }).click();
  await page.getByTestId('verdict').waitFor({ state: 'detached' });
}

/** Cuts (or restores) the verifier's network, as a verifier in the field without coverage. */
export async function setVerifierOffline(browser: VerifierBrowser, offline: boolean): Promise<void> {
  // A sync in flight would fail (a failed request): let it finish first.
  if (offline) await browser.page.getByRole('button', { name: 'Synchronising…' }).waitFor({ state: 'detached', timeout: 60_000 });
  await browser.context.setOffline(offline);
  await browser.page.getByTestId('network').filter({ hasText: offline ? 'Offline' : 'Online' }).waitFor();
}

/**
 * Cuts the verifier off from the services' HTTP APIs (trust list, status lists, reader certificates)
 * while the relay's WebSocket still connects: a presentation then shows that verification itself needs
 * nothing but the synced material. (With {@link setVerifierOffline}, Chromium also refuses the relay's
 * WebSocket, so only printed seals can be verified.) Returns a function that restores them.
 */
export async function cutVerifierServices(browser: VerifierBrowser, serviceOrigins: readonly string[]): Promise<() => Promise<void>> {
  const origins = serviceOrigins.map((origin) => new URL(origin).origin);
  const handler = (route: { request(): { url(): string }; abort(code?: string): Promise<void>; fallback(): Promise<void> }) => (origins.includes(new URL(route.request().url()).origin) ? route.abort('internetdisconnected') : route.fallback());
  await browser.context.route('**/*', handler);
  return () => browser.context.unroute('**/*', handler);
}

export interface SealReading {
  readonly outcome: 'accepted' | 'rejected';
  readonly headline: string;
  /** The sealed data shown, by field (primaryIdentifier, dateOfBirth, documentNumber…). */
  readonly fields: Readonly<Record<string, string>>;
  readonly checks: ReadonlyArray<{ readonly text: string; readonly passed: boolean }>;
}

/**
 * Verifies a printed document's seal from a file (the identity service's PDF, or a photo): uploads
 * it on "Verify a printed document" and reads the verdict. With `offline`, the network is cut first
 * (and restored afterwards): the app, pdf.js and the trust list come from the device.
 */
export async function verifySealFile(browser: VerifierBrowser, file: string, options: { offline?: boolean } = {}): Promise<SealReading> {
  const { page } = browser;
  if (options.offline) await setVerifierOffline(browser, true);
  try {
    await page.getByRole('button', { name: 'Verify a printed document', exact: true }).click();
    await page.getByLabel('Upload the PDF or a photo of the seal').setInputFiles(file);
    const verdict = page.getByTestId('seal-verdict');
    const problem = page.getByRole('region', { name: 'Verify a printed document' }).getByRole('alert');
    await verdict.or(problem).first().waitFor({ timeout: 60_000 });
    if (!(await verdict.isVisible())) throw new Error(`the verifier shows no seal verdict: ${await problem.textContent()}`);
    const fields: Record<string, string> = {};
    for (const field of await verdict.locator('[data-testid^="seal-"]').all()) {
      const id = (await field.getAttribute('data-testid'))!.slice('seal-'.length);
      if (id !== 'verdict') fields[id] = (await field.locator('dd').textContent()) ?? '';
    }
    const checks = await Promise.all((await verdict.getByTestId('check').all()).map(async (check) => ({ text: ((await check.textContent()) ?? '').trim(), passed: (await check.getAttribute('data-passed')) === 'true' })));
    const reading: SealReading = { outcome: (await verdict.getAttribute('data-outcome')) as 'accepted' | 'rejected', headline: (await verdict.getByTestId('verdict-headline').textContent()) ?? '', fields, checks };
    await page.getByRole('button', { name: 'Done — next document' }).click();
    return reading;
  } finally {
    if (options.offline) await setVerifierOffline(browser, false);
  }
}
