import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceResponseVerdict } from '@citizen-zero/mdoc';
import { freshnessOf } from '../src/sync/freshness';
import { FreshnessPanel } from '../src/ui/freshness-panel';
import { VerdictScreen } from '../src/ui/verdict-screen';
import { profileById } from '../src/verify/profiles';
import { mdocVerdictView, type CheckView } from '../src/verify/verdict';

afterEach(cleanup);
beforeAll(() => {
  // jsdom has no object URLs; the portrait is shown through one.
  URL.createObjectURL = vi.fn(() => 'blob:portrait');
  URL.revokeObjectURL = vi.fn();
});

const JPEG = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
const at = new Date('2026-03-01T10:00:00Z');
const passed = (check: string) => ({ check, passed: true, message: `${check} ok` }) as const;

function deviceResponseVerdict(options: { digestsFail?: boolean; ageOver18?: boolean } = {}): DeviceResponseVerdict {
  const checks = ['issuer-certificate-chain', 'issuer-signature', 'mso-signed-within-certificate-validity', 'doc-type', 'value-digests', 'mso-validity', 'device-authentication'].map((check) =>
    check === 'value-digests' && options.digestsFail ? { check: 'value-digests' as const, passed: false, code: 'MSO_DIGEST_MISMATCH', message: 'family_name digest differs' } : passed(check),
  );
  return {
    valid: !options.digestsFail,
    status: 0,
    documents: [
      {
        docType: 'eu.europa.ec.eudi.pid.1',
        valid: !options.digestsFail,
        checks: checks as DeviceResponseVerdict['documents'][number]['checks'],
        issuerSigned: new Map([['eu.europa.ec.eudi.pid.1', new Map<string, unknown>([['family_name', 'Okonkwo'], ['given_name', 'Adaeze Marie'], ['birth_date', '1990-04-17'], ['portrait', JPEG], ...(options.ageOver18 !== undefined ? [['age_over_18', options.ageOver18] as [string, unknown]] : [])])]]),
        deviceSigned: new Map(),
        notReturned: new Map([['eu.europa.ec.eudi.pid.1', new Map([['nationality', 0]])]]),
        deviceAuthentication: 'signature',
      },
    ],
    documentErrors: [],
    problems: [],
    verifiedAt: at,
  };
}
const statusValid: CheckView = { label: 'Not revoked or suspended (status list)', passed: true, detail: 'valid' };
const statusRevoked: CheckView = { label: 'Not revoked or suspended (status list)', passed: false, code: 'CREDENTIAL_REVOKED', detail: 'the issuer has revoked this credential' };
const session: CheckView = { label: 'Encrypted session with the wallet (ISO/IEC 18013-5 §9.1.1)', passed: true, detail: 'relay' };

describe('the verdict screen', () => {
  it('green at a glance: the answer, the verified portrait large, the shared data, each check; and that nothing is kept', () => {
    const onDismiss = vi.fn();
    render(<VerdictScreen verdict={mdocVerdictView(profileById('identity'), deviceResponseVerdict(), [statusValid], [session])} retained={false} onDismiss={onDismiss} />);
    const verdict = screen.getByTestId('verdict');
    expect(verdict.dataset['outcome']).toBe('accepted');
    expect(within(verdict).getByRole('status').textContent).toContain('VERIFIED — identity confirmed');
    expect(screen.getByRole('img', { name: 'Verified portrait' }).getAttribute('src')).toBe('blob:portrait');
    expect(screen.getByTestId('element-family_name').textContent).toBe('Family nameOkonkwo');
    expect(screen.getByTestId('element-birth_date').textContent).toBe('Date of birth1990-04-17');
    expect(screen.getByText('Nationality')).toBeDefined();
    expect(screen.getAllByTestId('check').map((check) => check.dataset['passed'])).not.toContain('false');
    expect(screen.getAllByTestId('check')).toHaveLength(9);
    expect(screen.getByRole('note').textContent).toContain('Nothing from this verification is kept on this device');
    fireEvent.click(screen.getByRole('button', { name: 'Done — next person' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it('red for a revoked credential and for altered data, naming the failed check; the retention note follows the configuration', () => {
    const { rerender } = render(<VerdictScreen verdict={mdocVerdictView(profileById('identity'), deviceResponseVerdict(), [statusRevoked], [session])} retained={true} onDismiss={() => undefined} />);
    expect(screen.getByTestId('verdict').dataset['outcome']).toBe('rejected');
    expect(screen.getByTestId('verdict-headline').textContent).toBe('NOT VERIFIED — National identity card: Not revoked or suspended (status list) — NO (CREDENTIAL_REVOKED)');
    expect(screen.getByRole('heading', { name: /National identity card — NOT valid/ })).toBeDefined();
    expect(screen.getByRole('note').textContent).toContain('configured to keep a record');

    rerender(<VerdictScreen verdict={mdocVerdictView(profileById('identity'), deviceResponseVerdict({ digestsFail: true }), [statusValid], [session])} retained={false} onDismiss={() => undefined} />);
    expect(screen.getByTestId('verdict').dataset['outcome']).toBe('rejected');
    const failed = screen.getAllByTestId('check').filter((check) => check.dataset['passed'] === 'false');
    expect(failed.map((check) => check.textContent)).toEqual([expect.stringContaining('MSO_DIGEST_MISMATCH')]);
  });

  it('answers the age question: green only when age_over_18 is shared and true', () => {
    const { rerender } = render(<VerdictScreen verdict={mdocVerdictView(profileById('age-over-18'), deviceResponseVerdict({ ageOver18: true }), [statusValid], [session])} retained={false} onDismiss={() => undefined} />);
    expect(screen.getByTestId('verdict-headline').textContent).toBe('VERIFIED — over 18');
    rerender(<VerdictScreen verdict={mdocVerdictView(profileById('age-over-18'), deviceResponseVerdict({ ageOver18: false }), [statusValid], [session])} retained={false} onDismiss={() => undefined} />);
    expect(screen.getByTestId('verdict-headline').textContent).toBe('NOT VERIFIED — Over 18: NO');
    rerender(<VerdictScreen verdict={mdocVerdictView(profileById('age-over-18'), deviceResponseVerdict(), [statusValid], [session])} retained={false} onDismiss={() => undefined} />);
    expect(screen.getByTestId('verdict-headline').textContent).toBe('NOT VERIFIED — Not shared by the holder: Over 18');
  });
});

describe('the freshness panel', () => {
  const synced = new Date('2026-03-01T08:00:00Z');
  const material = {
    trustList: { source: 'vical' as const, bytes: new Uint8Array(), anchors: [], entries: [], fetchedAt: synced },
    statusLists: [{ uri: 'https://id.example/status-lists/1', bytes: new Uint8Array(), fetchedAt: synced }],
    zkIssuerKeys: { json: '{"keys":[]}', kids: [], fetchedAt: synced },
  };
  const lists = ['https://id.example/status-lists/1'];

  it('says when the material was synchronised while it is fresh', () => {
    render(<FreshnessPanel freshness={freshnessOf(material, lists, 24, at)} maxAgeHours={24} now={at} syncing={false} online={true} onSync={() => undefined} />);
    expect(screen.getByTestId('freshness').dataset['state']).toBe('fresh');
    expect(screen.getByTestId('freshness').textContent).toContain('synchronised 2 h ago');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns, unmissably, once the material is older than the maximum age; offline it cannot sync', () => {
    const later = new Date(synced.getTime() + 30 * 3_600_000);
    const onSync = vi.fn();
    render(<FreshnessPanel freshness={freshnessOf(material, lists, 24, later)} maxAgeHours={24} now={later} syncing={false} online={false} onSync={onSync} />);
    expect(screen.getByTestId('freshness').dataset['state']).toBe('stale');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Trust material is stale');
    expect(alert.textContent).toContain('Trust list (issuing authorities): synchronised 30 h ago, older than 24 h');
    expect((screen.getByRole('button', { name: 'Offline — cannot synchronise' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says the device was never synchronised', () => {
    render(<FreshnessPanel freshness={freshnessOf({}, lists, 24, at)} maxAgeHours={24} now={at} syncing={false} online={true} onSync={() => undefined} compact />);
    expect(screen.getByRole('alert').textContent).toContain('Not synchronised');
  });
});
