import { useCallback, useEffect, useId, useState } from 'react';
import { credentialTitle } from '../credentials/held-credential';
import type { CredentialOffer } from '../issuance/credential-offer';
import type { ClaimResult } from '../issuance/oid4vci-client';
import type { WalletService } from '../wallet-service';
import { ErrorText, onSubmit, Screen, useAction } from './common';
import { LinkEntry } from './link-entry';

interface ResolvedOffer {
  readonly offer: CredentialOffer;
  readonly issuerName: string;
  readonly credentials: string[];
}

/**
 * Claiming a credential from a one-time offer (OpenID4VCI): the link (pasted, scanned, or given in
 * the wallet's URL), then who issues what, then the transaction code from the official's slip.
 */
export function AddCredentialScreen({ wallet, initialOffer, onDone }: { readonly wallet: WalletService; readonly initialOffer?: string; readonly onDone: () => void }) {
  const [resolved, setResolved] = useState<ResolvedOffer>();
  const [txCode, setTxCode] = useState('');
  const [result, setResult] = useState<ClaimResult>();
  const open = useAction();
  const claim = useAction();
  const codeId = useId();
  const codeHelpId = useId();

  const resolve = useCallback((text: string) => open.run(async () => setResolved(await wallet.resolveOffer(text))), [wallet]);
  useEffect(() => {
    if (initialOffer) void resolve(initialOffer);
  }, [initialOffer, resolve]);

  if (result) {
    return (
      <Screen title="Credential added">
        <p role="status">
          Added to your wallet: {result.credentials.map(credentialTitle).join(', ') || 'nothing'}.
        </p>
        {result.skipped.length > 0 && (
          <ul>
            {result.skipped.map((skipped) => (
              <li key={skipped.configurationId}>
                Not added: {skipped.configurationId} — {skipped.reason}
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={onDone}>
          Done
        </button>
      </Screen>
    );
  }

  if (resolved) {
    const spec = resolved.offer.txCode;
    return (
      <Screen title="Add a credential" onBack={() => setResolved(undefined)}>
        <p data-testid="offer-issuer">
          From <strong>{resolved.issuerName}</strong> ({new URL(resolved.offer.credentialIssuer).host}): {resolved.credentials.join(', ')}.
        </p>
        <form onSubmit={onSubmit(() => void claim.run(async () => setResult(await wallet.claim(resolved.offer, txCode))))}>
          {spec && (
            <div className="field">
              <label htmlFor={codeId}>Transaction code</label>
              <input id={codeId} aria-describedby={codeHelpId} inputMode={spec.inputMode === 'numeric' ? 'numeric' : 'text'} autoComplete="one-time-code" maxLength={spec.length ?? 64} value={txCode} onChange={(event) => setTxCode(event.target.value.trim())} />
              <small id={codeHelpId}>{spec.description ?? 'The code the official gave you separately.'}</small>
            </div>
          )}
          <p className="note">A new key is made for this credential on this device; it never leaves it. The credential is checked and stored encrypted.</p>
          <ErrorText error={claim.error} />
          <button type="submit" disabled={claim.busy || (spec !== undefined && txCode.length === 0)}>
            {claim.busy ? 'Adding…' : 'Add to wallet'}
          </button>
        </form>
      </Screen>
    );
  }

  return (
    <Screen title="Add a credential" onBack={onDone}>
      <LinkEntry label="Offer link" placeholder="openid-credential-offer://…" {...(initialOffer && { initial: initialOffer })} openLabel="Continue" busyLabel="Reading…" busy={open.busy} error={open.error} onOpen={(link) => void resolve(link)} />
    </Screen>
  );
}
