import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Official } from '../src/auth/oidc-session';
import { matchScreen, screensFor, Shell } from '../src/components/shell';

afterEach(cleanup);

const official = (roles: Official['roles']): Official => ({ subject: 'someone', name: 'Some One', roles });
const links = () => within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link').map((link) => link.textContent);

describe('Shell', () => {
  it('shows each role the screens its permissions allow', () => {
    const { rerender } = render(<Shell official={official(['approver'])} path="/" onSignOut={() => undefined}>x</Shell>);
    expect(links()).toEqual(['Dashboard', 'Citizen search', 'Review queue']);
    rerender(<Shell official={official(['registrar'])} path="/" onSignOut={() => undefined}>x</Shell>);
    expect(links()).toEqual(['Dashboard', 'Citizen search', 'Enrolment']);
    const expected = { auditor: ['Dashboard', 'Audit log'], 'security-officer': ['Dashboard', 'Dead letters', 'Audit log', 'Security'], admin: ['Dashboard', 'Dead letters', 'Audit log'] } as const;
    for (const role of ['auditor', 'security-officer', 'admin'] as const) {
      rerender(<Shell official={official([role])} path="/" onSignOut={() => undefined}>x</Shell>);
      expect(links(), role).toEqual(expected[role]);
    }
  });

  it('marks the current screen, offers a skip link to the content, and signs out', () => {
    const onSignOut = vi.fn();
    render(<Shell official={official(['approver', 'registrar'])} path="/review" onSignOut={onSignOut}>content</Shell>);
    expect(screen.getByRole('link', { name: 'Review queue' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main').id).toBe('main');
    expect(screen.getByText('(Approver, Registrar)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
  });

  it('matches screens with path parameters, and nothing else', () => {
    const screens = screensFor(official(['approver']));
    expect(matchScreen(screens, '/citizens/5b7c')).toMatchObject({ screen: { title: 'Citizen record' }, params: { id: '5b7c' } });
    expect(matchScreen(screens, '/citizens')).toMatchObject({ screen: { title: 'Citizen search' }, params: {} });
    expect(matchScreen(screens, '/review/a%20b/')).toMatchObject({ screen: { title: 'Adjudication' }, params: { id: 'a b' } });
    expect(matchScreen(screens, '/citizens/5b7c/extra')).toBeUndefined();
    expect(matchScreen(screens, '/citizens/%E0%A4%A')).toBeUndefined();
    expect(matchScreen(screens, '/security')).toBeUndefined();
  });
});
