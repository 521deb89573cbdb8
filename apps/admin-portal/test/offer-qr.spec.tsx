import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import jsQR from 'jsqr';
import { afterEach, describe, expect, it } from 'vitest';
import { OfferQr, QrCode } from '../src/components/offer-qr';
import { nationalIdCredential, scriptedIdentity } from './record-fixtures';

/** A realistic OpenID4VCI 1.0 offer URI (pre-authorised code with a transaction code). */
const OFFER = {
  credential_issuer: 'http://127.0.0.1:4103',
  credential_configuration_ids: ['eu.europa.ec.eudi.pid.1'],
  grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'q7Xb1vQw0m9Jc2Hn6p3ZsK4tLrY8aUeDfGhIjKlMnOp', tx_code: { input_mode: 'numeric', length: 6, description: 'The code on the slip the official gave you' } } },
};
const OFFER_URI = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(OFFER))}`;

/**
 * Reads the QR code the way a camera would: the SVG's squares are drawn into an RGBA raster
 * (4 pixels per module, dark on white) and decoded with jsQR.
 */
function decodeSvgQr(svg: Element): string | undefined {
  const [, , width] = svg.getAttribute('viewBox')!.split(' ').map(Number) as [number, number, number, number];
  const scale = 4;
  const side = width * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const path = svg.querySelector('path')!.getAttribute('d')!;
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const offset = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4;
        pixels[offset] = pixels[offset + 1] = pixels[offset + 2] = 0;
      }
    }
  }
  return jsQR(pixels, side, side)?.data;
}

afterEach(cleanup);

describe('OfferQr', () => {
  it('creates the offer and shows it as a QR code that decodes back to the offer URI, with the transaction code apart and the expiry', async () => {
    const { identity, calls } = scriptedIdentity(() => ({ status: 200, body: { uri: OFFER_URI, txCode: '042917', expiresAt: '2026-02-01T12:00:00.000Z' } }));
    render(<OfferQr identity={identity} documentId={nationalIdCredential.id} title="National ID (wallet credential)" />);
    expect(screen.queryByRole('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create the wallet offer' }));
    const qr = await screen.findByRole('img', { name: 'QR code of the wallet offer for National ID (wallet credential)' });
    expect(decodeSvgQr(qr)).toBe(OFFER_URI);
    // The transaction code is shown beside the QR code, and is not in it.
    expect(screen.getByRole('status', { name: 'Transaction code' }).textContent).toBe('042917');
    expect(OFFER_URI).not.toContain('042917');
    expect(screen.getByText(/Valid until/).querySelector('time')!.getAttribute('datetime')).toBe('2026-02-01T12:00:00.000Z');
    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([`POST /documents/${nationalIdCredential.id}/offer`]);
    expect(screen.getByRole('button', { name: 'Make a new offer (this one stops working)' })).toBeTruthy();
  });

  it('draws a QR code that decodes to exactly the text given (so the test above is not vacuous)', () => {
    render(<QrCode text="openid-credential-offer://?credential_offer=%7B%7D" label="short" />);
    expect(decodeSvgQr(screen.getByRole('img', { name: 'short' }))).toBe('openid-credential-offer://?credential_offer=%7B%7D');
  });

  it('shows the service’s refusal, with what to do', async () => {
    const { identity } = scriptedIdentity(() => ({ status: 409, body: { code: 'DOCUMENT_NOT_VALID', detail: 'the credential is suspended', correlationId: 'c-5' } }));
    render(<OfferQr identity={identity} documentId={nationalIdCredential.id} title="National ID (wallet credential)" />);
    fireEvent.click(screen.getByRole('button', { name: 'Create the wallet offer' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The credential is suspended. Someone may have acted on it already: reload and check.');
    expect(within(alert).getByText('c-5')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});
