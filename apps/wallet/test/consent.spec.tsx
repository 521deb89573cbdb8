import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeviceRequest, MDL_DOCTYPE, MDL_NAMESPACE, SessionTranscript, type ReaderAuthenticationResult, type ReceivedDeviceRequest, type ReceivedZkRequest } from '@citizen-zero/mdoc';
import { choiceKey } from '../src/presentation/build-response';
import { commonName } from '../src/presentation/distinguished-name';
import type { HeldMdoc } from '../src/credentials/held-credential';
import { MdocConsent, ZkConsent } from '../src/ui/consent';
import { sampleHeldMdoc } from './support/sample-mdoc';

afterEach(cleanup);

const transcript = SessionTranscript.fromEncodedParts({ deviceEngagementBytes: null, eReaderKeyBytes: null });
const verified: ReaderAuthenticationResult = {
  status: 'verified',
  reader: { subject: 'C=UT, O=Utopia Police, CN=Border post 7', issuer: 'CN=Reader CA', serialNumber: '01', notBefore: new Date(), notAfter: new Date(), sha256Fingerprint: 'ab', certificateChain: [] },
  trustAnchorSubject: 'C=UT, CN=Utopia Reader CA',
};

async function deviceRequest(elements: Record<string, boolean>, readerAuthentication: ReaderAuthenticationResult): Promise<ReceivedDeviceRequest> {
  const itemsRequest = { docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map(Object.entries(elements))]]) };
  const request = await DeviceRequest.create({ requests: [itemsRequest] });
  return {
    deviceRequest: request,
    deviceRequestBytes: request.toBytes(),
    docRequests: [{ docType: MDL_DOCTYPE, elements: Object.entries(elements).map(([elementIdentifier, intentToRetain]) => ({ namespace: MDL_NAMESPACE, elementIdentifier, intentToRetain })), itemsRequest, readerAuthentication }],
    transcript,
    eReaderKey: new Map(),
  };
}

const key = (elementIdentifier: string) => choiceKey({ docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elementIdentifier });

describe('the consent screen for an in-person request', () => {
  let held: HeldMdoc;
  beforeAll(async () => {
    held = await sampleHeldMdoc();
  });

  it('says who asks (verified reader), what, and whether it is kept; the citizen withholds an element and confirms with the PIN', async () => {
    const onShare = vi.fn(async () => undefined);
    render(<MdocConsent received={await deviceRequest({ family_name: true, portrait: false, resident_address: false }, verified)} credentials={[held]} onShare={onShare} onDecline={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Border post 7 asks for' })).toBeTruthy();
    expect(screen.getByTestId('reader-authentication').textContent).toBe('Verified reader: Border post 7 — certified by Utopia Reader CA');
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([' Family namewill be kept by the reader', ' Portraitnot kept', ' Resident addressnot kept (not in your credential)']);
    const address = screen.getByRole('checkbox', { name: 'Resident address' }) as HTMLInputElement;
    expect(address.disabled).toBe(true);
    expect(address.checked).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Portrait' }));
    const share = screen.getByRole('button', { name: 'Share 1 item' }) as HTMLButtonElement;
    expect(share.disabled).toBe(true); // no PIN yet
    fireEvent.change(screen.getByLabelText('PIN to confirm'), { target: { value: '48a2916' } });
    expect((screen.getByLabelText('PIN to confirm') as HTMLInputElement).value).toBe('482916');
    fireEvent.click(share);
    await vi.waitFor(() => expect(onShare).toHaveBeenCalledOnce());
    expect(onShare).toHaveBeenCalledWith(new Set([key('family_name')]), '482916');
  });

  it('an unauthenticated reader is named as such; an error from sharing is shown; Decline declines', async () => {
    const onDecline = vi.fn();
    const onShare = vi.fn(async () => {
      throw new Error('wrong PIN');
    });
    render(<MdocConsent received={await deviceRequest({ age_over_18: false }, { status: 'absent' })} credentials={[held]} onShare={onShare} onDecline={onDecline} />);
    expect(screen.getByRole('heading', { name: 'An unidentified reader asks for' })).toBeTruthy();
    expect(screen.getByTestId('reader-authentication').textContent).toBe('Not authenticated — the reader did not identify itself');
    fireEvent.change(screen.getByLabelText('PIN to confirm'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Share 1 item' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong PIN');
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    expect(onDecline).toHaveBeenCalledOnce();
  });

  it('warns when the credential shared is revoked', async () => {
    render(<MdocConsent received={await deviceRequest({ age_over_18: false }, verified)} credentials={[{ ...held, status: { state: 'revoked', checkedAt: new Date().toISOString() } }]} onShare={async () => undefined} onDecline={() => undefined} />);
    expect(screen.getByText('This credential is revoked: the reader will see that from the issuer’s list.')).toBeTruthy();
  });

  it('a request for a credential the wallet does not hold says nothing will be sent', async () => {
    render(<MdocConsent received={await deviceRequest({ family_name: false }, verified)} credentials={[]} onShare={async () => undefined} onDecline={() => undefined} />);
    expect(screen.getByText('You do not hold this credential: nothing will be sent for it.')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Family name' }) as HTMLInputElement).disabled).toBe(true);
  });
});

describe('reader names', () => {
  it('takes the common name of the certificate subject, with RFC 4514 escapes undone', () => {
    expect(commonName('C=UT, O=Republic of Utopia, CN=Harbour police\\, desk 2')).toBe('Harbour police, desk 2');
    expect(commonName('CN=Border post 7,O=Utopia Police')).toBe('Border post 7');
    expect(commonName('O=No common name')).toBe('O=No common name');
  });
});

describe('the consent screen for a zero-knowledge request', () => {
  const received: ReceivedZkRequest = { request: { nonce: new Uint8Array(32), audience: 'Bar Utopia', claims: ['age_over_18', 'nationality', 'shoe_size'], minimumAge: 18 }, requestBytes: new Uint8Array(), bindingNonce: 'AAAA', transcript };

  it('lists what can be proven; the citizen keeps the nationality out and confirms with the PIN', async () => {
    const onShare = vi.fn(async () => undefined);
    render(<ZkConsent received={received} hasCredential onShare={onShare} onDecline={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Private proof for Bar Utopia' })).toBeTruthy();
    expect(screen.getByText('The reader checks that you are at least 18.')).toBeTruthy();
    expect(screen.getByText('shoe_size: cannot be proven privately')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Nationality' }));
    fireEvent.change(screen.getByLabelText('PIN to confirm'), { target: { value: '482916' } });
    fireEvent.click(screen.getByRole('button', { name: 'Share proof' }));
    await vi.waitFor(() => expect(onShare).toHaveBeenCalledWith(['age_over_18'], '482916'));
  });

  it('without the BBS credential only Decline is offered', () => {
    const onDecline = vi.fn();
    render(<ZkConsent received={received} hasCredential={false} onShare={async () => undefined} onDecline={onDecline} />);
    expect(screen.getByRole('alert').textContent).toContain('no age and nationality credential');
    expect(screen.queryByRole('button', { name: 'Share proof' })).toBeNull();
    fireEvent.click(within(screen.getByRole('region')).getByRole('button', { name: 'Decline' }));
    expect(onDecline).toHaveBeenCalledOnce();
  });
});
