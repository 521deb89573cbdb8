import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Official } from '../src/auth/oidc-session';
import { expiryOf } from '../src/components/certificate-expiry';
import { Security } from '../src/screens/security';
import { type ScriptedRequest, scriptedApis } from './scripted-services';

afterEach(cleanup);

const officer: Official = { subject: 'dara.security', name: 'Dara Nkemelu', roles: ['security-officer'] };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const key = (label: string, overrides: Record<string, unknown>) => ({ label, id: 'a1', keyType: 'EC', curve: 'P-256', objects: ['private', 'public'], sensitive: true, extractable: false, neverExtractable: true, capabilities: ['sign', 'verify'], purposes: [], ...overrides });
const inventory = {
  tokenLabel: 'citizen-zero',
  keys: [
    key('ds', { purposes: ['mdoc-signer', 'status-list-signer'] }),
    key('iaca', { curve: 'P-384' }),
    key('trust-list-signer', {}),
    key('identity-kek-1', { keyType: 'AES', curve: undefined, bits: 256, objects: ['secret'], capabilities: ['wrap', 'unwrap'], purposes: ['record-encryption-current'], records: 42 }),
    key('identity-blind-index-1', { keyType: 'GENERIC_SECRET', curve: undefined, objects: ['secret'], capabilities: ['sign'], purposes: ['blind-index'] }),
  ],
  certificates: [
    { keyLabel: 'ds', purpose: 'mdoc-signer', chainIndex: 0, subject: 'C=UT, CN=Utopia DS 2026', issuer: 'C=UT, CN=Utopia IACA', serialNumber: '01', notBefore: inDays(-300), notAfter: inDays(20), sha256Fingerprint: 'd5'.repeat(32), keyAlgorithm: 'EC', curve: 'P-256' },
    { keyLabel: 'seal', purpose: 'seal-signer', chainIndex: 0, subject: 'C=UT, CN=Utopia seal', issuer: 'C=UT, CN=Utopia IACA', serialNumber: '02', notBefore: inDays(-10), notAfter: inDays(355), sha256Fingerprint: '5e'.repeat(32), keyAlgorithm: 'EC', curve: 'P-256' },
  ],
};
const signer = { configured: true, keyLabel: 'trust-list-signer', certificates: [{ subject: 'C=UT, CN=Utopia Trust List Signer', issuer: 'C=UT, CN=Utopia IACA', serialNumber: '03', notBefore: inDays(-360), notAfter: inDays(5), sha256Fingerprint: '77'.repeat(32) }] };
const iaca = (id: string, subject: string, overrides: Record<string, unknown> = {}) => ({ id, fingerprint: id.repeat(64).slice(0, 64), subject, country: 'UT', docTypes: ['org.iso.18013.5.1.mDL', 'eu.europa.ec.eudi.pid.1'], notBefore: inDays(-100), notAfter: inDays(3000), addedBy: 'platform-seeder', addedAt: inDays(-1), ...overrides });
const certificateAlert = { id: 'c-1', rule: 'certificate-expiring', subject: '77@7d', severity: 'critical', state: 'open', summary: 'certificate C=UT, CN=Utopia Trust List Signer expires in 5 days', details: {}, openedAt: inDays(-1), resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null };

const PEM = `-----BEGIN CERTIFICATE-----\nMIIB0zCCAXmgAwIBAgIUQk9H\n-----END CERTIFICATE-----\n`;

function securityPlatform(overrides: (request: ScriptedRequest) => { status: number; body?: unknown } | undefined = () => undefined) {
  let anchors = [iaca('a', 'C=UT, O=Utopia, CN=Utopia IACA (development)')];
  const { apis, requests } = scriptedApis((request) => {
    const special = overrides(request);
    if (special) return special;
    const route = `${request.service} ${request.method} ${request.url.pathname}`;
    if (route === 'identity GET /keys') return { status: 200, body: inventory };
    if (route === 'verification GET /trust/signer') return { status: 200, body: signer };
    if (route === 'verification GET /trust/iacas') return { status: 200, body: request.url.searchParams.get('includeRetired') === 'true' ? anchors : anchors.filter((anchor) => !('retiredAt' in anchor)) };
    if (route === 'verification POST /trust/iacas') {
      const added = iaca('b', 'C=AR, CN=Arcadia IACA', { docTypes: (request.body as { docTypes: string[] }).docTypes, addedBy: 'dara.security' });
      anchors = [...anchors, added];
      return { status: 200, body: added };
    }
    const retirement = /^verification POST \/trust\/iacas\/(.+)\/retirement$/.exec(route);
    if (retirement) {
      anchors = anchors.map((anchor) => (anchor.id === retirement[1] ? { ...anchor, retiredAt: inDays(0), retiredBy: 'dara.security', retirementReason: (request.body as { reason: string }).reason } : anchor));
      return { status: 204 };
    }
    if (route === 'monitor GET /alerts') return { status: 200, body: [certificateAlert] };
    return undefined;
  });
  return { apis, requests };
}

const choose = (input: HTMLElement, files: File[]) => fireEvent.change(input, { target: { files } });

describe('Security: keys and certificate expiry', () => {
  it('lists the HSM keys read-only, with what each is for and how it is protected', async () => {
    const { apis } = securityPlatform();
    render(<Security apis={apis} official={officer} params={{}} />);
    expect((await screen.findByTestId('key-ds')).textContent).toBe('dsEC P-256 (private + public)signs mobile credentials (document signer); signs the status listsensitive, not extractable—');
    expect(screen.getByTestId('key-iaca').textContent).toContain('not used by the identity service');
    expect(screen.getByTestId('key-identity-kek-1').textContent).toBe('identity-kek-1AES-256 (secret)wraps new records’ data keys (current KEK)sensitive, not extractable42');
    expect(screen.getByTestId('key-identity-blind-index-1').textContent).toContain('HMAC secret');
    // The token is shared: the verification service names its trust-list signing key.
    expect(await screen.findByText('signs the published trust list (verification service)')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Keys on token citizen-zero' })).toBeTruthy();
    // Nothing on the screen changes a key.
    expect(within(screen.getByRole('article', { name: 'HSM keys' })).queryAllByRole('button')).toEqual([]);
  });

  it('orders every certificate by end of validity with 90/30/7-day warnings, and shows the monitor’s expiry alerts', async () => {
    const { apis, requests } = securityPlatform();
    render(<Security apis={apis} official={officer} params={{}} />);
    const summary = await screen.findByTestId('expiry-summary');
    expect(summary.textContent).toBe('2 of 4 certificates expire within 90 days or have expired: plan their renewal.');
    const rows = within(screen.getByRole('table', { name: 'Certificates by end of validity' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => {
        const cells = within(row).getAllByRole('cell');
        return [cells[0]!.textContent, cells[3]!.textContent, cells[3]!.firstElementChild!.className];
      });
    expect(rows).toEqual([
      ['Trust-list signer “trust-list-signer”', 'expires in 5 days', 'expiry expiry-critical'],
      ['Document signer “ds”', 'expires in 20 days', 'expiry expiry-warning'],
      ['Seal signer “seal”', 'expires in 355 days', 'expiry expiry-ok'],
      ['Trusted IACA (UT)', 'expires in 3000 days', 'expiry expiry-ok'],
    ]);
    expect(within(await screen.findByRole('list', { name: 'Certificate expiry alerts' })).getByRole('listitem').textContent).toContain('critical certificate C=UT, CN=Utopia Trust List Signer expires in 5 days');
    expect(Object.fromEntries(requests.find((request) => request.service === 'monitor')!.url.searchParams)).toEqual({ state: 'open', rule: 'certificate-expiring' });
  });

  it('grades expiry at 90, 30 and 7 days, and after', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
    expect([91, 90, 31, 30, 8, 7, 1, 0, -2].map((days) => expiryOf(at(days), now).level)).toEqual(['ok', 'notice', 'notice', 'warning', 'warning', 'critical', 'critical', 'expired', 'expired']);
    expect(expiryOf(at(-2), now).text).toBe('expired 2 days ago');
    expect(expiryOf(at(1), now).text).toBe('expires in 1 day');
  });
});

describe('Security: trust list', () => {
  it('checks the chosen file before sending it, and says what to do', async () => {
    const { apis, requests } = securityPlatform();
    render(<Security apis={apis} official={officer} params={{}} />);
    await screen.findByRole('list', { name: 'Trusted IACA certificates' });
    const input = screen.getByLabelText('IACA certificate (PEM file)');
    const add = screen.getByRole('button', { name: 'Add to the trust list' });

    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe('Choose the IACA certificate’s PEM file.');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    choose(input, [new File([new Uint8Array([0x30, 0x82, 0x01, 0xd3])], 'iaca.cer')]);
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe('“iaca.cer” holds no PEM certificate (a “-----BEGIN CERTIFICATE-----” block). If it is a binary DER file, convert it first: openssl x509 -inform der -in iaca.cer -out iaca.pem');

    choose(input, [new File([PEM + PEM], 'bundle.pem')]);
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe('“bundle.pem” holds 2 certificates: add one IACA certificate at a time.');

    choose(input, [new File([PEM], 'iaca.pem')]);
    for (const box of within(screen.getByRole('group', { name: 'Trusted for' })).getAllByRole('checkbox')) fireEvent.click(box);
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe('Choose at least one document type the IACA is trusted for.');
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('shows the service’s IACA profile findings when it refuses a certificate', async () => {
    const { apis } = securityPlatform((request) =>
      request.method === 'POST'
        ? { status: 422, body: { code: 'TRUST_ANCHOR_INVALID', detail: 'the certificate does not meet the IACA profile (ISO/IEC 18013-5 Annex B.1.2): CERT_NOT_CA: basic constraints must mark a CA; CERT_KEY_USAGE: key usage must be keyCertSign and cRLSign', correlationId: 'corr-9' } }
        : undefined,
    );
    render(<Security apis={apis} official={officer} params={{}} />);
    await screen.findByRole('list', { name: 'Trusted IACA certificates' });
    choose(screen.getByLabelText('IACA certificate (PEM file)'), [new File([PEM], 'ds.pem')]);
    fireEvent.click(screen.getByRole('button', { name: 'Add to the trust list' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('it does not meet the IACA profile (ISO/IEC 18013-5 Annex B.1.2)');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['CERT_NOT_CA: basic constraints must mark a CA', 'CERT_KEY_USAGE: key usage must be keyCertSign and cRLSign']);
    expect(alert.textContent).toContain('Reference: corr-9');
  });

  it('says when the certificate is already trusted', async () => {
    const { apis } = securityPlatform((request) => (request.method === 'POST' ? { status: 409, body: { code: 'TRUST_ANCHOR_EXISTS', detail: 'this IACA certificate is already in the trust list' } } : undefined));
    render(<Security apis={apis} official={officer} params={{}} />);
    await screen.findByRole('list', { name: 'Trusted IACA certificates' });
    choose(screen.getByLabelText('IACA certificate (PEM file)'), [new File([PEM], 'iaca.pem')]);
    fireEvent.click(screen.getByRole('button', { name: 'Add to the trust list' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This IACA certificate is already in the trust list. Someone may have acted on it already: reload and check.');
  });

  it('adds an IACA from a PEM file for the chosen document types, and lists it', async () => {
    const { apis, requests } = securityPlatform();
    render(<Security apis={apis} official={officer} params={{}} />);
    await screen.findByRole('list', { name: 'Trusted IACA certificates' });
    choose(screen.getByLabelText('IACA certificate (PEM file)'), [new File([PEM], 'arcadia-iaca.pem')]);
    fireEvent.click(screen.getByLabelText('Person identification data (EU PID)'));
    fireEvent.click(screen.getByRole('button', { name: 'Add to the trust list' }));
    expect(await screen.findByText('Added “C=AR, CN=Arcadia IACA” to the trust list.')).toBeTruthy();
    const post = requests.find((request) => request.method === 'POST')!;
    expect(post.url.pathname).toBe('/trust/iacas');
    expect(post.authorization).toBe('Bearer verification-token');
    expect(post.body).toEqual({ pem: PEM, docTypes: ['org.iso.18013.5.1.mDL'] });
    const list = await screen.findByRole('list', { name: 'Trusted IACA certificates' });
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual(['C=UT, O=Utopia, CN=Utopia IACA (development)', 'C=AR, CN=Arcadia IACA']));
    // The form is ready for the next certificate.
    expect((screen.getByLabelText('IACA certificate (PEM file)') as HTMLInputElement).files?.length ?? 0).toBe(0);
  });

  it('removes an IACA only with a reason, keeps the record, and shows it among the removed', async () => {
    const { apis, requests } = securityPlatform();
    render(<Security apis={apis} official={officer} params={{}} />);
    const item = await screen.findByRole('listitem', { name: 'C=UT, O=Utopia, CN=Utopia IACA (development)' });
    fireEvent.click(within(item).getByRole('button', { name: 'Remove from the trust list…' }));
    const form = within(item).getByRole('form', { name: 'Remove C=UT, O=Utopia, CN=Utopia IACA (development)' });
    fireEvent.click(within(form).getByRole('button', { name: 'Confirm removal' }));
    expect(within(form).getByRole('alert').textContent).toBe('Choose why the certificate is removed: it is recorded with the removal.');
    expect(document.activeElement).toBe(within(form).getByLabelText('Reason for removal'));
    fireEvent.change(within(form).getByLabelText('Reason for removal'), { target: { value: 'superseded' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Confirm removal' }));
    expect(await screen.findByText('Removed “C=UT, O=Utopia, CN=Utopia IACA (development)” from the trust list (superseded).')).toBeTruthy();
    expect(requests.find((request) => request.method === 'POST')!.body).toEqual({ reason: 'superseded' });
    expect(await screen.findByText(/The trust list is empty/)).toBeTruthy();

    fireEvent.click(screen.getByLabelText('Show removed certificates'));
    const removed = await screen.findByRole('listitem', { name: 'C=UT, O=Utopia, CN=Utopia IACA (development)' });
    expect(within(removed).getByText('removed')).toBeTruthy();
    expect(within(removed).getByText(/by dara\.security \(superseded\)/)).toBeTruthy();
    expect(within(removed).queryByRole('button')).toBeNull();
    expect(requests.filter((request) => request.url.pathname === '/trust/iacas' && request.method === 'GET').map((request) => request.url.searchParams.get('includeRetired'))).toEqual(['false', 'false', 'true']);
  });
});
