import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifecycleDialog } from '../src/components/lifecycle-dialog';
import { idCard, PERSON_ID, scriptedIdentity } from './record-fixtures';

afterEach(cleanup);

const suspended = { type: 'document', id: idCard.id, title: 'National ID card I00000007', action: 'reinstate' } as const;

describe('LifecycleDialog', () => {
  it('needs a reason from the list for the action, then a confirmation, before it sends anything', async () => {
    const { identity, calls } = scriptedIdentity(() => ({ status: 200, body: { ...idCard, status: 'valid' } }));
    const onDone = vi.fn();
    render(<LifecycleDialog identity={identity} target={suspended} onDone={onDone} onCancel={() => undefined} />);
    const reason = screen.getByLabelText('Reason (recorded in the audit log)');
    expect(document.activeElement).toBe(reason);
    expect(within(reason).getAllByRole('option').map((option) => option.textContent)).toEqual(['Choose a reason…', 'Investigation closed', 'Holder’s request', 'Court order', 'Error in the data']);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a reason: it is recorded with the change.');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(reason, { target: { value: 'investigation-closed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('dialog').textContent).toContain('Reinstate National ID card I00000007, reason: Investigation closed.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Confirm: reinstate' }));
    expect(calls).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: reinstate' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('National ID card I00000007 is now valid.'));
    expect(calls[0]).toMatchObject({ method: 'POST', body: { action: 'reinstate', reason: 'investigation-closed' } });
    expect(calls[0]!.url.pathname).toBe(`/documents/${idCard.id}/lifecycle`);
  });

  it('shows the service’s refusal with its code and stays open, so the official can cancel', async () => {
    const { identity } = scriptedIdentity(() => ({ status: 409, body: { code: 'DOCUMENT_TRANSITION_INVALID', detail: 'cannot reinstate a document that is revoked (allowed from: suspended)', correlationId: 'corr-9' } }));
    const onDone = vi.fn();
    const onCancel = vi.fn();
    render(<LifecycleDialog identity={identity} target={suspended} onDone={onDone} onCancel={onCancel} />);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'data-error' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: reinstate' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reinstate a document that is revoked (allowed from: suspended). Someone may have acted on it already: reload and check.');
    expect(alert.textContent).toContain('Reference: corr-9');
    expect(screen.getByText('DOCUMENT_TRANSITION_INVALID').closest('p')!.textContent).toBe('Refused by the identity service: DOCUMENT_TRANSITION_INVALID');
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Confirm: reinstate' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('records a death on the person, with the reasons that fit it', async () => {
    const { identity, calls } = scriptedIdentity(() => ({ status: 200, body: [{ ...idCard, status: 'revoked' }] }));
    const onDone = vi.fn();
    render(<LifecycleDialog identity={identity} target={{ type: 'person', id: PERSON_ID, title: 'SANTOS, Maria Luz', action: 'record-death' }} onDone={onDone} onCancel={() => undefined} />);
    expect(within(screen.getByLabelText(/Reason/)).getAllByRole('option').map((option) => option.getAttribute('value'))).toEqual(['', 'death', 'court-order']);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'death' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change the reason' }));
    expect((screen.getByLabelText(/Reason/) as HTMLSelectElement).value).toBe('death');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: record death' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Death recorded for SANTOS, Maria Luz; 1 document revoked.'));
    expect(calls[0]!.url.pathname).toBe(`/persons/${PERSON_ID}/lifecycle`);
    expect(calls[0]!.body).toEqual({ action: 'record-death', reason: 'death' });
  });
});
