import { useId, useMemo, useState } from 'react';
import type { ReceivedDeviceRequest, ReceivedZkRequest } from '@citizen-zero/mdoc';
import type { DisclosableClaim } from '@citizen-zero/zk-credentials';
import { DOCTYPE_TITLES, elementLabel, type HeldMdoc } from '../credentials/held-credential';
import { availableElements, choiceKey, provableClaims } from '../presentation/build-response';
import { readerDescription } from '../presentation/in-person-session';
import { MIN_PIN_LENGTH } from '../storage/vault';
import { ErrorText, onSubmit, PinInput, useAction } from './common';

const CLAIM_LABELS: Record<DisclosableClaim, string> = { age_over_18: 'Over 18', age_over_21: 'Over 21', nationality: 'Nationality' };

/**
 * A reader's DeviceRequest as the citizen decides on it: who asks (the reader authentication
 * result), each element asked with whether the reader intends to keep it, a box per element the
 * wallet holds (all ticked; untick to withhold), and the PIN to confirm.
 */
export function MdocConsent({
  received,
  credentials,
  onShare,
  onDecline,
}: {
  readonly received: ReceivedDeviceRequest;
  readonly credentials: readonly HeldMdoc[];
  readonly onShare: (chosen: ReadonlySet<string>, pin: string) => Promise<void>;
  readonly onDecline: () => void;
}) {
  const available = useMemo(() => availableElements(received, credentials), [received, credentials]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(available));
  const [pin, setPin] = useState('');
  const action = useAction();
  // Reader authentication is per DocRequest; a request whose DocRequests disagree is shown as its weakest one.
  const readers = received.docRequests.map((docRequest) => readerDescription(docRequest.readerAuthentication));
  const reader = readers.find((description) => !description.authenticated) ?? readers[0] ?? readerDescription({ status: 'absent' });
  const toggle = (key: string) => setChosen((current) => (current.has(key) ? new Set([...current].filter((entry) => entry !== key)) : new Set([...current, key])));

  return (
    <section className="consent" aria-labelledby="consent-title">
      <h2 id="consent-title">{reader.authenticated ? `${reader.name} asks for` : 'An unidentified reader asks for'}</h2>
      <p className={reader.authenticated ? 'reader verified' : 'reader unverified'} data-testid="reader-authentication">
        {reader.authenticated ? `Verified reader: ${reader.name}` : 'Not authenticated'} — {reader.detail}
      </p>
      <form onSubmit={onSubmit(() => void action.run(() => onShare(chosen, pin)))}>
        {received.docRequests.map((docRequest, index) => {
          const held = credentials.find((credential) => credential.docType === docRequest.docType);
          const title = DOCTYPE_TITLES[docRequest.docType] ?? docRequest.docType;
          const state = held?.status?.state;
          return (
            <fieldset key={`${docRequest.docType}-${index}`}>
              <legend>{title}</legend>
              {!held && <p className="note">You do not hold this credential: nothing will be sent for it.</p>}
              {(state === 'revoked' || state === 'suspended') && <p className="message error">This credential is {state}: the reader will see that from the issuer’s list.</p>}
              <ul className="elements-asked">
                {docRequest.elements.map((element) => {
                  const key = choiceKey({ docType: docRequest.docType, ...element });
                  const has = available.has(key);
                  return (
                    <li key={key}>
                      <label>
                        <input type="checkbox" checked={chosen.has(key)} disabled={!has} onChange={() => toggle(key)} /> {elementLabel(element.elementIdentifier)}
                      </label>
                      <span className={element.intentToRetain ? 'retain yes' : 'retain no'}>{element.intentToRetain ? 'will be kept by the reader' : 'not kept'}</span>
                      {!has && <span className="note"> (not in your credential)</span>}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          );
        })}
        <PinInput label="PIN to confirm" value={pin} onChange={setPin} />
        <ErrorText error={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.busy || pin.length < MIN_PIN_LENGTH}>
            {action.busy ? 'Sharing…' : `Share ${chosen.size} item${chosen.size === 1 ? '' : 's'}`}
          </button>
          <button type="button" className="secondary" disabled={action.busy} onClick={onDecline}>
            Decline
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * A request for a zero-knowledge proof (the private in-session extension): what the reader wants
 * to learn, a box per claim the BBS credential can prove, and the PIN to confirm.
 */
export function ZkConsent({
  received,
  hasCredential,
  onShare,
  onDecline,
}: {
  readonly received: ReceivedZkRequest;
  readonly hasCredential: boolean;
  readonly onShare: (disclose: readonly DisclosableClaim[], pin: string) => Promise<void>;
  readonly onDecline: () => void;
}) {
  const { provable, unknown } = provableClaims(received);
  const [chosen, setChosen] = useState<readonly DisclosableClaim[]>(provable);
  const [pin, setPin] = useState('');
  const action = useAction();
  const descriptionId = useId();
  const { audience, minimumAge } = received.request;
  const toggle = (claim: DisclosableClaim) => setChosen((current) => (current.includes(claim) ? current.filter((entry) => entry !== claim) : [...current, claim]));
  return (
    <section className="consent" aria-labelledby="consent-title">
      <h2 id="consent-title">Private proof for {audience}</h2>
      <p id={descriptionId} data-testid="reader-authentication" className="reader unverified">
        Not authenticated — the reader names itself “{audience}”. A private proof shows only what you tick (and until when your credential is valid); it cannot be linked to your other proofs.
      </p>
      {minimumAge !== undefined && <p>The reader checks that you are at least {minimumAge}.</p>}
      {!hasCredential ? (
        <>
          <p role="alert">Your wallet has no age and nationality credential for private proofs.</p>
          <button type="button" className="secondary" onClick={onDecline}>
            Decline
          </button>
        </>
      ) : (
        <form aria-describedby={descriptionId} onSubmit={onSubmit(() => void action.run(() => onShare(chosen, pin)))}>
          <fieldset>
            <legend>Prove</legend>
            <ul className="elements-asked">
              {provable.map((claim) => (
                <li key={claim}>
                  <label>
                    <input type="checkbox" checked={chosen.includes(claim)} onChange={() => toggle(claim)} /> {CLAIM_LABELS[claim]}
                  </label>
                </li>
              ))}
              {unknown.map((claim) => (
                <li key={claim} className="note">
                  {claim}: cannot be proven privately
                </li>
              ))}
            </ul>
          </fieldset>
          <PinInput label="PIN to confirm" value={pin} onChange={setPin} />
          <ErrorText error={action.error} />
          <div className="actions">
            <button type="submit" disabled={action.busy || chosen.length === 0 || pin.length < MIN_PIN_LENGTH}>
              {action.busy ? 'Proving…' : 'Share proof'}
            </button>
            <button type="button" className="secondary" disabled={action.busy} onClick={onDecline}>
              Decline
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
