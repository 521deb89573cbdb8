import { useEffect, useState } from 'react';
import type { CheckView, DocumentView, VerdictView } from '../verify/verdict';

/**
 * The answer a clerk reads at a glance: a green or red banner with the answer, the verified portrait
 * large, the data the holder shared, and every check with its result. Dismissing it forgets it.
 */
export function VerdictScreen(props: { verdict: VerdictView; retained: boolean; onDismiss: () => void }) {
  const { verdict } = props;
  const accepted = verdict.outcome === 'accepted';
  return (
    <section className={`verdict ${verdict.outcome}`} aria-label="Verdict" data-testid="verdict" data-outcome={verdict.outcome}>
      <header className="verdict-banner" role="status">
        <span className="verdict-mark" aria-hidden="true">{accepted ? '✓' : '✗'}</span>
        <div>
          <h2 data-testid="verdict-headline">{verdict.headline}</h2>
          <p>
            {verdict.question} — checked {verdict.verifiedAt.toLocaleString()}
          </p>
        </div>
      </header>
      {verdict.reasons.length > 0 && (
        <ul className="reasons" aria-label="Why it is not verified">
          {verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {verdict.documents.map((document, index) => (
        <DocumentPanel key={`${document.docType}-${index}`} document={document} />
      ))}
      {verdict.checks.length > 0 && <Checks title="The exchange" checks={verdict.checks} />}
      <RetentionNote retained={props.retained} />
      <button type="button" className="primary" onClick={props.onDismiss}>
        Done — next person
      </button>
    </section>
  );
}

function DocumentPanel(props: { document: DocumentView }) {
  const { document } = props;
  return (
    <article className="document" aria-label={document.title}>
      <h3>
        {document.title} {document.valid ? '— valid' : '— NOT valid'}
      </h3>
      <div className="document-body">
        {document.portrait && <Portrait bytes={document.portrait} />}
        <dl className="elements">
          {document.elements.map((element) => (
            <div key={element.identifier} data-testid={`element-${element.identifier}`}>
              <dt>{element.label}</dt>
              <dd>{element.value}</dd>
            </div>
          ))}
          {document.notReturned.length > 0 && (
            <div>
              <dt>Not shared</dt>
              <dd>{document.notReturned.join(', ')}</dd>
            </div>
          )}
        </dl>
      </div>
      <Checks title="Checks" checks={document.checks} />
    </article>
  );
}

function Portrait(props: { bytes: Uint8Array }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const objectUrl = URL.createObjectURL(new Blob([props.bytes as BlobPart], { type: 'image/jpeg' }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [props.bytes]);
  return url ? <img className="portrait" src={url} alt="Verified portrait" /> : null;
}

export function Checks(props: { title: string; checks: readonly CheckView[] }) {
  return (
    <details className="checks" open>
      <summary>{props.title}</summary>
      <ul>
        {props.checks.map((check, index) => (
          <li key={`${check.label}-${index}`} className={check.passed ? (check.warning ? 'warning' : 'passed') : 'failed'} data-testid="check" data-passed={String(check.passed)}>
            <span aria-hidden="true">{check.passed ? (check.warning ? '!' : '✓') : '✗'}</span> <strong>{check.label}</strong>: {check.passed ? (check.warning ? 'yes, but ' : 'yes') : 'NO'}
            {check.code && <code> {check.code}</code>} <span className="detail">{check.detail}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RetentionNote(props: { retained: boolean }) {
  return (
    <p role="note" className="retention" data-testid="retention-note">
      {props.retained
        ? 'This device is configured to keep a record of each verification (outcome, checks and document type — not the data or the portrait).'
        : 'Nothing from this verification is kept on this device: the data and portrait are forgotten when you press Done.'}
    </p>
  );
}
