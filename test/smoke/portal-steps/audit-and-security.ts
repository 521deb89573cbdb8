import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Browser steps of the admin portal's dashboard (monitoring), audit log and security screens
 * (issue 7), for the end-to-end walk: an auditor sees the platform's health, topology and live
 * alerts, searches the audit log, verifies the hash chain and exports entries; a security officer
 * sees the HSM key inventory, certificate expiry and the trust list. Each step takes a page
 * already signed in as the right official (auditor: chen.auditor; security officer:
 * dara.security) and checks what it shows; they throw with what was expected otherwise.
 */

type Shot = (name: string) => Promise<void>;

/**
 * For the walk's "no failed request" check: the dashboard reads the monitor's live alert stream
 * (`GET /alerts/stream`, Server-Sent Events over fetch) for as long as it is shown, and cancels
 * it when the official leaves the page, which Chromium reports as a failed request
 * (`net::ERR_ABORTED`). That one is expected; any other failure of the stream is not.
 */
export function isClosedAlertStream(url: string, errorText: string | undefined): boolean {
  return new URL(url).pathname === '/alerts/stream' && errorText === 'net::ERR_ABORTED';
}

/** The monitor polls every few seconds; the first poll after start-up can take a while on a shared CPU. */
const MONITOR_TIMEOUT = 60_000;

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`admin portal (audit and security): expected ${what}`);
}

async function open(page: Page, screen: 'Dashboard' | 'Audit log' | 'Security'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: screen }).waitFor();
}

export interface PlatformDashboard {
  /** Watched service → status, as the service health table shows it. */
  readonly services: Readonly<Record<string, string>>;
  /** The topology's connections as "source → target (kind) status". */
  readonly connections: readonly string[];
  readonly enrolmentsToday: number;
}

/**
 * The dashboard for an official who watches the platform (auditor, security officer, admin):
 * today's figures, every watched service up, the topology drawn and tabulated (identity's HSM
 * check and verification's call to identity among its connections), and the alert stream live.
 */
export async function checkPlatformDashboard(page: Page, options: { readonly services?: readonly string[]; readonly shot?: Shot } = {}): Promise<PlatformDashboard> {
  await open(page, 'Dashboard');
  const expected = options.services ?? ['identity', 'biometric', 'verification'];
  const enrolments = page.getByTestId('stat-enrolments');
  await enrolments.waitFor();
  for (const name of expected) await page.getByTestId(`service-${name}`).getByText('up', { exact: true }).waitFor({ timeout: MONITOR_TIMEOUT });
  await page.getByTestId('alert-stream-state').getByText(/^Live:/).waitFor({ timeout: MONITOR_TIMEOUT });
  const graph = page.getByRole('img', { name: /Platform topology/ });
  await graph.waitFor();
  const connections = page.getByRole('table', { name: 'Connections' });
  await connections.getByRole('row').nth(1).waitFor();
  const rows = await connections.getByRole('row').evaluateAll((elements) => elements.slice(1).map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')));
  const described = rows.map(([source, target, kind, status]) => `${source} → ${target} (${kind}) ${status}`);
  expect(described.some((row) => row.startsWith('identity → HSM (hsm check) up')), `the topology to show identity using the HSM, up (got: ${described.join('; ')})`);
  expect(described.some((row) => row.startsWith('verification → identity (call')), `the topology to show verification calling identity (got: ${described.join('; ')})`);
  expect((await page.locator('svg.topology-graph .node').count()) >= expected.length + 2, 'the graph to draw the services and their infrastructure');
  const services: Record<string, string> = {};
  for (const name of expected) services[name] = (await page.getByTestId(`service-${name}`).locator('.status-badge').textContent()) ?? '';
  await options.shot?.('dashboard-platform');
  await page.setViewportSize({ width: 820, height: 1180 });
  await options.shot?.('dashboard-platform-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });
  return { services, connections: described, enrolmentsToday: Number(await enrolments.textContent()) };
}

export interface AuditSearch {
  readonly actor?: string;
  readonly action?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
}

/** Searches the audit log; returns the rows shown (newest first) as [sequence, actor, action, resource]. At least one row is expected. */
export async function searchAuditLog(page: Page, search: AuditSearch, options: { readonly shot?: Shot } = {}): Promise<string[][]> {
  await open(page, 'Audit log');
  const results = page.getByRole('table', { name: 'Entries' });
  await results.or(page.getByText(/^No entry matches/)).first().waitFor();
  await page.getByLabel('Actor', { exact: true }).fill(search.actor ?? '');
  await page.getByLabel('Action', { exact: true }).fill(search.action ?? '');
  await page.getByLabel('Resource type', { exact: true }).selectOption(search.resourceType ?? '');
  await page.getByLabel('Resource id', { exact: true }).fill(search.resourceId ?? '');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Newest first: entries with /).waitFor();
  await results.waitFor();
  const rows = await results.getByRole('row').evaluateAll((elements) => elements.slice(1).map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')));
  const shown = rows.map(([sequence, , actor, action, resource]) => [sequence ?? '', actor ?? '', action ?? '', resource ?? '']);
  expect(shown.length > 0, `audit entries for ${JSON.stringify(search)}`);
  for (const [, actor, action] of shown) {
    if (search.actor) expect(actor === search.actor, `only entries by ${search.actor} (got ${actor})`);
    if (search.action) expect(action === search.action, `only ${search.action} entries (got ${action})`);
  }
  await options.shot?.('audit-search');
  return shown;
}

/** Verifies the audit log's hash chain from the audit screen and expects it intact; returns what the verdict says. */
export async function verifyAuditChain(page: Page, options: { readonly shot?: Shot } = {}): Promise<{ readonly entries: number; readonly lastSequence: number; readonly headHash: string }> {
  if (!(await page.getByRole('heading', { level: 1, name: 'Audit log' }).isVisible())) await open(page, 'Audit log');
  await page.getByRole('button', { name: 'Verify the hash chain' }).click();
  const verdict = page.getByTestId('chain-verdict');
  await verdict.waitFor({ timeout: MONITOR_TIMEOUT });
  const text = (await verdict.textContent()) ?? '';
  expect(text.includes('The chain is intact.'), `an intact audit chain (the verdict says: ${text})`);
  const counted = /(\d+) entries checked, up to #(\d+)/.exec(text);
  const head = /Head hash: ([0-9a-f]{64})/.exec(text);
  expect(counted !== null && head !== null, `the verdict to give the entries checked and the head hash (it says: ${text})`);
  await options.shot?.('audit-chain-verified');
  return { entries: Number(counted![1]), lastSequence: Number(counted![2]), headHash: head![1]! };
}

/**
 * Exports what the current audit search selects (after {@link searchAuditLog}) and reads the
 * downloaded file: JSON Lines (one entry per line, with hashes) or CSV (header + one row per entry).
 */
export async function exportAuditLog(page: Page, options: { readonly format: 'jsonl' | 'csv'; readonly shot?: Shot }): Promise<{ readonly filename: string; readonly text: string; readonly entries: number }> {
  if (!(await page.getByRole('heading', { level: 1, name: 'Audit log' }).isVisible())) await open(page, 'Audit log');
  await page.getByLabel(options.format === 'jsonl' ? /JSON Lines/ : /CSV/).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  const done = page.getByTestId('export-done');
  await done.waitFor();
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  const filename = download.suggestedFilename();
  expect(filename.endsWith(`.${options.format}`), `a .${options.format} file (got ${filename})`);
  const entries = options.format === 'jsonl' ? text.split('\n').filter(Boolean).length : text.split('\r\n').filter(Boolean).length - 1;
  expect(((await done.textContent()) ?? '').startsWith(`Exported ${entries} ${entries === 1 ? 'entry' : 'entries'}`), `the screen to count the ${entries} exported entries`);
  if (options.format === 'jsonl') for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
  else expect(text.startsWith('sequence,occurredAt,actor,action,resourceType,resourceId,details,previousHash,entryHash\r\n'), 'the CSV header');
  await options.shot?.(`audit-export-${options.format}`);
  return { filename, text, entries };
}

export interface SecurityOverview {
  /** HSM key labels in the inventory. */
  readonly keys: readonly string[];
  /** Subjects of the active trusted IACAs. */
  readonly trustedIacas: readonly string[];
  readonly expirySummary: string;
  /** "what: expiry" for every certificate in the expiry table, soonest first. */
  readonly certificates: readonly string[];
}

/**
 * The security screen for a security officer: the HSM keys (the document signer, seal and
 * record-encryption keys with their purposes), certificate expiry with its summary, the signing
 * certificates, and the trust list, which must hold `expectIaca` (e.g. the platform's
 * "Utopia IACA (development)").
 */
export async function checkSecurityOverview(page: Page, options: { readonly expectIaca: string; readonly expectKeys?: readonly string[]; readonly shot?: Shot }): Promise<SecurityOverview> {
  await open(page, 'Security');
  const keyTable = page.getByRole('table', { name: /^Keys on token/ });
  await keyTable.waitFor();
  const keys = await keyTable.getByRole('row').evaluateAll((elements) => elements.slice(1).map((row) => row.querySelector('th')?.textContent ?? ''));
  for (const label of options.expectKeys ?? ['ds', 'seal', 'identity-kek-1', 'identity-blind-index-1']) expect(keys.includes(label), `the HSM key "${label}" in the inventory (got: ${keys.join(', ')})`);
  const ds = (await page.getByTestId('key-ds').textContent()) ?? '';
  expect(ds.includes('signs mobile credentials') && ds.includes('sensitive, not extractable'), `the document signer key's purpose and protection (got: ${ds})`);
  const summary = page.getByTestId('expiry-summary');
  await summary.waitFor();
  const expiry = page.getByRole('table', { name: 'Certificates by end of validity' });
  await expiry.waitFor();
  const certificates = await expiry.getByRole('row').evaluateAll((elements) => elements.slice(1).map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')).map(([what, , , state]) => `${what}: ${state}`));
  expect(certificates.some((row) => row.startsWith('Document signer “ds”')), `the document signer's certificate in the expiry table (got: ${certificates.join('; ')})`);
  const anchors = page.getByRole('list', { name: 'Trusted IACA certificates' });
  await anchors.waitFor();
  const trustedIacas = await anchors.getByRole('listitem').evaluateAll((elements) => elements.filter((item) => !item.classList.contains('retired')).map((item) => item.getAttribute('aria-label') ?? ''));
  expect(trustedIacas.some((subject) => subject.includes(options.expectIaca)), `"${options.expectIaca}" in the trust list (got: ${trustedIacas.join('; ')})`);
  await page.getByRole('article', { name: 'Certificate expiry' }).getByText(/open certificate expiry alert|certificate .* expires|expired on/).first().waitFor({ timeout: MONITOR_TIMEOUT });
  await options.shot?.('security');
  await page.setViewportSize({ width: 820, height: 1180 });
  await options.shot?.('security-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });
  return { keys, trustedIacas, expirySummary: (await summary.textContent()) ?? '', certificates };
}
