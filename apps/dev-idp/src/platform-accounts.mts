import type { DemoOfficial } from './dev-identity-provider.mjs';

/** Demo officials, one per role (development only: the development login accepts any password). */
export const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  { username: 'amara.registrar', name: 'Amara Osei (registrar)', roles: ['registrar'] },
  { username: 'bello.approver', name: 'Bello Adeyemi (approver)', roles: ['approver'] },
  { username: 'chen.auditor', name: 'Chen Wei (auditor)', roles: ['auditor'] },
  { username: 'dara.security', name: 'Dara Nkemelu (security officer)', roles: ['security-officer'] },
  { username: 'eli.admin', name: 'Eli Haddad (administrator)', roles: ['admin'] },
  { username: 'fola.verifier', name: 'Fola Bank (relying party)', roles: ['verifier'] },
];

/** The resources (audiences) the platform's services accept. */
export const PLATFORM_RESOURCES = ['urn:citizen-zero:identity', 'urn:citizen-zero:verification', 'urn:citizen-zero:biometric', 'urn:citizen-zero:monitor'] as const;
