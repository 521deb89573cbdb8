import { useCallback, useEffect, useState } from 'react';
import type { VerifiedAuthorizationRequest } from '@citizen-zero/mdoc';
import { DOCTYPE_TITLES, elementLabel } from '../credentials/held-credential';
import { commonName } from '../presentation/distinguished-name';
import { requestedElements } from '../presentation/oid4vp-presentation';
import { MIN_PIN_LENGTH } from '../storage/vault';
import type { WalletService } from '../wallet-service';
import { ErrorText, onSubmit, PinInput, Screen, useAction } from './common';
import { LinkEntry } from './link-entry';


/**
 * Online presentation (OpenID4VP 1.0, direct_post): the web site's request link (pasted, scanned or
 * given in the wallet's URL), checked before it is shown; who asks, what, and whether they keep
 * it; the citizen shares with the PIN or declines.
 */
export function OnlineScreen({ wallet, initialRequest, onDone }: { readonly wallet: WalletService; readonly initialRequest?: string; readonly onDone: () => void }) {
  const [request, setRequest] = useState<VerifiedAuthorizationRequest>();
  const [pin, setPin] = useState('');
  const [outcome, setOutcome] = useState<{ message: string; redirectUri?: string }>();
  const open = useAction();
  const answer = useAction();

  const receive = useCallback((text: string) => open.run(async () => setRequest(await wallet.receiveOnlineRequest(text))), [wallet]);
  useEffect(() => {
    if (initialRequest) void receive(initialRequest);
  }, [initialRequest, receive]);

  if (outcome) {
    return (
      <Screen title="Share online">
        <p role="status">{outcome.message}</p>
        {outcome.redirectUri && <a href={outcome.redirectUri}>Return to the web site</a>}
        <button type="button" onClick={onDone}>
          Done
        </button>
      </Screen>
    );
  }

  if (request) {
    const elements = requestedElements(request);
    const verifier = commonName(request.verifier.subject);
    const host = request.clientId.replace(/^x509_san_dns:/, '');
    return (
      <Screen title="Share online" onBack={() => setRequest(undefined)}>
        <section className="consent" aria-labelledby="consent-title">
          <h2 id="consent-title">{verifier} asks for</h2>
          <p className="reader verified" data-testid="reader-authentication">
            Verified web site: {host} — certified by {commonName(request.verifier.trustAnchorSubject)}
          </p>
          <ul className="elements-asked">
            {elements.map((element) => (
              <li key={`${element.queryId}/${element.namespace}/${element.elementIdentifier}`}>
                {DOCTYPE_TITLES[element.docType] ?? element.docType}: {elementLabel(element.elementIdentifier)}{' '}
                <span className={element.intentToRetain ? 'retain yes' : 'retain no'}>{element.intentToRetain ? 'will be kept by the site' : 'not kept'}</span>
              </li>
            ))}
          </ul>
          <p className="note">A web site receives everything it asks for or nothing: decline if you do not agree to all of it.</p>
          <form
            onSubmit={onSubmit(() =>
              void answer.run(async () => {
                await wallet.confirmPin(pin);
                const sent = await wallet.answerOnlineRequest(request);
                setOutcome({ message: `Shared with ${verifier}.`, ...(sent.redirectUri && { redirectUri: sent.redirectUri }) });
              }),
            )}
          >
            <PinInput label="PIN to confirm" value={pin} onChange={setPin} />
            <ErrorText error={answer.error} />
            <div className="actions">
              <button type="submit" disabled={answer.busy || pin.length < MIN_PIN_LENGTH}>
                {answer.busy ? 'Sharing…' : 'Share'}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={answer.busy}
                onClick={() =>
                  void answer.run(async () => {
                    await wallet.refuseOnlineRequest(request);
                    setOutcome({ message: 'You declined. The web site has been told.' });
                  })
                }
              >
                Decline
              </button>
            </div>
          </form>
        </section>
      </Screen>
    );
  }

  return (
    <Screen title="Share online" onBack={onDone}>
      <LinkEntry label="Request link" placeholder="openid4vp://…" {...(initialRequest && { initial: initialRequest })} openLabel="Open" busyLabel="Checking…" busy={open.busy} error={open.error} onOpen={(link) => void receive(link)} />
    </Screen>
  );
}
