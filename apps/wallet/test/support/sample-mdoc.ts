import { coseKeyFromJwk, docTypeDefinition, encodeCbor, issueMdoc, MDL_DOCTYPE, prepareClaims, base64UrlEncode } from '@citizen-zero/mdoc';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import type { HeldMdoc } from '../../src/credentials/held-credential';
import { sampleClaims } from './fake-issuer';

/**
 * A held mDL for screen tests: issued by an in-memory key with a placeholder certificate (the
 * screens never verify; the wallet's checks are tested in issuance.spec.ts and in-person.spec.ts).
 */
export async function sampleHeldMdoc(overrides: Partial<HeldMdoc> = {}): Promise<HeldMdoc> {
  const signer = await SoftwareSigner.generate('ES256', 'screen-test-ds');
  const device = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const now = new Date('2026-02-01T00:00:00Z');
  const issuerSigned = await issueMdoc({
    docType: MDL_DOCTYPE,
    nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), sampleClaims(), now),
    deviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', device.publicKey)),
    validity: { signed: now, validFrom: now, validUntil: new Date('2031-02-01T00:00:00Z') },
    signer,
    certificateChain: [Uint8Array.of(0x30, 0x00)],
    status: { statusList: { idx: 3, uri: 'https://identity.test/status-lists/1' } },
  });
  return {
    kind: 'mdoc',
    id: 'credential-1',
    docType: MDL_DOCTYPE,
    issuerSigned: base64UrlEncode(encodeCbor(issuerSigned.toCbor())),
    deviceKeyId: 'device-key-1',
    credentialIssuer: 'https://identity.test',
    configurationId: MDL_DOCTYPE,
    receivedAt: now.toISOString(),
    ...overrides,
  };
}
