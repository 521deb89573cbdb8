import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { checkPlatformDashboard, checkSecurityOverview, exportAuditLog, isClosedAlertStream, searchAuditLog, verifyAuditChain } from './portal-steps/audit-and-security';
import { adjudicatePossibleDuplicate, approveInReview, enrolCitizen, fakeCameraArgs, type NewCitizen, signIn, signOut, writeFakeCameraVideo, writeMinutiaeRecord } from './portal-steps/enrolment-and-adjudication';
import { approveOnRecord, changeDocumentStatus, checkCitizenRecord, createWalletOffer, downloadDocumentPdf, openCitizenRecord } from './portal-steps/record-and-issuance';

const ROOT = resolve(__dirname, '../..');

/** Chromium flags for this machine (see MACHINE.md): no sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Deduplication (face analysis on the queue) and issuance run on two shared cores: waits are long. */
const PIPELINE_TIMEOUT = 180_000;

export interface WalkthroughResult {
  /** Console errors, page errors, failed requests and HTTP errors seen during the walk, in order. */
  readonly problems: readonly string[];
  readonly screenshots: readonly string[];
  /** The mDL wallet offer the approver made for the enrolled citizen, for the wallet's walk. */
  readonly mdlOffer: { readonly uri: string; readonly txCode: string };
  /** The ID card PDF the approver downloaded (its seal is verified offline by the verifier's walk). */
  readonly idCardPdf: Buffer;
  readonly citizen: NewCitizen & { readonly nationalIdNumber: string };
}

/** The seeded citizen the first approver looks up. */
export interface SeededCitizen {
  readonly familyName: string;
  readonly givenNames: string;
  readonly birthDate: string;
}

/**
 * The admin portal's whole working day (issue 7), in Debian's Chromium on a fresh profile with a
 * fake camera that films tools/platform/demo/walk-portrait.jpg:
 *
 *  1. an approver sees the dashboard, finds a seeded citizen, and adjudicates the seeded possible
 *     duplicate side by side (a duplicate: rejected);
 *  2. a registrar enrols a new citizen with a portrait from the webcam and fingerprint records;
 *  3. another official, an approver, approves it once deduplication is clear; the ID card is issued,
 *     previewed and downloaded as a PDF;
 *  4. the registrar files a mobile driving licence for the new citizen;
 *  5. the approver approves it on the citizen's record, makes the mDL wallet offer (its QR code is
 *     read back from the screen) and revokes the ID card;
 *  6. an auditor sees health and topology, searches the audit log, verifies the hash chain and exports;
 *  7. a security officer sees the key inventory, certificate expiry and the trust list.
 *
 * Each official signs in through the OpenID provider and signs out. A screenshot of every step goes
 * to `screenshotDir`. Any console error, page error, failed request or HTTP error is recorded
 * (the dashboard's alert stream closing when an official leaves it is the one expected abort).
 */
export async function walkThroughAdminPortal(portalUrl: string, screenshotDir: string, seeded: SeededCitizen): Promise<WalkthroughResult> {
  mkdirSync(screenshotDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'cz-chromium-'));
  const camera = await writeFakeCameraVideo(join(ROOT, 'tools/platform/demo/walk-portrait.jpg'), join(profile, '..', `${profile.split('/').pop()}-camera.y4m`));
  const problems: string[] = [];
  const screenshots: string[] = [];
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...fakeCameraArgs(camera)], viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      if (isClosedAlertStream(request.url(), request.failure()?.errorText)) return;
      problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    const shot = async (name: string) => {
      const file = join(screenshotDir, `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      screenshots.push(file);
    };

    try {
      return { ...(await walk(page, portalUrl, seeded, shot, profile)), problems, screenshots };
    } catch (error) {
      // Leave the evidence: where the browser was, what it showed, and what went wrong on the way.
      await page.screenshot({ path: join(screenshotDir, 'failure.png'), fullPage: true }).catch(() => undefined);
      const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 1500);
      throw new Error(`${(error as Error).message}\nat ${page.url()}\npage text: ${text}\nproblems so far:\n  ${problems.join('\n  ')}`);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(camera, { force: true });
  }
}

async function walk(page: Page, portalUrl: string, seeded: SeededCitizen, shot: (name: string) => Promise<void>, workDir: string): Promise<Omit<WalkthroughResult, 'problems' | 'screenshots'>> {
  // 1. The approver's morning: the dashboard, a citizen, and the seeded possible duplicate.
  await page.goto(portalUrl);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shot('sign-in');
  await signIn(page, portalUrl, 'bello.approver');
  await page.getByTestId('count-adjudication').waitFor();
  assert((await page.getByTestId('official-name').textContent()) === 'Bello Adeyemi (approver)', 'the header names the signed-in official');
  assert((await page.getByTestId('count-adjudication').textContent()) === '1', 'the dashboard counts the seeded possible duplicate');
  await shot('dashboard');
  await page.setViewportSize({ width: 820, height: 1180 });
  await shot('dashboard-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });
  await openCitizenRecord(page, seeded, shot);
  await adjudicatePossibleDuplicate(page, { applicantName: 'CRUZ, Marisol', candidateName: 'SANTOS, Maria Luz', decision: 'duplicate', reason: 'Same person as the registered citizen: the photo was reused under another name.', shot });
  await signOut(page, portalUrl);
  await shot('signed-out');

  // 2. A registrar enrols a new citizen with the webcam and fingerprint records.
  const citizen: NewCitizen = { familyName: 'Ndiaye', givenNames: 'Awa Khady', birthDate: '1994-11-02', placeOfBirth: 'Port Utopia', sex: 'F', nationality: 'UT', street: '12 Harbour Road', locality: 'Port Utopia', country: 'UT' };
  await signIn(page, portalUrl, 'amara.registrar');
  const firstId = await enrolCitizen(page, citizen, { portrait: { camera: true }, fingerprints: writeMinutiaeRecord(join(workDir, 'ndiaye-fingers.iso'), 'ndiaye'), note: 'First national ID, applicant present at the desk.', shot });
  await signOut(page, portalUrl);

  // 3. Another official approves it once deduplication is clear; the ID card is issued.
  await signIn(page, portalUrl, 'bello.approver');
  await waitForReview(page, firstId);
  await approveInReview(page, { title: firstId, reason: 'Documents checked at the desk; deduplication clear.', shot });
  await openCitizenRecord(page, citizen, shot);
  const record = await waitForDocuments(page, [/^National ID card /]);
  const pdf = await downloadDocumentPdf(page, { document: /^National ID card /, shot });
  await signOut(page, portalUrl);

  // 4. The registrar files a mobile driving licence for the new citizen.
  await signIn(page, portalUrl, 'amara.registrar');
  const mdl = await fileDrivingLicence(page, record.nationalIdNumber, shot);
  await signOut(page, portalUrl);

  // 5. The approver approves it on the record, makes the wallet offer and revokes the ID card.
  await signIn(page, portalUrl, 'bello.approver');
  await openCitizenRecord(page, citizen);
  await waitForApplicationOnRecord(page, citizen, mdl);
  await approveOnRecord(page, { application: new RegExp(`^${escape(mdl)}`), reason: 'Driving test passed; categories B.', shot });
  const offer = await createWalletOffer(page, { credential: /^Mobile driving licence \(wallet credential\)/, shot });
  await changeDocumentStatus(page, { document: /^National ID card /, action: 'Revoke', reason: 'Stolen', shot });
  await signOut(page, portalUrl);

  // 6. The auditor: health and topology, the audit log, the chain, an export.
  await signIn(page, portalUrl, 'chen.auditor');
  await checkPlatformDashboard(page, { shot });
  const registrations = await searchAuditLog(page, { action: 'person.register' }, { shot });
  assert(registrations.length >= 1, 'the audit log lists person registrations');
  const chain = await verifyAuditChain(page, { shot });
  assert(chain.entries > 0, 'the verified chain has entries');
  const exported = await exportAuditLog(page, { format: 'jsonl', shot });
  assert(exported.entries >= 1 && exported.text.split('\n').filter(Boolean).every((line) => /^[0-9a-f]{64}$/.test(String((JSON.parse(line) as { entryHash?: unknown }).entryHash))), 'the JSON Lines export keeps every entry with its hash');
  await signOut(page, portalUrl);

  // 7. The security officer: keys, certificate expiry and the trust list.
  await signIn(page, portalUrl, 'dara.security');
  await checkSecurityOverview(page, { expectIaca: 'Utopia IACA (development)', shot });
  await signOut(page, portalUrl);
  await shot('signed-out-at-the-end');

  return { mdlOffer: { uri: offer.uri, txCode: offer.txCode }, idCardPdf: pdf.bytes, citizen: { ...citizen, nationalIdNumber: record.nationalIdNumber } };
}

/** As a signed-in approver: the review queue, read again until the application has left deduplication for review. */
async function waitForReview(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + PIPELINE_TIMEOUT;
  for (;;) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
    await page.getByRole('list', { name: 'Applications waiting' }).or(page.getByText(/Nothing waits for review/)).first().waitFor();
    if ((await page.getByRole('link', { name: `Open ${title}` }).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${title} did not reach the review queue (deduplication still running?)`);
    await page.waitForTimeout(2000);
  }
}

/** On the record: read it again until every listed document is issued (the worker issues after approval). */
async function waitForDocuments(page: Page, documents: readonly RegExp[]): Promise<{ nationalIdNumber: string }> {
  const deadline = Date.now() + PIPELINE_TIMEOUT;
  for (;;) {
    const region = page.getByRole('region', { name: 'Documents and credentials' });
    await region.waitFor();
    const present = await Promise.all(documents.map(async (name) => (await region.getByRole('row', { name }).count()) > 0));
    if (present.every(Boolean) && (await page.locator('.cz-documents progress').count()) === 0) return checkCitizenRecord(page, { documents });
    if (Date.now() > deadline) throw new Error(`the record did not list ${documents.join(', ')} as issued`);
    await page.waitForTimeout(2000);
    await readRecordAgain(page);
  }
}

/**
 * Leaves the record and comes back (the browser's Back button): the screen reads it afresh. A
 * reload would sign the official out (tokens live in the page's memory only).
 */
async function readRecordAgain(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Citizen search' }).click();
  await page.getByRole('heading', { level: 1, name: 'Citizen search' }).waitFor();
  await page.goBack();
}

/** On the record: read it again until the application waits for approval there (its deduplication has answered). */
async function waitForApplicationOnRecord(page: Page, citizen: NewCitizen, title: string): Promise<void> {
  const deadline = Date.now() + PIPELINE_TIMEOUT;
  const name = `${citizen.familyName.toUpperCase()}, ${citizen.givenNames}`;
  for (;;) {
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const waiting = page.getByRole('list', { name: 'Applications waiting for approval' }).getByRole('listitem', { name: new RegExp(`^${escape(title)}`) });
    await page.getByRole('region', { name: 'Documents and credentials' }).waitFor();
    if ((await waiting.count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${title} did not wait for approval on the record`);
    await page.waitForTimeout(2000);
    await readRecordAgain(page);
  }
}

/**
 * As a signed-in registrar: a mobile driving licence (categories B) for a registered person found by
 * national ID number, with a new portrait from the camera; returns the application's title.
 */
async function fileDrivingLicence(page: Page, nationalIdNumber: string, shot: (name: string) => Promise<void>): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrolment' }).click();
  await page.getByRole('heading', { level: 1, name: 'Enrolment' }).waitFor();
  await page.getByLabel('Type of application').selectOption('mdl');
  await page.getByLabel(/^Vehicle categories/).fill('B');
  await page.getByLabel('National ID number').fill(nationalIdNumber);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByText(/NDIAYE, Awa Khady/).first().waitFor();
  await page.getByRole('button', { name: 'Use the camera' }).click();
  await page.getByLabel('Camera preview').waitFor();
  await page.waitForFunction(() => {
    const video = document.querySelector('video');
    return video !== null && video.videoWidth > 0 && video.readyState >= 2;
  }, undefined, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Take photo' }).click();
  await page.getByRole('region', { name: 'Capture feedback' }).getByText('Good enough for enrolment').waitFor({ timeout: PIPELINE_TIMEOUT });
  await page.getByRole('button', { name: 'Keep this portrait' }).click();
  await page.getByText(/Portrait kept/).waitFor({ timeout: PIPELINE_TIMEOUT });
  await page.getByLabel('Note for the application’s journal').fill('Driving licence after the practical test.');
  await shot('mdl-application');
  await page.getByRole('button', { name: 'Submit the application' }).click();
  const submitted = page.getByText(/is submitted\./);
  await submitted.waitFor({ timeout: PIPELINE_TIMEOUT });
  const title = /^(.+?) is submitted\./.exec(await submitted.innerText())?.[1];
  assert(title !== undefined && title.startsWith('Mobile driving licence '), `the submission names the mDL application (got ${title})`);
  await shot('mdl-submitted');
  await page.getByRole('button', { name: 'Start another application' }).click();
  return title!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function assert(condition: boolean, what: string): void {
  if (!condition) throw new Error(`admin portal walkthrough: expected ${what}`);
}
