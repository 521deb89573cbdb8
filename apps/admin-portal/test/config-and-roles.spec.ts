import { describe, expect, it } from 'vitest';
import { capabilitiesOf, officialRoles } from '../src/auth/roles';
import { parsePortalConfig, PortalConfigError } from '../src/config';

describe('the portal configuration (/config.json)', () => {
  it('accepts a complete configuration and trims trailing slashes from URLs', () => {
    const services = { biometricUrl: 'https://biometric.example', biometricResource: 'urn:b', verificationUrl: 'https://verification.example/', verificationResource: 'urn:v', monitorUrl: 'https://monitor.example', monitorResource: 'urn:m' };
    expect(parsePortalConfig({ issuer: 'https://idp.example/', clientId: 'admin-portal', identityUrl: 'https://identity.example/', identityResource: 'urn:citizen-zero:identity', ...services })).toEqual({
      issuer: 'https://idp.example',
      clientId: 'admin-portal',
      identityUrl: 'https://identity.example',
      identityResource: 'urn:citizen-zero:identity',
      ...services,
      verificationUrl: 'https://verification.example',
    });
  });

  it('reports every problem at once', () => {
    expect(() => parsePortalConfig({ issuer: 'ftp://idp', identityUrl: 'not a url' })).toThrow(PortalConfigError);
    try {
      parsePortalConfig({ issuer: 'ftp://idp', identityUrl: 'not a url' });
    } catch (error) {
      expect((error as PortalConfigError).problems).toEqual([
        'issuer must be an http(s) URL',
        'clientId is required',
        'identityUrl must be an http(s) URL',
        'identityResource is required',
        'biometricUrl is required',
        'biometricResource is required',
        'verificationUrl is required',
        'verificationResource is required',
        'monitorUrl is required',
        'monitorResource is required',
      ]);
    }
  });
});

describe('roles', () => {
  it('keeps only the official roles from the claim', () => {
    expect(officialRoles(['approver', 'service', 42, 'registrar'])).toEqual(['registrar', 'approver']);
    expect(officialRoles('approver')).toEqual([]);
    expect(officialRoles(undefined)).toEqual([]);
  });

  it('gives decrypted-data screens to registrars and approvers only, and decisions to approvers only', () => {
    expect([...capabilitiesOf(['approver'])].sort()).toEqual(['application-review', 'citizen-search', 'issuance', 'lifecycle']);
    expect([...capabilitiesOf(['registrar'])].sort()).toEqual(['citizen-search', 'enrolment']);
    for (const role of ['auditor', 'security-officer', 'admin'] as const) expect([...capabilitiesOf([role])], role).not.toContain('citizen-search');
    expect([...capabilitiesOf(['security-officer'])].sort()).toEqual(['alert-acknowledge', 'audit', 'dead-letters', 'monitoring', 'security']);
  });
});
