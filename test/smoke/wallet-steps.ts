import type { BrowserContext, Page } from 'playwright-core';

/**
 * The citizen wallet's steps for the end-to-end walk (Playwright, Debian's Chromium): each takes the
 * wallet's page and does what a citizen would — set a PIN, claim a credential from an offer link
 * and its transaction code, show the in-person engagement QR code, decide on a reader's request,
 * answer a zero-knowledge request, share online — waiting for what the screen shows, by role and
 * label. They assert nothing about the verifier; the walk combines them with the verifier's steps.
 */

export interface WalletSession {
  readonly page: Page;
  /** Console errors, page errors, failed requests and HTTP errors seen on the wallet's page, in order. */
  readonly problems: string[];
}

/** Opens the wallet in `context` and records every problem the page reports. */
export async function openWallet(context: BrowserContext, walletUrl: string): Promise<WalletSession> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`wallet console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`wallet page error on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`wallet request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`wallet HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  await page.goto(walletUrl);
  await page.getByRole('heading', { name: /Set up your wallet|Unlock your wallet|Your credentials/ }).waitFor();
  return { page, problems };
}

/** First start: sets the PIN; ends on the (empty) list of credentials. */
export async function setWalletPin(page: Page, pin: string): Promise<void> {
  await page.getByRole('heading', { name: 'Set up your wallet' }).waitFor();
  await page.getByLabel('New PIN').fill(pin);
  await page.getByLabel('Repeat the PIN').fill(pin);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await page.getByRole('heading', { name: 'Your credentials' }).waitFor({ timeout: 30_000 });
}

/** Unlocks the wallet if it is locked (the next screen depends on what the wallet was opened for). */
export async function unlockWallet(page: Page, pin: string): Promise<void> {
  const unlock = page.getByRole('heading', { name: 'Unlock your wallet' });
  if (!(await unlock.isVisible())) return;
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await unlock.waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * Claims the credentials of an offer (`openid-credential-offer://…`) with its transaction code, as a
 * citizen who pasted the link (`via: 'paste'`, the default: "Add a credential") or opened it (`via:
 * 'link'`: the wallet loaded with `/?offer=<link>`, as a scanned QR code's link would), unlocking
 * with `pin` if asked. Returns the confirmation text ("Added to your wallet: …").
 */
export async function claimCredential(page: Page, walletUrl: string, offerUri: string, txCode: string, pin: string, options: { readonly via?: 'paste' | 'link' } = {}): Promise<string> {
  if (options.via === 'link') {
    await loadWithParameter(page, walletUrl, 'offer', offerUri);
    await page.getByRole('heading', { name: /Unlock your wallet|Add a credential/ }).waitFor();
    await unlockWallet(page, pin);
  } else {
    await unlockWallet(page, pin);
    await page.getByRole('button', { name: 'Add a credential' }).click();
    await page.getByLabel('Offer link').fill(offerUri);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.getByTestId('offer-issuer').waitFor({ timeout: 30_000 });
  await page.getByLabel('Transaction code').fill(txCode);
  await page.getByRole('button', { name: 'Add to wallet' }).click();
  const added = page.getByRole('status').filter({ hasText: 'Added to your wallet' });
  await added.or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 });
  if (!(await added.isVisible())) throw new Error(`the wallet did not add the credential: ${await page.getByRole('alert').innerText()}`);
  const text = await added.innerText();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('heading', { name: 'Your credentials' }).waitFor();
  return text;
}

/** The card of a credential ("National ID", "Driving licence", …) after a status check: its status badge and what it says about the check. */
export async function credentialCard(page: Page, title: string, options: { refresh?: boolean } = {}): Promise<{ status: string; checked: string; holder: string; validity: string }> {
  const card = page.getByRole('article', { name: title });
  await card.waitFor();
  if (options.refresh) {
    await page.locator('main[aria-busy="true"]').waitFor({ state: 'hidden', timeout: 30_000 });
    // React applies the busy state within the click (a discrete event), so the wait below cannot pass early.
    await page.getByRole('button', { name: 'Check status now' }).click();
    await page.locator('main[aria-busy="true"]').waitFor({ state: 'hidden', timeout: 30_000 });
  }
  return {
    status: await card.getByTestId('credential-status').innerText(),
    checked: await card.getByTestId('status-checked').innerText(),
    holder: (await card.getByTestId('holder-name').innerText().catch(() => '')) || '',
    validity: await card.getByTestId('validity').innerText(),
  };
}

/** Opens "Show in person" and returns the engagement QR code's text (`mdoc:` + base64url DeviceEngagementBytes). */
export async function showEngagementQr(page: Page): Promise<string> {
  const home = page.getByRole('button', { name: 'Show in person' });
  if (await home.isVisible()) await home.click();
  const qr = page.getByRole('img', { name: 'Presentation QR code' });
  await qr.waitFor({ timeout: 30_000 });
  const text = await qr.getAttribute('data-qr-text');
  if (!text?.startsWith('mdoc:')) throw new Error(`the engagement QR code carries ${String(text)}`);
  return text;
}

export interface SeenRequest {
  /** The heading: "<reader> asks for", or "An unidentified reader asks for". */
  readonly heading: string;
  /** The reader authentication line ("Verified reader: …" or "Not authenticated — …"). */
  readonly reader: string;
  /** Each element asked: its label, whether the wallet holds it, and the retention note. */
  readonly elements: ReadonlyArray<{ readonly label: string; readonly available: boolean; readonly retention: string }>;
}

/**
 * Waits for a reader's DeviceRequest and answers it: keeps ticked only the elements labelled in
 * `share` (e.g. ['Age over 18']; 'all': every element the wallet holds), confirms with the PIN, and waits until the wallet says it shared.
 * Returns what the consent screen showed.
 */
export async function consentToRequest(page: Page, options: { readonly share: readonly string[] | 'all'; readonly pin: string }): Promise<SeenRequest> {
  const seen = await readConsent(page);
  // By position: two documents asked at once (a national ID and a driving licence) repeat labels.
  const items = page.locator('.consent .elements-asked li');
  for (const [index, element] of seen.elements.entries()) {
    if (!element.available) continue;
    const box = items.nth(index).getByRole('checkbox');
    if ((await box.isChecked()) !== (options.share === 'all' || options.share.includes(element.label))) await box.click();
  }
  await page.getByLabel('PIN to confirm').fill(options.pin);
  await page.getByRole('button', { name: /^Share \d+ items?$/ }).click();
  await page.getByTestId('presentation-status').filter({ hasText: /^Shared / }).waitFor({ timeout: 30_000 });
  return seen;
}

/** Waits for a reader's request and declines it. */
export async function declineRequest(page: Page): Promise<SeenRequest> {
  const seen = await readConsent(page);
  await page.getByRole('button', { name: 'Decline' }).click();
  await page.getByTestId('presentation-status').filter({ hasText: 'You declined' }).waitFor({ timeout: 30_000 });
  return seen;
}

/**
 * Waits for a zero-knowledge request and answers it with a BBS proof of the claims labelled in
 * `prove` ('Over 18', 'Over 21', 'Nationality'). Returns the screen's heading ("Private proof for <audience>").
 */
export async function answerZkRequest(page: Page, options: { readonly prove: readonly string[]; readonly pin: string }): Promise<string> {
  const heading = page.getByRole('heading', { name: /^Private proof for / });
  await heading.waitFor({ timeout: 60_000 });
  const title = await heading.innerText();
  for (const label of ['Over 18', 'Over 21', 'Nationality']) {
    const box = page.getByRole('checkbox', { name: label, exact: true });
    if ((await box.count()) === 0) continue;
    if ((await box.isChecked()) !== options.prove.includes(label)) await box.click();
  }
  await page.getByLabel('PIN to confirm').fill(options.pin);
  await page.getByRole('button', { name: 'Share proof' }).click();
  await page.getByTestId('presentation-status').filter({ hasText: 'Shared a private proof' }).waitFor({ timeout: 60_000 });
  return title;
}

/** Leaves the in-person screen (ends the session). */
export async function finishPresentation(page: Page): Promise<void> {
  const finish = page.getByRole('button', { name: /^(Finish|Done)$/ });
  await finish.first().click();
  await page.getByRole('heading', { name: 'Your credentials' }).waitFor();
}

/**
 * Online presentation: the OpenID4VP Authorization Request (`openid4vp://…`) pasted into "Share
 * online" (`via: 'paste'`, the default) or given in the wallet's URL (`via: 'link'`), then who asks
 * and what, shared with the PIN. Returns what the screen showed.
 */
export async function presentOnline(page: Page, walletUrl: string, authorizationRequestUri: string, pin: string, options: { readonly via?: 'paste' | 'link' } = {}): Promise<{ heading: string; verifier: string; elements: string[] }> {
  if (options.via === 'link') {
    await loadWithParameter(page, walletUrl, 'authorization_request', authorizationRequestUri);
    await page.getByRole('heading', { name: /Unlock your wallet|Share online/ }).waitFor();
    await unlockWallet(page, pin);
  } else {
    await unlockWallet(page, pin);
    await page.getByRole('button', { name: 'Share online' }).click();
    await page.getByLabel('Request link').fill(authorizationRequestUri);
    await page.getByRole('button', { name: 'Open' }).click();
  }
  const heading = page.getByRole('heading', { name: / asks for$/ });
  await heading.or(page.getByRole('alert')).first().waitFor({ timeout: 30_000 });
  if (!(await heading.isVisible())) throw new Error(`the wallet refused the request: ${await page.getByRole('alert').innerText()}`);
  const seen = { heading: await heading.innerText(), verifier: await page.getByTestId('reader-authentication').innerText(), elements: await page.locator('.elements-asked li').allInnerTexts() };
  await page.getByLabel('PIN to confirm').fill(pin);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Shared with' }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('heading', { name: 'Your credentials' }).waitFor();
  return seen;
}

/**
 * Loads the wallet with `?<name>=<value>`, once the list of credentials has finished loading and
 * checking status (`aria-busy`): a navigation would abort a request in flight.
 */
async function loadWithParameter(page: Page, walletUrl: string, name: string, value: string): Promise<void> {
  await page.locator('main[aria-busy="true"]').waitFor({ state: 'hidden', timeout: 30_000 });
  await page.goto(`${walletUrl.replace(/\/$/, '')}/?${name}=${encodeURIComponent(value)}`);
}

/**
 * A virtual platform authenticator (Chromium DevTools protocol) that verifies the user and
 * supports the WebAuthn PRF extension, so the "screen lock" unlock can be walked headless. WebAuthn
 * refuses IP-address origins: open the wallet on `http://localhost:<port>` for these steps.
 */
export async function addVirtualPlatformAuthenticator(context: BrowserContext, page: Page, options: { readonly prf?: boolean } = {}): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf: options.prf ?? true, automaticPresenceSimulation: true },
  } as never);
}

/** Settings → "Use this device's screen lock" with the PIN; returns what the wallet said (enrolled, or why not). */
export async function enrolScreenLock(page: Page, pin: string): Promise<string> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Your PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Use this device’s screen lock' }).click();
  const outcome = page.getByRole('status').or(page.getByRole('alert')).first();
  await outcome.waitFor({ timeout: 30_000 });
  const text = await outcome.innerText();
  await page.getByRole('button', { name: 'Back' }).click();
  return text;
}

/** Locks the wallet and opens it again with the screen lock (the enrolled platform authenticator). */
export async function relockAndUnlockWithScreenLock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Unlock with this device’s screen lock' }).click();
  await page.getByRole('heading', { name: 'Your credentials' }).waitFor({ timeout: 30_000 });
}

/**
 * What the wallet keeps in IndexedDB, as stored (for checking encryption at rest): the credential
 * records (their ciphertext as latin-1 text, to search for plaintext), the vault record's fields, and
 * the device keys' properties.
 */
export async function readRawWalletStorage(page: Page): Promise<{ credentials: Array<{ key: string; iv: number; ciphertext: string }>; vaultFields: string[]; deviceKeys: Array<{ extractable: boolean; algorithm: string }> }> {
  // Sent as source text: a transpiled function would carry the transpiler's helpers (e.g. __name), unknown in the page.
  return page.evaluate(READ_RAW_STORAGE) as Promise<{ credentials: Array<{ key: string; iv: number; ciphertext: string }>; vaultFields: string[]; deviceKeys: Array<{ extractable: boolean; algorithm: string }> }>;
}

const READ_RAW_STORAGE = `(async () => {
  const database = await new Promise((resolve, reject) => {
    const request = indexedDB.open('cz-wallet');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all = (store) => new Promise((resolve, reject) => {
    const transaction = database.transaction(store, 'readonly');
    const keys = transaction.objectStore(store).getAllKeys();
    const values = transaction.objectStore(store).getAll();
    transaction.oncomplete = () => resolve(keys.result.map((key, index) => [String(key), values.result[index]]));
    transaction.onerror = () => reject(transaction.error);
  });
  const latin1 = (bytes) => Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  const credentials = (await all('credentials')).map(([key, record]) => ({ key, iv: record.iv.length, ciphertext: latin1(record.ciphertext) }));
  const vault = (await all('vault'))[0]?.[1];
  const deviceKeys = (await all('device-keys')).map(([, value]) => ({ extractable: value.privateKey.extractable, algorithm: value.privateKey.algorithm.name + ' ' + value.privateKey.algorithm.namedCurve }));
  database.close();
  return { credentials, vaultFields: vault ? Object.keys(vault).sort() : [], deviceKeys };
})()`;

async function readConsent(page: Page): Promise<SeenRequest> {
  const heading = page.getByRole('heading', { name: / asks for$/ });
  await heading.waitFor({ timeout: 60_000 });
  const items = page.locator('.consent .elements-asked li');
  const elements: Array<{ label: string; available: boolean; retention: string }> = [];
  for (let index = 0; index < (await items.count()); index++) {
    const item = items.nth(index);
    const box = item.getByRole('checkbox');
    elements.push({ label: (await item.locator('label').innerText()).trim(), available: !(await box.isDisabled()), retention: (await item.locator('.retain').innerText()).trim() });
  }
  return { heading: await heading.innerText(), reader: await page.getByTestId('reader-authentication').innerText(), elements };
}
