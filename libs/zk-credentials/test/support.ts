import { ageNationalityClaims, type AgeNationalityClaims, InMemoryBbsSigner, generateIssuerKeyPair, issueZkCredential, type IssuerPublicKey, type ZkCredential } from '@citizen-zero/zk-credentials';

/** An issuer for tests: a fresh key pair and an in-memory signer over it. */
export async function testIssuer(): Promise<{ signer: InMemoryBbsSigner; publicKey: IssuerPublicKey }> {
  const { secretKey, publicKey } = await generateIssuerKeyPair();
  const signer = await InMemoryBbsSigner.create(secretKey, publicKey);
  secretKey.fill(0);
  return { signer, publicKey };
}

export const ISSUED_AT = new Date('2026-11-30T10:00:00Z');

export function claimsFor(birthDate: string, nationality = 'UT', credentialId = 'a'.repeat(32)): AgeNationalityClaims {
  return ageNationalityClaims({ birthDate, nationality, issuedAt: ISSUED_AT, validityMonths: 12, credentialId });
}

export async function credentialFor(signer: InMemoryBbsSigner, birthDate = '1990-04-17', nationality = 'UT', credentialId = '0123456789abcdef0123456789abcdef'): Promise<ZkCredential> {
  return issueZkCredential(signer, claimsFor(birthDate, nationality, credentialId));
}

/** A verifier's binding: its audience and a fresh nonce. */
export function binding(audience = 'https://bank.example/age-check'): { audience: string; nonce: string } {
  return { audience, nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url') };
}
