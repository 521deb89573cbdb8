import type { IdentityClient } from '@citizen-zero/identity-client';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, expectData } from '../api/api-error';
import { ErrorMessage } from './async-state';
import { ACTION_CONSEQUENCES, ACTION_LABELS, type DocumentAction, type LifecycleReason, REASON_LABELS, REASONS_FOR } from './record-labels';

/** What a lifecycle action applies to: one document, or the person (record death). */
export type LifecycleTarget = { readonly type: 'document'; readonly id: string; readonly title: string; readonly action: DocumentAction } | { readonly type: 'person'; readonly id: string; readonly title: string; readonly action: 'record-death' };

/**
 * Suspend, reinstate or revoke a document, or record a person's death: the official picks the
 * reason (a code: the audit log holds no free text), reads what the action does, and confirms.
 * A refusal from the service (an action the status no longer allows, a deceased person) is shown
 * with its code, and the dialog stays open so the official can cancel and reload.
 */
export function LifecycleDialog(props: { readonly identity: IdentityClient; readonly target: LifecycleTarget; readonly onDone: (message: string) => void; readonly onCancel: () => void }) {
  const { identity, target } = props;
  const [reason, setReason] = useState<LifecycleReason | ''>('');
  const [step, setStep] = useState<'reason' | 'confirm'>('reason');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const titleId = useId();
  const reasonId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const label = ACTION_LABELS[target.action];

  useEffect(() => {
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (reason === '') {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    setStep('confirm');
  };

  const confirm = async () => {
    if (reason === '') return;
    setBusy(true);
    setError(undefined);
    try {
      if (target.type === 'document') {
        const changed = await expectData(identity.POST('/documents/{id}/lifecycle', { params: { path: { id: target.id } }, body: { action: target.action, reason } }));
        props.onDone(`${target.title} is now ${changed.status}.`);
      } else {
        const changed = await expectData(identity.POST('/persons/{id}/lifecycle', { params: { path: { id: target.id } }, body: { action: target.action, reason } }));
        props.onDone(`Death recorded for ${target.title}; ${changed.length} ${changed.length === 1 ? 'document' : 'documents'} revoked.`);
      }
    } catch (caught) {
      setError(caught as Error);
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) props.onCancel();
  };

  return (
    <div role="dialog" aria-modal="false" aria-labelledby={titleId} className="cz-record-dialog" onKeyDown={onKeyDown}>
      <h3 id={titleId}>
        {label}: {target.title}
      </h3>
      {step === 'reason' ? (
        <form onSubmit={next} noValidate>
          <label htmlFor={reasonId}>Reason (recorded in the audit log)</label>
          <select id={reasonId} value={reason} onChange={(event) => setReason(event.target.value as LifecycleReason | '')} required aria-invalid={reasonMissing} autoFocus>
            <option value="">Choose a reason…</option>
            {REASONS_FOR[target.action].map((code) => (
              <option key={code} value={code}>
                {REASON_LABELS[code]}
              </option>
            ))}
          </select>
          {reasonMissing && (
            <p role="alert" className="message error">
              Choose a reason: it is recorded with the change.
            </p>
          )}
          <div className="actions">
            <button type="submit">Continue</button>
            <button type="button" className="cz-button-secondary" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="cz-record-confirm">
          <p>
            <strong>{label}</strong> {target.title}, reason: <strong>{reason === '' ? '' : REASON_LABELS[reason]}</strong>.
          </p>
          <p>{ACTION_CONSEQUENCES[target.action]}</p>
          {error && (
            <>
              <ErrorMessage error={error} />
              {error instanceof ApiError && error.code && (
                <p className="reference">
                  Refused by the identity service: <code>{error.code}</code>
                </p>
              )}
            </>
          )}
          <div className="actions">
            <button type="button" ref={confirmRef} onClick={() => void confirm()} disabled={busy} className={target.action === 'reinstate' ? undefined : 'cz-button-danger'}>
              {busy ? 'Sending…' : `Confirm: ${label.toLowerCase()}`}
            </button>
            <button type="button" className="cz-button-secondary" onClick={() => setStep('reason')} disabled={busy}>
              Change the reason
            </button>
            <button type="button" className="cz-button-secondary" onClick={props.onCancel} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
