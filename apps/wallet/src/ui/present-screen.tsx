import { useEffect, useRef, useState } from 'react';
import type { SessionEnd } from '@citizen-zero/mdoc';
import type { HeldCredential, HeldMdoc, HeldZkCredential } from '../credentials/held-credential';
import { buildDeviceResponse, buildZkResponse } from '../presentation/build-response';
import { readerDescription, type InPersonSession, type PendingRequest } from '../presentation/in-person-session';
import type { WalletService } from '../wallet-service';
import { ErrorText, QrCode, Screen } from './common';
import { MdocConsent, ZkConsent } from './consent';

/**
 * In-person presentation: the device engagement QR code for the verifier to scan, then each of
 * its requests for the citizen to decide on. The session (and its ephemeral key) ends when the
 * citizen leaves this screen or the verifier ends it.
 */
export function PresentScreen({ wallet, onDone }: { readonly wallet: WalletService; readonly onDone: () => void }) {
  const [session, setSession] = useState<InPersonSession>();
  const [pending, setPending] = useState<PendingRequest[]>([]);
  const [credentials, setCredentials] = useState<HeldCredential[]>([]);
  const [shared, setShared] = useState<string>();
  const [ended, setEnded] = useState<SessionEnd>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  // How many requests were answered: a new consent form (fresh choices and PIN) for each.
  const [handled, setHandled] = useState(0);
  const current = useRef<InPersonSession>();

  useEffect(() => {
    let active = true;
    setEnded(undefined);
    setPending([]);
    setShared(undefined);
    void (async () => {
      try {
        setCredentials(await wallet.credentials());
        const started = await wallet.startInPerson({
          onRequest: (request) => active && setPending((queue) => [...queue, request]),
          onEnd: (end) => active && setEnded(end),
        });
        if (!active) {
          await started.close();
          return;
        }
        current.current = started;
        setSession(started);
      } catch (caught) {
        if (active) setError(caught);
      }
    })();
    return () => {
      active = false;
      void current.current?.close();
      current.current = undefined;
    };
  }, [wallet, generation]);

  const request = pending[0];
  const answered = (message: string) => {
    setShared(message);
    setHandled((count) => count + 1);
    setPending((queue) => queue.slice(1));
  };
  const mdocs = credentials.filter((credential): credential is HeldMdoc => credential.kind === 'mdoc');
  const zk = credentials.find((credential): credential is HeldZkCredential => credential.kind === 'zk');

  return (
    <Screen title="Show in person" onBack={onDone}>
      <ErrorText error={error} />
      {ended && (
        <div role="status" className="session-ended">
          {/* What was shared stays said: a verifier usually ends the session as soon as it has the answer. */}
          {shared && <p data-testid="presentation-status">{shared}</p>}
          <p>{ended.reason === 'terminated' ? 'The verifier ended the session.' : `The session ended: ${ended.error.message}.`}</p>
          <div className="actions">
            <button type="button" onClick={() => setGeneration((value) => value + 1)}>
              Show a new code
            </button>
            <button type="button" className="secondary" onClick={onDone}>
              Done
            </button>
          </div>
        </div>
      )}
      {!ended && request?.kind === 'mdoc' && (
        <MdocConsent
          key={handled}
          received={request.received}
          credentials={mdocs}
          onShare={async (chosen, pin) => {
            await wallet.confirmPin(pin);
            request.respond(await buildDeviceResponse({ received: request.received, credentials: mdocs, chosen, signerFor: (credential) => wallet.signerFor(credential) }));
            const reader = readerDescription(request.received.docRequests[0]?.readerAuthentication ?? { status: 'absent' });
            answered(`Shared ${chosen.size} item${chosen.size === 1 ? '' : 's'} with ${reader.authenticated ? reader.name : 'the reader'}.`);
          }}
          onDecline={() => {
            request.decline();
            answered('You declined the request.');
          }}
        />
      )}
      {!ended && request?.kind === 'zk' && (
        <ZkConsent
          key={handled}
          received={request.received}
          hasCredential={zk !== undefined}
          onShare={async (disclose, pin) => {
            await wallet.confirmPin(pin);
            request.respond(await buildZkResponse({ received: request.received, credential: zk!.credential, disclose }));
            answered(`Shared a private proof with ${request.received.request.audience}.`);
          }}
          onDecline={() => {
            if (zk) request.decline();
            else request.respond({ error: 'no credential' });
            answered('You declined the request.');
          }}
        />
      )}
      {!ended && !request && session && (
        <div className="engagement">
          <p>Let the verifier scan this code. You will see what they ask for before anything is shared.</p>
          <QrCode text={session.qrText} label="Presentation QR code" />
          <p role="status" data-testid="presentation-status">
            {shared ?? 'Waiting for the verifier…'}
          </p>
          <button type="button" className="secondary" onClick={onDone}>
            Finish
          </button>
        </div>
      )}
      {!ended && !session && !error && <p>Preparing a one-time code…</p>}
    </Screen>
  );
}
