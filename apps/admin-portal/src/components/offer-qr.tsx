import type { IdentityClient, IdentitySchemas } from '@citizen-zero/identity-client';
import { create } from 'qrcode';
import { useId, useMemo, useState } from 'react';
import { expectData } from '../api/api-error';
import { ErrorMessage } from './async-state';
import { formatDateTime } from './record-labels';

type CredentialOffer = IdentitySchemas['CredentialOfferDto'];

/** The quiet zone around a QR code, in modules (ISO/IEC 18004 §5.3.8 asks for four). */
const QUIET_ZONE = 4;

/**
 * A QR code as an SVG: one square per dark module, on white with the quiet zone. Medium error
 * correction keeps an offer URI (several hundred characters) at a size phone cameras read easily
 * from a desk screen. Drawn as vector shapes, it stays sharp at any zoom and prints cleanly.
 */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const squares: string[] = [];
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (modules.get(row, column)) squares.push(`M${column + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
      }
    }
    return { size: modules.size + 2 * QUIET_ZONE, path: squares.join('') };
  }, [text]);
  return (
    <svg className="cz-offer-qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/**
 * The wallet credential offer of a credential that is ready for the wallet (OpenID4VCI 1.0
 * pre-authorised code flow, POST /documents/{id}/offer): the offer URI as a QR code for the
 * citizen's wallet to scan, and the transaction code shown apart from it, to be handed over
 * separately — the QR code alone cannot be redeemed. A new offer replaces the previous one.
 */
export function OfferQr(props: { readonly identity: IdentityClient; readonly documentId: string; readonly title: string }) {
  const [offer, setOffer] = useState<CredentialOffer | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const headingId = useId();

  const createOffer = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setOffer(await expectData(props.identity.POST('/documents/{id}/offer', { params: { path: { id: props.documentId } } })));
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="cz-offer" aria-labelledby={headingId}>
      <h3 id={headingId}>Wallet offer: {props.title}</h3>
      {!offer && <p>The citizen scans the offer with their wallet and enters a transaction code you give them separately. Each offer is written to the audit log.</p>}
      {busy && (
        <p role="status" aria-live="polite" className="message loading">
          Creating the offer…
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {offer && (
        <div className="cz-offer-ready">
          <QrCode text={offer.uri} label={`QR code of the wallet offer for ${props.title}`} />
          <div className="cz-offer-details">
            <p>Ask the citizen to scan this code with the Citizen Zero wallet.</p>
            <p className="cz-offer-tx">
              Transaction code{' '}
              <output aria-label="Transaction code" className="cz-offer-tx-code">
                {offer.txCode}
              </output>
            </p>
            <p>Tell the citizen this code, or hand it over on the printed slip — never in the same picture as the QR code. Five wrong tries void the offer.</p>
            <p>
              Valid until <time dateTime={offer.expiresAt}>{formatDateTime(offer.expiresAt)}</time>, or until the wallet has used it.
            </p>
            <details>
              <summary>Offer link (for a wallet on this device)</summary>
              <code className="cz-offer-uri">{offer.uri}</code>
            </details>
          </div>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => void createOffer()} disabled={busy}>
          {offer ? 'Make a new offer (this one stops working)' : 'Create the wallet offer'}
        </button>
      </div>
    </section>
  );
}
