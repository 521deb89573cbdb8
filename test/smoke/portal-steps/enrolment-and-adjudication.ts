import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { encodeIso19794_2, generateFinger, generateImpression, type IsoMinutiaeRecord } from '@citizen-zero/fingerprint';

/**
 * Browser steps of the admin portal's enrolment and adjudication (issue 7), for the end-to-end
 * walk: a registrar enrols citizens (portrait by file upload and by the camera, fingerprint
 * minutiae records), an approver adjudicates a possible duplicate side by side and approves an
 * application in review. Each step takes a page already signed in as the right official
 * ({@link signIn}); maker–checker means the approver must not be the registrar who filed.
 */

/** Long biometric operations (face analysis on a shared CPU) get more than Playwright's default 30 s. */
const BIOMETRIC_TIMEOUT = 120_000;

type Shot = (name: string) => Promise<void>;

/**
 * Chromium's fake camera, allowed without a prompt. With `video` (a Y4M file, see
 * {@link writeFakeCameraVideo}) the camera shows that picture; without, Chromium's test pattern (no face).
 */
export function fakeCameraArgs(video?: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...(video ? [`--use-file-for-fake-video-capture=${video}`] : [])];
}

/**
 * Writes a picture as a YUV4MPEG2 video (4:2:0, BT.601 video range, a few identical frames) for
 * `--use-file-for-fake-video-capture`: the fake camera then films that face.
 */
export async function writeFakeCameraVideo(picture: string, output: string, frames = 3): Promise<string> {
  const { data, info } = await sharp(picture).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const width = info.width & ~1;
  const height = info.height & ~1;
  const channels = info.channels;
  const luma = Buffer.alloc(width * height);
  const cb = Buffer.alloc((width / 2) * (height / 2));
  const cr = Buffer.alloc((width / 2) * (height / 2));
  const rgb = (x: number, y: number): [number, number, number] => {
    const at = (y * info.width + x) * channels;
    return [data[at]! / 255, data[at + 1]! / 255, data[at + 2]! / 255];
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      luma[y * width + x] = Math.round(16 + 65.481 * r + 128.553 * g + 24.966 * b);
    }
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let [r, g, b] = [0, 0, 0];
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const [pr, pg, pb] = rgb(x + dx, y + dy);
        r += pr / 4;
        g += pg / 4;
        b += pb / 4;
      }
      const at = (y / 2) * (width / 2) + x / 2;
      cb[at] = Math.round(128 - 37.797 * r - 74.203 * g + 112 * b);
      cr[at] = Math.round(128 + 112 * r - 93.786 * g - 18.214 * b);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, cb, cr]);
  writeFileSync(output, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420\n`), ...Array.from({ length: frames }, () => frame)]));
  return output;
}

/**
 * Writes an ISO/IEC 19794-2:2005 minutiae record with one view for each finger position, from
 * libs/fingerprint's synthetic generator (`seed` names the synthetic person: another seed, other fingers).
 */
export function writeMinutiaeRecord(output: string, seed: string, positions: readonly number[] = [2, 7]): string {
  const impressions = positions.map((position) => generateImpression(generateFinger(`${seed}/${position}`), 0, { parameters: 'easy', fingerPosition: position }).record as IsoMinutiaeRecord);
  const record: IsoMinutiaeRecord = { ...impressions[0]!, views: impressions.map((impression) => impression.views[0]!) };
  writeFileSync(output, encodeIso19794_2(record));
  return output;
}

/** Signs in through the development provider's login (any password) and consent pages; ends on the dashboard. */
export async function signIn(page: Page, portalUrl: string, login: string): Promise<void> {
  await page.goto(portalUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('demo');
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole('button', { name: 'Continue' });
  const dashboard = page.getByRole('heading', { name: 'Dashboard' });
  await consent.or(dashboard).first().waitFor();
  if (await consent.isVisible()) await consent.click();
  await dashboard.waitFor();
}

/** Signs out of the portal and the provider (RP-initiated logout), back to the portal's sign-in page. */
export async function signOut(page: Page, portalUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: /sign me out/i }).click();
  await page.waitForURL((url) => url.href.startsWith(portalUrl));
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

export interface NewCitizen {
  readonly familyName: string;
  readonly givenNames: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly placeOfBirth: string;
  readonly sex: 'F' | 'M' | 'X';
  /** ISO 3166-1 alpha-2. */
  readonly nationality: string;
  readonly street: string;
  readonly locality: string;
  readonly country: string;
}

export interface EnrolmentOptions {
  /** The portrait: a file to upload, or the (fake) camera, which must show a face. */
  readonly portrait: { readonly file: string } | { readonly camera: true };
  /** A minutiae record file to upload (see {@link writeMinutiaeRecord}). */
  readonly fingerprints?: string;
  readonly note: string;
  readonly shot?: Shot;
}

/**
 * As a signed-in registrar: a first national ID for a new citizen — applicant's data, the
 * portrait (uploaded or from the camera) with the biometric service's feedback checked and kept,
 * optional fingerprint records — submitted. Returns the application's title ("First national ID 1a2b3c4d").
 */
export async function enrolCitizen(page: Page, citizen: NewCitizen, options: EnrolmentOptions): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrolment' }).click();
  await page.getByRole('heading', { level: 1, name: 'Enrolment' }).waitFor();
  await page.getByLabel('Type of application').selectOption('national-id-first');
  await page.getByLabel('Family name', { exact: true }).fill(citizen.familyName);
  await page.getByLabel('Given names', { exact: true }).fill(citizen.givenNames);
  await page.getByLabel('Date of birth', { exact: true }).fill(citizen.birthDate);
  await page.getByLabel('Place of birth', { exact: true }).fill(citizen.placeOfBirth);
  await page.getByLabel('Sex').selectOption(citizen.sex);
  await page.getByLabel('Nationalities').fill(citizen.nationality);
  await page.getByLabel('Street and number').fill(citizen.street);
  await page.getByLabel('Locality', { exact: true }).fill(citizen.locality);
  await page.getByLabel('Country').fill(citizen.country);

  if ('file' in options.portrait) {
    await page.getByLabel('Upload a photo').setInputFiles(options.portrait.file);
  } else {
    await page.getByRole('button', { name: 'Use the camera' }).click();
    await waitForCameraFrames(page);
    await options.shot?.('enrolment-camera');
    await page.getByRole('button', { name: 'Take photo' }).click();
  }
  const feedback = page.getByRole('region', { name: 'Capture feedback' });
  await feedback.waitFor({ timeout: BIOMETRIC_TIMEOUT });
  const verdict = await feedback.innerText();
  assert(verdict.includes('Good enough for enrolment'), `the biometric service accepts the portrait (feedback: ${verdict.slice(0, 400)})`);
  assert(verdict.includes('Non-certified liveness baseline'), 'the liveness answer is labelled non-certified');
  await options.shot?.(`enrolment-feedback-${'file' in options.portrait ? 'upload' : 'camera'}`);
  await page.getByRole('button', { name: 'Keep this portrait' }).click();
  await page.getByText(/Portrait kept/).waitFor({ timeout: BIOMETRIC_TIMEOUT });

  if (options.fingerprints) {
    await page.getByLabel('Add minutiae record files').setInputFiles(options.fingerprints);
    await page.getByRole('list', { name: 'Fingerprint records' }).getByText(/kept:/).waitFor({ timeout: BIOMETRIC_TIMEOUT });
  }
  await page.getByLabel('Note for the application’s journal').fill(options.note);
  await options.shot?.('enrolment-ready');
  await page.getByRole('button', { name: 'Submit the application' }).click();
  const submitted = page.getByText(/is submitted\./);
  await submitted.waitFor({ timeout: BIOMETRIC_TIMEOUT });
  await options.shot?.('enrolment-submitted');
  const title = /^(.+?) is submitted\./.exec(await submitted.innerText())?.[1];
  assert(title !== undefined && title.startsWith('First national ID '), `the submission names the application (got ${title})`);
  await page.getByRole('button', { name: 'Start another application' }).click();
  return title!;
}

/**
 * As a signed-in registrar, with Chromium's default fake camera (its test pattern, no face): the
 * camera preview runs, a photo is taken, and the biometric service's refusal is shown with its
 * codes — nothing is kept. Leaves the enrolment screen with the camera stopped.
 */
export async function cameraPhotoWithoutFaceIsRefused(page: Page, shot?: Shot): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrolment' }).click();
  await page.getByRole('button', { name: 'Use the camera' }).click();
  await waitForCameraFrames(page);
  await page.getByRole('button', { name: 'Take photo' }).click();
  const reasons = page.getByRole('list', { name: 'Why the photo is refused' });
  await reasons.waitFor({ timeout: BIOMETRIC_TIMEOUT });
  assert((await reasons.innerText()).includes('QUALITY_TOO_FEW_FACES'), 'a picture without a face is refused with QUALITY_TOO_FEW_FACES');
  assert((await page.getByRole('button', { name: 'Keep this portrait' }).count()) === 0, 'a refused photo cannot be kept');
  await shot?.('enrolment-camera-refused');
  await page.getByRole('button', { name: 'Stop the camera' }).click();
}

export interface Adjudicated {
  /** "First national ID 1a2b3c4d". */
  readonly title: string;
  /** The candidates' headings, as shown. */
  readonly candidates: readonly string[];
}

/**
 * As a signed-in approver: opens, from the review queue, the application in adjudication whose
 * applicant is `applicantName` ("CRUZ, Marisol" for the seeded possible duplicate), checks the
 * applicant and a candidate named `candidateName` side by side with portraits and scores, and
 * records `decision` with a reason. After "not-duplicate" the application is in review.
 */
export async function adjudicatePossibleDuplicate(page: Page, options: { readonly applicantName: string; readonly candidateName: string; readonly decision: 'not-duplicate' | 'duplicate'; readonly reason: string; readonly shot?: Shot }): Promise<Adjudicated> {
  await openReviewQueue(page);
  const links = page.getByRole('link', { name: /^Compare with the candidates: / });
  const count = await links.count();
  for (let index = 0; index < count; index++) {
    await page.getByRole('link', { name: /^Compare with the candidates: / }).nth(index).click();
    const applicant = page.getByRole('article', { name: 'Applicant' });
    await applicant.waitFor();
    if ((await applicant.innerText()).includes(options.applicantName)) return decideOpenAdjudication(page, options);
    await openReviewQueue(page);
  }
  throw new Error(`adjudication: no application of ${options.applicantName} waits in adjudication (${count} in the queue)`);
}

async function decideOpenAdjudication(page: Page, options: { readonly candidateName: string; readonly decision: 'not-duplicate' | 'duplicate'; readonly reason: string; readonly shot?: Shot }): Promise<Adjudicated> {
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  assert(heading.startsWith('Adjudication: '), `the page is an adjudication (heading: ${heading})`);
  const title = heading.slice('Adjudication: '.length);
  await assertPortraitShown(page, 'Portrait of the applicant');
  const candidate = page.getByRole('article', { name: new RegExp(`^Candidate \\d+: ${escape(options.candidateName)}$`) });
  await candidate.waitFor();
  await assertPortraitShown(page, /^Portrait of candidate \d+$/);
  const scores = await candidate.getByRole('list', { name: /^Scores of candidate/ }).innerText();
  assert(/Face score \d\.\d{3} \(threshold \d\.\d{3}\)/.test(scores), `the candidate's face score and threshold are shown (got ${scores})`);
  assert((await page.getByText(/is a reason to compare, not proof/).count()) === 1, 'the threshold is explained');
  const candidates = await page.getByRole('article', { name: /^Candidate / }).getByRole('heading').allInnerTexts();
  await options.shot?.('adjudication-side-by-side');
  await page.setViewportSize({ width: 820, height: 1180 });
  await options.shot?.('adjudication-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('radio', { name: options.decision === 'not-duplicate' ? /^Not a duplicate/ : /^Duplicate/ }).check();
  await page.getByLabel(/^Reason/).fill(options.reason);
  await page.getByRole('button', { name: 'Record the decision' }).click();
  const expected = options.decision === 'not-duplicate' ? 'Recorded: not a duplicate. The application is now in review.' : 'Recorded: duplicate. The application is rejected.';
  await page.getByText(`${title}: ${expected}`).waitFor();
  await page.getByRole('heading', { level: 1, name: `Application: ${title}` }).waitFor();
  await options.shot?.('adjudication-decided');
  return { title, candidates };
}

/**
 * As a signed-in approver who neither filed nor submitted it: opens the application in review
 * titled `title` from the review queue and approves it with a reason.
 */
export async function approveInReview(page: Page, options: { readonly title: string; readonly reason: string; readonly shot?: Shot }): Promise<void> {
  await openReviewQueue(page);
  await page.getByRole('link', { name: `Open ${options.title}` }).click();
  await page.getByRole('heading', { level: 1, name: `Application: ${options.title}` }).waitFor();
  await assertPortraitShown(page, 'Portrait of the applicant');
  await page.getByRole('radio', { name: /^Approve/ }).check();
  await page.getByLabel(/^Reason/).fill(options.reason);
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText(`${options.title}: Approved. The documents are being issued.`).waitFor();
  await page.getByText('This application is approved: there is nothing to decide here.').waitFor();
  await options.shot?.('approved');
}

async function openReviewQueue(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
  await page.getByRole('list', { name: 'Applications waiting' }).or(page.getByText(/Nothing waits for review/)).first().waitFor();
}

async function waitForCameraFrames(page: Page): Promise<void> {
  await page.getByLabel('Camera preview').waitFor();
  await page.waitForFunction(() => {
    const video = document.querySelector('video');
    return video !== null && video.videoWidth > 0 && video.readyState >= 2;
  }, undefined, { timeout: 30_000 });
}

/** The portrait is an image the browser decoded (not a broken data URL). */
async function assertPortraitShown(page: Page, name: string | RegExp): Promise<void> {
  const image = page.getByRole('img', { name }).first();
  await image.waitFor();
  const width = await image.evaluate((element) => (element as HTMLImageElement).naturalWidth);
  assert(width > 0, `the image "${String(name)}" is shown`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function assert(condition: boolean, what: string): void {
  if (!condition) throw new Error(`enrolment and adjudication walk: expected ${what}`);
}
