import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { type IssuerPublicKey, parsePublishedIssuerKeySet } from '@citizen-zero/zk-credentials';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { VerificationError } from '../verification-error';

/**
 * The BBS issuer keys this verifier trusts, read once at boot from the configured file — the key
 * set the identity service publishes at `GET /zk/issuer-keys`, copied by the operator (as IACA
 * certificates are added by security officers, not fetched). A verifier that fetched keys from
 * the issuer at run time would trust whatever that endpoint served; a configured file pins them,
 * and works when the identity service is unreachable. Each key's kid is checked against its bytes.
 */
export class ZkTrustedIssuerKeys {
  constructor(readonly keys: readonly IssuerPublicKey[], readonly configured: boolean) {}

  static async load(config: VerificationConfig): Promise<ZkTrustedIssuerKeys> {
    const file = config.zk.trustedIssuerKeysFile;
    if (!file) return new ZkTrustedIssuerKeys([], false);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new VerificationError('ZK_NOT_CONFIGURED', `CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE (${file}) cannot be read as JSON`, {}, { cause: error });
    }
    return new ZkTrustedIssuerKeys(await parsePublishedIssuerKeySet(json), true);
  }
}

export const zkTrustedIssuerKeysProvider: Provider = {
  provide: ZkTrustedIssuerKeys,
  inject: [VERIFICATION_CONFIG],
  useFactory: (config: VerificationConfig) => ZkTrustedIssuerKeys.load(config),
};
