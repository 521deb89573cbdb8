import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Chromium flags for this machine (see MACHINE.md): no sandbox, GPU or background traffic. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WalkthroughResult {
  /** Console errors, page errors, failed requests and HTTP errors seen during the walk, in order. */
  readonly problems: readonly string[];
  readonly screenshots: readonly string[];
}

/**
 * An approver's first session in the admin portal, in Debian's Chromium on a fresh profile:
 * signs in as bello.approver through the development provider's login and consent pages, sees the
 * dashboard, searches a seeded citizen by name and date of birth, opens the review queue, and
 * signs out (RP-initiated logout). A screenshot of every step goes to `screenshotDir`.
 */
export async function walkThroughAdminPortal(portalUrl: string, screenshotDir: string, citizen: { familyName: string; givenNames: string; birthDate: string }): Promise<WalkthroughResult> {
  mkdirSync(screenshotDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'cz-chromium-'));
  const problems: string[] = [];
  const screenshots: string[] = [];
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    const shot = async (name: string) => {
      const file = join(screenshotDir, `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      screenshots.push(file);
    };

    try {
      await walk(page, portalUrl, citizen, shot);
    } catch (error) {
      // Leave the evidence: where the browser was, what it showed, and what went wrong on the way.
      await page.screenshot({ path: join(screenshotDir, 'failure.png'), fullPage: true }).catch(() => undefined);
      const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 1500);
      throw new Error(`${(error as Error).message}\nat ${page.url()}\npage text: ${text}\nproblems so far:\n  ${problems.join('\n  ')}`);
    }
    return { problems, screenshots };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function walk(page: Page, portalUrl: string, citizen: { familyName: string; givenNames: string; birthDate: string }, shot: (name: string) => Promise<void>): Promise<void> {
    await page.goto(portalUrl);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The development provider's login page (any password), then its consent page.
    await page.locator('input[name="login"]').fill('bello.approver');
    await page.locator('input[name="password"]').fill('demo');
    await shot('provider-login');
    await page.locator('button[type="submit"]').click();
    await consentIfAsked(page);

    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('count-adjudication').waitFor();
    await page.getByTestId('health-identity').filter({ hasText: 'ready' }).waitFor();
    assert((await page.getByTestId('official-name').textContent()) === 'Bello Adeyemi (approver)', 'the header names the signed-in official');
    assert((await page.getByTestId('count-adjudication').textContent()) === '1', 'the dashboard counts the seeded possible duplicate');
    await shot('dashboard');
    await page.setViewportSize({ width: 820, height: 1180 });
    await shot('dashboard-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('link', { name: 'Citizen search' }).click();
    await page.getByLabel('Name and date of birth').check();
    await page.getByLabel('Family name', { exact: true }).fill(citizen.familyName);
    await page.getByLabel('Given names', { exact: true }).fill(citizen.givenNames);
    await page.getByLabel('Date of birth', { exact: true }).fill(citizen.birthDate);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table').getByText(`${citizen.familyName.toUpperCase()}, ${citizen.givenNames}`).waitFor();
    assert((await page.getByRole('note').textContent())?.includes('audit log') === true, 'the search screen says views are audited');
    await shot('citizen-search');

    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('list', { name: 'Applications waiting' }).getByText('possible duplicate: adjudication').waitFor();
    await shot('review-queue');

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks to confirm ending its session, then sends the browser back to the portal.
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.waitForURL((url) => url.href.startsWith(portalUrl));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot('signed-out');
}

async function consentIfAsked(page: Page): Promise<void> {
  const consent = page.getByRole('button', { name: 'Continue' });
  const dashboard = page.getByRole('heading', { name: 'Dashboard' });
  await consent.or(dashboard).first().waitFor();
  if (await consent.isVisible()) await consent.click();
}

function assert(condition: boolean, what: string): void {
  if (!condition) throw new Error(`admin portal walkthrough: expected ${what}`);
}
