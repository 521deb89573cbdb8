import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CitizenSearch } from '../src/screens/citizen-search';
import { fakeIdentity } from './fake-identity';

const adaeze = {
  id: '5d8c1c7e-0000-4000-8000-000000000001',
  nationalIdNumber: '1234567890',
  status: 'active',
  familyName: 'Okonkwo',
  givenNames: 'Adaeze Marie',
  birthDate: '1990-04-17',
  placeOfBirth: 'Utopia City',
  sex: 'F',
  nationalities: ['UT'],
  addresses: [],
  parents: [],
  biometricReferences: [],
  createdAt: '2026-01-01T00:00:00Z',
  version: 1,
};

afterEach(cleanup);

describe('CitizenSearch', () => {
  it('says that searches and the records shown are audited', () => {
    const { identity } = fakeIdentity(() => undefined);
    render(<CitizenSearch identity={identity} />);
    expect(screen.getByRole('note').textContent).toMatch(/recorded in the audit log under your name/);
  });

  it('searches by national ID number and shows the decrypted record, marked as audited', async () => {
    const { identity, requests } = fakeIdentity(() => ({ status: 200, body: [adaeze] }));
    render(<CitizenSearch identity={identity} />);
    fireEvent.change(screen.getByLabelText('National ID number'), { target: { value: ' 1234567890 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const table = await screen.findByRole('table');
    expect(table.querySelector('caption')!.textContent).toBe('1 citizen found (this view is audited)');
    expect(table.textContent).toContain('OKONKWO, Adaeze Marie');
    expect([...requests[0]!.url.searchParams]).toEqual([['nationalIdNumber', '1234567890']]);
  });

  it('needs family name, given names and date of birth together, and sends all three', async () => {
    const { identity, requests } = fakeIdentity(() => ({ status: 200, body: [] }));
    render(<CitizenSearch identity={identity} />);
    fireEvent.click(screen.getByLabelText(/Name and date of birth/));
    fireEvent.change(screen.getByLabelText('Family name'), { target: { value: 'Okonkwo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter the family name, the given names and the date of birth: all three are needed.');
    expect(requests).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Given names'), { target: { value: 'Adaeze Marie' } });
    fireEvent.change(screen.getByLabelText('Date of birth'), { target: { value: '1990-04-17' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText(/No citizen matches/)).toBeTruthy();
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ familyName: 'Okonkwo', givenNames: 'Adaeze Marie', birthDate: '1990-04-17' });
  });

  it('shows a refusal from the service as an error that says what to do', async () => {
    const { identity } = fakeIdentity(() => ({ status: 403, body: { code: 'FORBIDDEN', detail: 'missing permission person:search', correlationId: 'c-1' } }));
    render(<CitizenSearch identity={identity} />);
    fireEvent.change(screen.getByLabelText('National ID number'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Missing permission person:search. Your role does not allow this');
  });
});
