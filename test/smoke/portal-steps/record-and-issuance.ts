import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Download, Page } from 'playwright-core';
import sharp from 'sharp';

/**
 * Browser steps of the admin portal's citizen record, issuance and lifecycle (issue 7), for the
 * end-to-end walk. Each step takes a page signed in as an approver (bello.approver) and leaves it
 * on the citizen's record. They use accessible roles and names only, as an official using a
 * screen reader or the keyboard would find things, and throw with what they expected otherwise.
 *
 * ```ts
 * await openCitizenRecord(page, { familyName: 'Santos', givenNames: 'Maria Luz', birthDate: '1978-03-09' }, shot);
 * await checkCitizenRecord(page, { documents: ['National ID card', 'National ID (wallet credential)'] }, shot);
 * const pdf = await downloadDocumentPdf(page, { document: /^National ID card /, shot });
 * const offer = await createWalletOffer(page, { credential: 'National ID (wallet credential)', shot });
 * await changeDocumentStatus(page, { document: /^National ID card /, action: 'Revoke', reason: 'Stolen', shot });
 * ```
 */

type Shot = (name: string) => Promise<void>;
type DocumentName = string | RegExp;

/** PDF rendering (on the identity service) and PDF.js drawing share two slow cores with everything else. */
const SLOW = 60_000;

export interface CitizenToFind {
  readonly familyName: string;
  readonly givenNames: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
}

/** From anywhere in the portal: Citizen search by name and date of birth, then the result's link to the record. */
export async function openCitizenRecord(page: Page, citizen: CitizenToFind, shot?: Shot): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Citizen search' }).click();
  await page.getByLabel('Name and date of birth').check();
  await page.getByLabel('Family name', { exact: true }).fill(citizen.familyName);
  await page.getByLabel('Given names', { exact: true }).fill(citizen.givenNames);
  await page.getByLabel('Date of birth', { exact: true }).fill(citizen.birthDate);
  await page.getByRole('button', { name: 'Search' }).click();
  const name = `${citizen.familyName.toUpperCase()}, ${citizen.givenNames}`;
  await page.getByRole('table').getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await shot?.('citizen-record');
}

export interface RecordExpectations {
  /** Document rows that must be listed (accessible names start with the kind, e.g. "National ID card I0000000A"). */
  readonly documents: readonly DocumentName[];
  /** Whether the person has a portrait on record (a birth registration has none); default true. */
  readonly portrait?: boolean;
}

/** The record's audit notice, the portrait (a loaded image, or the note that there is none), the demographics, the listed documents, and the history. */
export async function checkCitizenRecord(page: Page, expected: RecordExpectations, shot?: Shot): Promise<{ nationalIdNumber: string; documentStatuses: Record<string, string> }> {
  const notice = (await page.getByRole('note').textContent()) ?? '';
  assert(notice.includes('written to the audit log under your name'), `the record to say views are audited (it says: ${notice})`);
  if (expected.portrait === false) {
    await page.getByText('No portrait on record').waitFor();
  } else {
    const portrait = page.getByRole('img', { name: /^Portrait of / });
    await portrait.waitFor();
    assert(await portrait.evaluate((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0), 'the portrait to be a loaded image');
  }
  const details = page.getByRole('region', { name: 'Personal details' });
  const nationalIdNumber = ((await details.locator('dt', { hasText: 'National ID number' }).locator('xpath=following-sibling::dd').textContent()) ?? '').trim();
  assert(/^\d{10}$/.test(nationalIdNumber), `a ten-digit national ID number in the personal details (found "${nationalIdNumber}")`);
  const documents = page.getByRole('region', { name: 'Documents and credentials' });
  const documentStatuses: Record<string, string> = {};
  for (const name of expected.documents) {
    const row = documents.getByRole('row', { name });
    await row.first().waitFor();
    const label = (await row.first().getAttribute('aria-label')) ?? String(name);
    documentStatuses[label] = ((await row.first().locator('.cz-status').textContent()) ?? '').trim();
  }
  await page.getByRole('table', { name: 'Changes to the record' }).waitFor();
  await shot?.('citizen-record-checked');
  return { nationalIdNumber, documentStatuses };
}

/**
 * Opens a printed document's PDF panel, previews it (PDF.js pages drawn in the page) and downloads
 * it: the download must carry the service's file name and start with `%PDF-`.
 */
export async function downloadDocumentPdf(page: Page, options: { readonly document: DocumentName; readonly shot?: Shot }): Promise<{ filename: string; bytes: Buffer }> {
  const row = page.getByRole('region', { name: 'Documents and credentials' }).getByRole('row', { name: options.document }).first();
  await row.getByRole('button', { name: /^PDF of / }).click();
  const panel = page.getByRole('region', { name: /^PDF: / });
  await panel.getByRole('button', { name: 'Preview' }).click();
  await panel.getByRole('img', { name: /, page 1 of \d+$/ }).waitFor({ timeout: SLOW });
  await panel.getByText(/The rendering is recorded in the audit log\./).waitFor({ timeout: SLOW });
  await options.shot?.('document-pdf-preview');
  const [download] = (await Promise.all([page.waitForEvent('download', { timeout: SLOW }), panel.getByRole('button', { name: 'Download PDF' }).click()])) as [Download, void];
  const filename = download.suggestedFilename();
  const bytes = readFileSync((await download.path())!);
  assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', `the download ${filename} to be a PDF (starts with ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))})`);
  assert(/^(id-card|passport|birth-certificate)-[A-Z0-9]+\.pdf$/.test(filename), `the service's file name <kind>-<number>.pdf (got ${filename})`);
  await panel.getByText(`Saved ${filename}.`).waitFor();
  return { filename, bytes };
}

/**
 * Makes the wallet offer of a credential that is ready for the wallet and reads its QR code from
 * the screen's pixels (a screenshot of the code, decoded with jsQR): it must be the OpenID4VCI
 * offer URI, without the transaction code, which is shown beside it.
 */
export async function createWalletOffer(page: Page, options: { readonly credential: DocumentName; readonly shot?: Shot }): Promise<{ uri: string; txCode: string; offer: Record<string, unknown> }> {
  const row = page.getByRole('region', { name: 'Documents and credentials' }).getByRole('row', { name: options.credential }).first();
  await row.getByRole('button', { name: /^Wallet offer for / }).click();
  const panel = page.getByRole('region', { name: /^Wallet offer: / });
  await panel.getByRole('button', { name: 'Create the wallet offer' }).click();
  const qr = panel.getByRole('img', { name: /^QR code of the wallet offer for / });
  await qr.waitFor();
  const txCode = ((await panel.getByRole('status', { name: 'Transaction code' }).textContent()) ?? '').trim();
  await options.shot?.('wallet-offer');
  const { data, info } = await sharp(await qr.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const uri = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
  assert(uri !== undefined, 'the QR code on the screen to decode');
  assert(uri.startsWith('openid-credential-offer://?credential_offer='), `the QR code to hold an OpenID4VCI offer URI (got ${uri.slice(0, 60)}…)`);
  assert(/^\d{6}$/.test(txCode) && !uri.includes(txCode), 'a six-digit transaction code shown apart from, and not inside, the QR code');
  const offer = JSON.parse(decodeURIComponent(uri.slice('openid-credential-offer://?credential_offer='.length))) as Record<string, unknown>;
  return { uri, txCode, offer };
}

/** Suspends, reinstates or revokes a document with a reason (by its label in the list), through the confirmation step. */
export async function changeDocumentStatus(page: Page, options: { readonly document: DocumentName; readonly action: 'Suspend' | 'Reinstate' | 'Revoke'; readonly reason: string; readonly shot?: Shot }): Promise<string> {
  const documents = page.getByRole('region', { name: 'Documents and credentials' });
  const row = documents.getByRole('row', { name: options.document }).first();
  const title = (await row.getAttribute('aria-label')) ?? String(options.document);
  await row.getByRole('button', { name: `${options.action} ${title}` }).click();
  const dialog = page.getByRole('dialog', { name: `${options.action}: ${title}` });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Choose a reason' }).waitFor();
  await dialog.getByLabel('Reason (recorded in the audit log)').selectOption({ label: options.reason });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await options.shot?.(`${options.action.toLowerCase()}-confirm`);
  await dialog.getByRole('button', { name: `Confirm: ${options.action.toLowerCase()}` }).click();
  const status = { Suspend: 'suspended', Reinstate: 'valid', Revoke: 'revoked' }[options.action];
  await page.getByRole('status').filter({ hasText: `${title} is now ${status}.` }).waitFor();
  await documents.getByRole('row', { name: title }).locator('.cz-status', { hasText: status }).waitFor();
  const pastTense = { Suspend: 'Suspended', Reinstate: 'Reinstated', Revoke: 'Revoked' }[options.action];
  await page.getByRole('table', { name: 'Changes to the record' }).getByRole('row').filter({ hasText: pastTense }).filter({ hasText: options.reason }).first().waitFor();
  await options.shot?.(`${options.action.toLowerCase()}-done`);
  return status;
}

/**
 * Approves an application for this person that waits in review (e.g. an mDL filed in Enrolment by
 * a registrar — never the same official: maker–checker), then waits until its documents are issued.
 */
export async function approveOnRecord(page: Page, options: { readonly application: string | RegExp; readonly reason: string; readonly shot?: Shot }): Promise<void> {
  const rows = page.getByRole('region', { name: 'Documents and credentials' }).locator('tbody tr');
  const before = await rows.count();
  const item = page.getByRole('list', { name: 'Applications waiting for approval' }).getByRole('listitem', { name: options.application });
  await item.getByRole('button', { name: 'Approve and issue…' }).click();
  await item.getByLabel(/^Reason/).fill(options.reason);
  await item.getByRole('button', { name: 'Approve and issue' }).click();
  await page.getByRole('status').filter({ hasText: 'approved: its documents are being issued.' }).waitFor();
  // The new documents are listed (pending at first), and the list reads itself again until none is pending.
  await page.waitForFunction((count) => document.querySelectorAll('.cz-documents tbody tr').length > count && !document.querySelector('.cz-documents progress'), before, { timeout: SLOW });
  await options.shot?.('approved-and-issued');
}

function assert(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`citizen record walkthrough: expected ${what}`);
}
