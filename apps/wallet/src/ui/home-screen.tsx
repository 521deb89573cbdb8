import { useEffect, useState } from 'react';
import { credentialTitle, displayedElements, parseHeldIssuerSigned, type CredentialStatusRecord, type HeldCredential, type HeldMdoc, type HeldZkCredential } from '../credentials/held-credential';
import type { WalletService } from '../wallet-service';
import { ErrorText, useAction } from './common';

export type HomeAction = 'add' | 'present' | 'online' | 'settings';

/** The citizen's credentials as cards, and the ways to use them. */
export function HomeScreen({ wallet, onNavigate }: { readonly wallet: WalletService; readonly onNavigate: (action: HomeAction) => void }) {
  const [credentials, setCredentials] = useState<HeldCredential[]>();
  // Busy (aria-busy) from the first render until the cards and their status check are in.
  const [settled, setSettled] = useState(false);
  const load = useAction();
  const refresh = useAction();

  const checkStatus = () => refresh.run(async () => setCredentials(await wallet.refreshStatuses()));
  useEffect(() => {
    // The stored cards at once; then, when online, their status from the issuer's list.
    void load
      .run(async () => {
        setCredentials(await wallet.credentials());
        if (navigator.onLine) await checkStatus();
      })
      .finally(() => setSettled(true));
  }, [wallet]);

  return (
    <main id="main" aria-busy={!settled || refresh.busy}>
      <header className="home-header">
        <h1>Your credentials</h1>
        <nav aria-label="Wallet" className="actions">
          <button type="button" onClick={() => onNavigate('present')}>
            Show in person
          </button>
          <button type="button" className="secondary" onClick={() => onNavigate('online')}>
            Share online
          </button>
          <button type="button" className="secondary" onClick={() => onNavigate('add')}>
            Add a credential
          </button>
          <button type="button" className="secondary" onClick={() => onNavigate('settings')}>
            Settings
          </button>
          <button type="button" className="secondary" onClick={() => wallet.lock()}>
            Lock
          </button>
        </nav>
      </header>
      <ErrorText error={load.error} />
      {credentials === undefined && !load.error && <p>Opening your credentials…</p>}
      {credentials?.length === 0 && (
        <div className="empty">
          <p>Your wallet is empty. When an official issues you a driving licence or national ID, they give you a QR code or a link and a code: choose “Add a credential”.</p>
        </div>
      )}
      {credentials && credentials.length > 0 && (
        <>
          <div className="cards">
            {credentials.map((credential) => (credential.kind === 'mdoc' ? <MdocCard key={credential.id} credential={credential} /> : <ZkCard key={credential.id} credential={credential} />))}
          </div>
          <p className="status-line">
            <button type="button" className="secondary" disabled={refresh.busy} onClick={() => void checkStatus()}>
              {refresh.busy ? 'Checking…' : 'Check status now'}
            </button>
          </p>
          <ErrorText error={refresh.error} />
        </>
      )}
    </main>
  );
}

const STATUS_TEXT: Record<CredentialStatusRecord['state'], string> = { valid: 'Valid', suspended: 'Suspended', revoked: 'Revoked', unknown: 'Status unknown' };

export function MdocCard({ credential }: { readonly credential: HeldMdoc }) {
  const issuerSigned = parseHeldIssuerSigned(credential);
  const elements = displayedElements(issuerSigned);
  const portrait = elements.find((element) => element.identifier === 'portrait');
  const text = (identifier: string) => elements.find((element) => element.identifier === identifier)?.text;
  const name = [text('given_name'), text('family_name')].filter(Boolean).join(' ');
  const { validFrom, validUntil } = issuerSigned.mso.validityInfo;
  const now = Date.now();
  const validity = now < validFrom.getTime() ? 'not yet valid' : now > validUntil.getTime() ? 'expired' : 'within validity';
  const status = credential.status ?? { state: 'unknown' as const };
  const title = credentialTitle(credential);
  return (
    <article className={`card credential status-${status.state}`} aria-label={title}>
      <header>
        <h2>{title}</h2>
        <span className={`badge badge-${status.state}`} data-testid="credential-status">
          {STATUS_TEXT[status.state]}
        </span>
      </header>
      <div className="card-body">
        {portrait?.image && <img className="portrait" src={portrait.image} alt="Portrait" />}
        <dl className="summary">
          {name && (
            <div>
              <dt>Name</dt>
              <dd data-testid="holder-name">{name}</dd>
            </div>
          )}
          {text('document_number') && (
            <div>
              <dt>Document number</dt>
              <dd>{text('document_number')}</dd>
            </div>
          )}
          <div>
            <dt>Valid</dt>
            <dd data-testid="validity">
              {formatDate(validFrom)} to {formatDate(validUntil)} ({validity})
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd data-testid="status-checked">
              {status.checkedAt ? `checked ${new Date(status.checkedAt).toLocaleString()}` : 'never checked'}
              {status.stale && ' (the issuer’s list is out of date)'}
              {status.problem && ` — ${status.problem}`}
            </dd>
          </div>
        </dl>
      </div>
      <details>
        <summary>All data ({elements.length} items)</summary>
        <dl className="elements">
          {elements
            .filter((element) => element.text !== undefined)
            .map((element) => (
              <div key={`${element.namespace}/${element.identifier}`}>
                <dt>{element.label}</dt>
                <dd>{element.text}</dd>
              </div>
            ))}
        </dl>
      </details>
    </article>
  );
}

export function ZkCard({ credential }: { readonly credential: HeldZkCredential }) {
  const { claims } = credential.credential;
  const title = credentialTitle(credential);
  return (
    <article className="card credential zk" aria-label={title}>
      <header>
        <h2>{title}</h2>
        <span className="badge badge-valid">Private</span>
      </header>
      <p>Proves your age or nationality without showing anything else; each proof is new, so verifiers cannot link them.</p>
      <dl className="summary">
        <div>
          <dt>Over 18</dt>
          <dd>{claims.age_over_18 ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Over 21</dt>
          <dd>{claims.age_over_21 ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Nationality</dt>
          <dd>{claims.nationality}</dd>
        </div>
        <div>
          <dt>Valid</dt>
          <dd>through {claims.valid_until}</dd>
        </div>
      </dl>
    </article>
  );
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
