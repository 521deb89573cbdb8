import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { bytesEqual, certificateDnsNames, parseX509SanDnsClientId } from '@citizen-zero/mdoc';
import { describeCertificate, parseCertificate, parsePemBundle } from '@citizen-zero/pki';
import type { SignatureAlgorithm, Signer } from '@citizen-zero/signing';
import { ConfigError, VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';

const ALGORITHM_BY_CURVE: Record<string, SignatureAlgorithm> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const HASH: Record<SignatureAlgorithm, string> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

/**
 * The relying party access key and certificate chain that sign this verifier's OpenID4VP Request
 * Objects (`x509_san_dns`, OpenID4VP 1.0 §5.9.3). The key is an in-process ECDSA key read once from
 * a PKCS#8 PEM file: it authenticates the verifier to wallets (as a TLS server key does) and signs
 * no credential, so it is not an HSM key like the issuing keys; it is used only through the `Signer`
 * port, so moving it into the HSM changes this class only. Checked at start: an EC key on P-256,
 * P-384 or P-521; a chain whose leaf holds that key, is currently valid, is for digital signatures
 * and names the public URL's host as a dNSName SAN. Any mismatch stops the service.
 */
@Injectable()
export class RequestSigningKey implements OnModuleInit {
  private loaded: { signer: Signer; certificateChain: Uint8Array[] } | undefined;

  constructor(@Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig) {}

  async onModuleInit(): Promise<void> {
    const oid4vp = this.config.oid4vp;
    if (!oid4vp) return;
    const problems: string[] = [];
    let key: KeyObject | undefined;
    try {
      key = createPrivateKey(readFileSync(oid4vp.signingKeyFile, 'utf8'));
    } catch {
      problems.push('CZ_OPENID4VP_SIGNING_KEY_FILE is not a PEM private key');
    }
    const algorithm = key?.asymmetricKeyType === 'ec' ? ALGORITHM_BY_CURVE[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
    if (key && !algorithm) problems.push('CZ_OPENID4VP_SIGNING_KEY_FILE must hold an EC key on P-256, P-384 or P-521');
    let chain: Uint8Array[] = [];
    try {
      chain = parsePemBundle(readFileSync(oid4vp.certificateChainFile, 'utf8'));
    } catch {
      problems.push('CZ_OPENID4VP_CERTIFICATE_FILE is not a PEM certificate bundle');
    }
    const leaf = chain[0];
    if (leaf && key && algorithm) {
      const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
      if (!bytesEqual(spki, new Uint8Array(parseCertificate(leaf).publicKey.rawData))) problems.push('the first certificate of CZ_OPENID4VP_CERTIFICATE_FILE does not hold the public key of CZ_OPENID4VP_SIGNING_KEY_FILE');
      const description = await describeCertificate(leaf);
      const now = Date.now();
      if (now < description.notBefore.getTime() || now > description.notAfter.getTime()) problems.push(`the OpenID4VP access certificate is not valid now (${description.notBefore.toISOString()} – ${description.notAfter.toISOString()})`);
      if (!description.keyUsage.includes('digitalSignature')) problems.push('the OpenID4VP access certificate lacks keyUsage digitalSignature');
      const { dnsName } = parseX509SanDnsClientId(oid4vp.clientId);
      if (!certificateDnsNames(leaf).includes(dnsName.toLowerCase())) problems.push(`the OpenID4VP access certificate has no dNSName SAN ${dnsName} (the host of CZ_VERIFICATION_PUBLIC_URL; x509_san_dns, OpenID4VP 1.0 §5.9.3)`);
    } else if (chain.length === 0 && problems.length === 0) {
      problems.push('CZ_OPENID4VP_CERTIFICATE_FILE holds no certificate');
    }
    if (problems.length > 0 || !key || !algorithm) throw new ConfigError('verification', problems);
    const privateKey = key;
    const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
    this.loaded = {
      certificateChain: chain,
      signer: {
        algorithm,
        keyId: `oid4vp-access:${(await describeCertificate(chain[0]!)).sha256Fingerprint.slice(0, 16)}`,
        sign: async (toBeSigned) => new Uint8Array(sign(HASH[algorithm], toBeSigned, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
        publicKeySpki: async () => spki,
      },
    };
  }

  get signer(): Signer {
    if (!this.loaded) throw new Error('the OpenID4VP request signing key is not loaded (CZ_OPENID4VP_PROFILE unset)');
    return this.loaded.signer;
  }

  get certificateChain(): readonly Uint8Array[] {
    return this.loaded?.certificateChain ?? [];
  }
}
