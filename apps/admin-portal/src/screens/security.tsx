import type { IdentitySchemas } from '@citizen-zero/identity-client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, expectData } from '../api/api-error';
import type { MonitorAlert } from '../api/monitor-api';
import type { ServiceClient } from '../api/service-client';
import { RETIREMENT_REASON_LABELS, RETIREMENT_REASONS, type RetirementReason, TRUSTED_DOC_TYPES, type TrustAnchor, type TrustListSigner } from '../api/verification-api';
import { type AsyncState, AsyncView, ErrorMessage, useAsync } from '../components/async-state';
import { EXPIRY_THRESHOLDS_DAYS, ExpiryBadge, expiryOf } from '../components/certificate-expiry';
import { formatDate, formatInstant } from '../components/instant-format';
import type { ScreenProps } from './screen-props';

type KeyInventory = IdentitySchemas['KeyInventoryDto'];
type InventoryKey = KeyInventory['keys'][number];

/** The largest PEM the verification service takes (its DTO's limit). */
const MAX_PEM_CHARACTERS = 20_000;

const PURPOSE_LABELS: Readonly<Record<string, string>> = {
  'mdoc-signer': 'signs mobile credentials (document signer)',
  'status-list-signer': 'signs the status list',
  'seal-signer': 'signs printed documents’ seals',
  'record-encryption-current': 'wraps new records’ data keys (current KEK)',
  'record-encryption-previous': 'wraps older records’ data keys (previous KEK)',
  'blind-index': 'computes the search blind indexes (HMAC)',
};

function keyTypeText(key: InventoryKey): string {
  if (key.keyType === 'EC') return `EC ${key.curve ?? ''}`.trim();
  if (key.keyType === 'AES') return `AES-${key.bits ?? '?'}`;
  if (key.keyType === 'GENERIC_SECRET') return `HMAC secret${key.bits ? ` (${key.bits} bits)` : ''}`;
  return key.keyType;
}

function purposeText(key: InventoryKey, trustListSignerKey: string | undefined) {
  const purposes = key.purposes.map((purpose) => PURPOSE_LABELS[purpose] ?? purpose);
  // The verification service names its VICAL signing key (GET /trust/signer); the token is shared.
  if (trustListSignerKey !== undefined && key.label === trustListSignerKey) purposes.push('signs the published trust list (verification service)');
  return purposes.length > 0 ? purposes.join('; ') : <span className="figure-note">not used by the identity service</span>;
}

/** One certificate the screen knows of, from whichever service holds it. */
interface KnownCertificate {
  readonly what: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly fingerprint: string;
}

/**
 * The security officers' screen: the HSM keys and signing certificates (read only), when each
 * certificate expires (with the monitor's expiry alerts), and the verification service's trust
 * list of IACA certificates, which they manage.
 */
export function Security({ apis }: ScreenProps) {
  const { identity, verification, monitor } = apis;
  const [inventory, reloadInventory] = useAsync<KeyInventory>(() => expectData(identity.GET('/keys')));
  const [signer, reloadSigner] = useAsync<TrustListSigner>(() => verification.get<TrustListSigner>('/trust/signer'));
  const [showRetired, setShowRetired] = useState(false);
  const [anchors, reloadAnchors] = useAsyncKeyed<TrustAnchor[]>(() => verification.get<TrustAnchor[]>('/trust/iacas', { includeRetired: showRetired }), showRetired);
  const [alerts, reloadAlerts] = useAsync<MonitorAlert[]>(() => monitor.get<MonitorAlert[]>('/alerts', { state: 'open', rule: 'certificate-expiring' }));

  return (
    <section aria-labelledby="security-title" className="security">
      <h1 id="security-title">Security</h1>
      <nav aria-label="On this page" className="in-page">
        <a href="#expiry-title">Certificate expiry</a> · <a href="#keys-title">HSM keys</a> · <a href="#certificates-title">Signing certificates</a> · <a href="#trust-title">Trust list</a>
      </nav>
      <ExpiryOverview inventory={inventory} signer={signer} anchors={anchors} alerts={alerts} onRetryAlerts={reloadAlerts} />
      <KeysSection inventory={inventory} trustListSignerKey={signer.status === 'ready' ? signer.value.keyLabel : undefined} onRetry={reloadInventory} />
      <CertificatesSection inventory={inventory} signer={signer} onRetry={() => (reloadInventory(), reloadSigner())} />
      <TrustList verification={verification} anchors={anchors} reload={reloadAnchors} showRetired={showRetired} setShowRetired={setShowRetired} />
    </section>
  );
}

/** useAsync that also loads again when `key` changes. */
function useAsyncKeyed<T>(load: () => Promise<T>, key: unknown): [AsyncState<T>, () => void] {
  const [state, reload] = useAsync(load);
  const loadedFor = useRef(key);
  useEffect(() => {
    if (loadedFor.current === key) return;
    loadedFor.current = key;
    reload();
  }, [key, reload]);
  return [state, reload];
}

function ExpiryOverview(props: { readonly inventory: AsyncState<KeyInventory>; readonly signer: AsyncState<TrustListSigner>; readonly anchors: AsyncState<TrustAnchor[]>; readonly alerts: AsyncState<MonitorAlert[]>; readonly onRetryAlerts: () => void }) {
  const certificates: KnownCertificate[] = [];
  if (props.inventory.status === 'ready') {
    for (const certificate of props.inventory.value.certificates) {
      certificates.push({ what: `${certificate.purpose === 'seal-signer' ? 'Seal signer' : 'Document signer'} “${certificate.keyLabel}”${certificate.chainIndex > 0 ? ' (chain)' : ''}`, subject: certificate.subject, notAfter: certificate.notAfter, fingerprint: certificate.sha256Fingerprint });
    }
  }
  if (props.signer.status === 'ready') for (const certificate of props.signer.value.certificates) certificates.push({ what: `Trust-list signer “${props.signer.value.keyLabel ?? ''}”`, subject: certificate.subject, notAfter: certificate.notAfter, fingerprint: certificate.sha256Fingerprint });
  if (props.anchors.status === 'ready') for (const anchor of props.anchors.value.filter((item) => !item.retiredAt)) certificates.push({ what: `Trusted IACA (${anchor.country || '—'})`, subject: anchor.subject, notAfter: anchor.notAfter, fingerprint: anchor.fingerprint });
  const unique = [...new Map(certificates.map((certificate) => [`${certificate.what}\u0000${certificate.fingerprint}`, certificate])).values()].sort((a, b) => a.notAfter.localeCompare(b.notAfter));
  const due = unique.filter((certificate) => expiryOf(certificate.notAfter).level !== 'ok');
  const loading = [props.inventory, props.signer, props.anchors].some((state) => state.status === 'loading');
  return (
    <article className="card" aria-labelledby="expiry-title">
      <h2 id="expiry-title">Certificate expiry</h2>
      <p className="figure-note">Warnings at {EXPIRY_THRESHOLDS_DAYS.join(', ')} days before a certificate’s end of validity, as the monitor raises its alerts.</p>
      {loading ? (
        <p role="status" className="message loading">
          Loading certificates…
        </p>
      ) : (
        <p data-testid="expiry-summary" className={due.length > 0 ? 'message warning' : 'message success'}>
          {due.length === 0 ? `None of the ${unique.length} certificates shown here expires within ${EXPIRY_THRESHOLDS_DAYS[0]} days.` : `${due.length} of ${unique.length} certificates expire within ${EXPIRY_THRESHOLDS_DAYS[0]} days or have expired: plan their renewal.`}
        </p>
      )}
      {unique.length > 0 && (
        <div className="table-scroll">
          <table className="results compact">
            <caption>Certificates by end of validity</caption>
            <thead>
              <tr>
                <th scope="col">Certificate</th>
                <th scope="col">Subject</th>
                <th scope="col">Valid until</th>
                <th scope="col">Expiry</th>
              </tr>
            </thead>
            <tbody>
              {unique.map((certificate) => (
                <tr key={`${certificate.what}-${certificate.fingerprint}`}>
                  <td>{certificate.what}</td>
                  <td>{certificate.subject}</td>
                  <td>{formatDate(certificate.notAfter)}</td>
                  <td>
                    <ExpiryBadge notAfter={certificate.notAfter} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Monitor alerts</h3>
      <p className="figure-note">The monitor also watches the key ceremony’s certificate files and the published trust list.</p>
      <AsyncView state={props.alerts} label="the monitor’s certificate alerts" onRetry={props.onRetryAlerts} isEmpty={(value) => value.length === 0} empty="No open certificate expiry alert.">
        {(value) => (
          <ul className="alerts" aria-label="Certificate expiry alerts">
            {value.map((alert) => (
              <li key={alert.id} className={`alert severity-${alert.severity}`}>
                <span className={`severity severity-${alert.severity}`}>{alert.severity}</span> {alert.summary}
                <span className="figure-note"> · since {formatInstant(alert.openedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </article>
  );
}

function KeysSection({ inventory, trustListSignerKey, onRetry }: { readonly inventory: AsyncState<KeyInventory>; readonly trustListSignerKey: string | undefined; readonly onRetry: () => void }) {
  return (
    <article className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">HSM keys</h2>
      <p className="figure-note">Read only. Keys are created and retired in the key ceremony with the cz console; nothing here can read, export or change a key.</p>
      <AsyncView state={inventory} label="the key inventory" onRetry={onRetry} isEmpty={(value) => value.keys.length === 0} empty="The token holds no key.">
        {(value) => (
          <div className="table-scroll">
            <table className="results compact">
              <caption>
                Keys on token <code>{value.tokenLabel}</code>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Type</th>
                  <th scope="col">Purpose</th>
                  <th scope="col">Protection</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                {value.keys.map((key) => (
                  <tr key={`${key.label}-${key.id}`} data-testid={`key-${key.label}`}>
                    <th scope="row">{key.label}</th>
                    <td>
                      {keyTypeText(key)}
                      <span className="figure-note"> ({key.objects.join(' + ')})</span>
                    </td>
                    <td>{purposeText(key, trustListSignerKey)}</td>
                    <td className={key.sensitive && !key.extractable ? 'ok' : 'bad'}>{key.sensitive && !key.extractable ? 'sensitive, not extractable' : `${key.sensitive ? 'sensitive' : 'NOT sensitive'}, ${key.extractable ? 'EXTRACTABLE' : 'not extractable'}`}</td>
                    <td>{key.records ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </article>
  );
}

function CertificatesSection({ inventory, signer, onRetry }: { readonly inventory: AsyncState<KeyInventory>; readonly signer: AsyncState<TrustListSigner>; readonly onRetry: () => void }) {
  return (
    <article className="card" aria-labelledby="certificates-title">
      <h2 id="certificates-title">Signing certificates</h2>
      <AsyncView state={inventory} label="the signing certificates" onRetry={onRetry}>
        {(value) => (
          <div className="table-scroll">
            <table className="results compact">
              <caption>Identity service</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Issuer</th>
                  <th scope="col">Valid</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {value.certificates.map((certificate) => (
                  <tr key={`${certificate.keyLabel}-${certificate.purpose}-${certificate.chainIndex}`}>
                    <th scope="row">
                      {certificate.keyLabel}
                      <span className="figure-note"> {certificate.purpose === 'seal-signer' ? 'seal signer' : 'document signer'}{certificate.chainIndex > 0 ? `, chain ${certificate.chainIndex}` : ''}</span>
                    </th>
                    <td>{certificate.subject}</td>
                    <td>{certificate.issuer}</td>
                    <td>
                      {formatDate(certificate.notBefore)} – {formatDate(certificate.notAfter)} <ExpiryBadge notAfter={certificate.notAfter} />
                    </td>
                    <td>
                      <code className="hash">{certificate.sha256Fingerprint}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
      <AsyncView state={signer} label="the trust-list signer" onRetry={onRetry}>
        {(value) =>
          value.configured ? (
            <div className="table-scroll">
              <table className="results compact">
                <caption>Verification service: trust-list (VICAL) signer, key “{value.keyLabel}”</caption>
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">Issuer</th>
                    <th scope="col">Valid</th>
                    <th scope="col">SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {value.certificates.map((certificate) => (
                    <tr key={certificate.sha256Fingerprint}>
                      <td>{certificate.subject}</td>
                      <td>{certificate.issuer}</td>
                      <td>
                        {formatDate(certificate.notBefore)} – {formatDate(certificate.notAfter)} <ExpiryBadge notAfter={certificate.notAfter} />
                      </td>
                      <td>
                        <code className="hash">{certificate.sha256Fingerprint}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="figure-note">The verification service does not sign its trust list (no VICAL signer configured).</p>
          )
        }
      </AsyncView>
    </article>
  );
}

/** A chosen file's text (FileReader: in every browser, and in jsdom, which lacks Blob.text). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** The PEM certificate blocks in a file's text. */
function pemCertificateCount(text: string): number {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).length;
}

/** What is wrong with the chosen file before it is sent, in words that say what to do; undefined when it looks like one PEM certificate. */
export function checkPemFile(file: { readonly name: string; readonly size: number } | undefined, text: string | undefined): string | undefined {
  if (!file || text === undefined) return 'Choose the IACA certificate’s PEM file.';
  if (text.length > MAX_PEM_CHARACTERS) return `“${file.name}” is larger than a certificate (${file.size} bytes): choose the IACA’s PEM certificate file.`;
  const count = pemCertificateCount(text);
  if (count === 0) return `“${file.name}” holds no PEM certificate (a “-----BEGIN CERTIFICATE-----” block). If it is a binary DER file, convert it first: openssl x509 -inform der -in ${file.name} -out iaca.pem`;
  if (count > 1) return `“${file.name}” holds ${count} certificates: add one IACA certificate at a time.`;
  return undefined;
}

/** The service's IACA profile findings ("…Annex B.1.2): CODE: message; CODE: message") as a list, when the message has that form. */
function profileFindings(error: Error): string[] {
  if (!(error instanceof ApiError) || error.code !== 'TRUST_ANCHOR_INVALID') return [];
  const start = error.message.indexOf('): ');
  return start < 0 ? [] : error.message.slice(start + 3).replace(/\.$/, '').split('; ');
}

function TrustList(props: { readonly verification: ServiceClient; readonly anchors: AsyncState<TrustAnchor[]>; readonly reload: () => void; readonly showRetired: boolean; readonly setShowRetired: (value: boolean) => void }) {
  const [notice, setNotice] = useState<string | undefined>();
  return (
    <article className="card" aria-labelledby="trust-title">
      <h2 id="trust-title">Trust list (IACA certificates)</h2>
      <p className="figure-note">
        The issuing authorities’ root certificates relying parties trust; published at /trust/bundle.pem and, signed, at /trust/bundle.vical. Verifiers pick up a change at their next trust-list refresh.
      </p>
      <p role="status" className="message success">
        {notice}
      </p>
      <AddTrustAnchor
        verification={props.verification}
        onAdded={(anchor) => {
          setNotice(`Added “${anchor.subject}” to the trust list.`);
          props.reload();
        }}
      />
      <label className="inline-check">
        <input type="checkbox" checked={props.showRetired} onChange={(event) => props.setShowRetired(event.target.checked)} /> Show removed certificates
      </label>
      <AsyncView state={props.anchors} label="the trust list" onRetry={props.reload} isEmpty={(value) => value.length === 0} empty="The trust list is empty: relying parties trust no issuing authority. Add the IACA certificates of the authorities whose documents are accepted.">
        {(value) => (
          <ul className="trust-anchors" aria-label="Trusted IACA certificates">
            {value.map((anchor) => (
              <TrustAnchorItem
                key={anchor.id}
                anchor={anchor}
                verification={props.verification}
                onRetired={(reason) => {
                  setNotice(`Removed “${anchor.subject}” from the trust list (${reason}).`);
                  props.reload();
                }}
              />
            ))}
          </ul>
        )}
      </AsyncView>
    </article>
  );
}

function AddTrustAnchor({ verification, onAdded }: { readonly verification: ServiceClient; readonly onAdded: (anchor: TrustAnchor) => void }) {
  const ids = useId();
  const [docTypes, setDocTypes] = useState<readonly string[]>(TRUSTED_DOC_TYPES.map((type) => type.docType));
  const [problem, setProblem] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const file = fileInput.current?.files?.[0];
    const text = file ? await readText(file) : undefined;
    const invalid = checkPemFile(file, text) ?? (docTypes.length === 0 ? 'Choose at least one document type the IACA is trusted for.' : undefined);
    setProblem(invalid);
    if (invalid) {
      fileInput.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const added = await verification.post<TrustAnchor>('/trust/iacas', { pem: text, docTypes });
      setFormKey((count) => count + 1);
      onAdded(added);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };
  const findings = failure ? profileFindings(failure) : [];
  return (
    <form key={formKey} onSubmit={(event) => void submit(event)} aria-labelledby={`${ids}-title`} noValidate className="add-anchor">
      <h3 id={`${ids}-title`}>Add an IACA certificate</h3>
      <div className="field">
        <label htmlFor={`${ids}-file`}>IACA certificate (PEM file)</label>
        <input id={`${ids}-file`} ref={fileInput} type="file" accept=".pem,.crt,.cer,application/x-pem-file" aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${ids}-problem` : `${ids}-hint`} onChange={() => setProblem(undefined)} />
        <span id={`${ids}-hint`} className="figure-note">
          It is checked against the IACA profile of ISO/IEC 18013-5 Annex B before it is trusted.
        </span>
      </div>
      <fieldset>
        <legend>Trusted for</legend>
        {TRUSTED_DOC_TYPES.map((type) => (
          <label key={type.docType}>
            <input type="checkbox" checked={docTypes.includes(type.docType)} onChange={(event) => setDocTypes((current) => (event.target.checked ? [...current, type.docType] : current.filter((item) => item !== type.docType)))} /> {type.label}
          </label>
        ))}
      </fieldset>
      {problem && (
        <p id={`${ids}-problem`} role="alert" className="message error">
          {problem}
        </p>
      )}
      {failure && (
        <div role="alert" className="message error">
          {findings.length > 0 ? (
            <>
              <p>The verification service refused this certificate: it does not meet the IACA profile (ISO/IEC 18013-5 Annex B.1.2).</p>
              <ul>
                {findings.map((finding) => (
                  <li key={finding}>{finding}</li>
                ))}
              </ul>
              <p>Ask the issuing authority for its IACA root certificate (a self-signed CA certificate with the Annex B extensions), not a document signer’s.</p>
            </>
          ) : (
            <p>{failure.message}</p>
          )}
          {failure instanceof ApiError && failure.correlationId && (
            <p className="reference">
              Reference: <code>{failure.correlationId}</code>
            </p>
          )}
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add to the trust list'}
        </button>
      </div>
    </form>
  );
}

function TrustAnchorItem({ anchor, verification, onRetired }: { readonly anchor: TrustAnchor; readonly verification: ServiceClient; readonly onRetired: (reason: RetirementReason) => void }) {
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState<RetirementReason | ''>('');
  const [problem, setProblem] = useState<string | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const reasonSelect = useRef<HTMLSelectElement>(null);

  const retire = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason) {
      setProblem('Choose why the certificate is removed: it is recorded with the removal.');
      reasonSelect.current?.focus();
      return;
    }
    setProblem(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      await verification.post<void>(`/trust/iacas/${encodeURIComponent(anchor.id)}/retirement`, { reason });
      onRetired(reason);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      setBusy(false);
    }
  };
  return (
    <li className={`trust-anchor${anchor.retiredAt ? ' retired' : ''}`} aria-label={anchor.subject}>
      <div className="anchor-summary">
        <strong>{anchor.subject}</strong>
        {anchor.retiredAt ? <span className="state">removed</span> : <ExpiryBadge notAfter={anchor.notAfter} />}
      </div>
      <dl className="anchor-facts">
        <div>
          <dt>Valid</dt>
          <dd>
            {formatDate(anchor.notBefore)} – {formatDate(anchor.notAfter)}
          </dd>
        </div>
        <div>
          <dt>Trusted for</dt>
          <dd>{anchor.docTypes.join(', ')}</dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>
            {formatInstant(anchor.addedAt)} by {anchor.addedBy}
          </dd>
        </div>
        {anchor.retiredAt && (
          <div>
            <dt>Removed</dt>
            <dd>
              {formatInstant(anchor.retiredAt)} by {anchor.retiredBy} ({anchor.retirementReason})
            </dd>
          </div>
        )}
        <div>
          <dt>SHA-256</dt>
          <dd>
            <code className="hash">{anchor.fingerprint}</code>
          </dd>
        </div>
      </dl>
      {!anchor.retiredAt &&
        (confirming ? (
          <form onSubmit={(event) => void retire(event)} className="decision" aria-label={`Remove ${anchor.subject}`} noValidate>
            <div className="field">
              <label htmlFor={`${ids}-reason`}>Reason for removal</label>
              <select id={`${ids}-reason`} ref={reasonSelect} value={reason} onChange={(event) => setReason(event.target.value as RetirementReason | '')} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${ids}-problem` : undefined}>
                <option value="">Choose…</option>
                {RETIREMENT_REASONS.map((item) => (
                  <option key={item} value={item}>
                    {RETIREMENT_REASON_LABELS[item]}
                  </option>
                ))}
              </select>
            </div>
            <p className="figure-note">Removal is permanent and recorded (who, when, why); the same certificate cannot be added again. Credentials it certified stop verifying.</p>
            {problem && (
              <p id={`${ids}-problem`} role="alert" className="message error">
                {problem}
              </p>
            )}
            {failure && <ErrorMessage error={failure} />}
            <div className="actions">
              <button type="submit" disabled={busy} className="danger">
                {busy ? 'Removing…' : 'Confirm removal'}
              </button>
              <button type="button" className="secondary" onClick={() => (setConfirming(false), setProblem(undefined), setFailure(undefined))}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setConfirming(true)}>
              Remove from the trust list…
            </button>
          </div>
        ))}
    </li>
  );
}
