import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { isOpenId4VpProfile, OPENID4VP_PROFILES, type OpenId4VpProfile, x509SanDnsClientId } from '@citizen-zero/mdoc';
import { EnvironmentReader } from '@citizen-zero/nest-platform';

/**
 * Online presentation with OpenID4VP (oid4vp/): off unless `CZ_OPENID4VP_PROFILE` names the profile
 * to speak. The verifier signs its Request Objects with the relying party access key in
 * `CZ_OPENID4VP_SIGNING_KEY_FILE` — an in-process ECDSA key (PKCS#8 PEM), not an HSM key: it
 * authenticates this verifier to wallets, like a TLS server key, and signs no credential — with the
 * certificate chain of `CZ_OPENID4VP_CERTIFICATE_FILE` (PEM, leaf first, the root left out), whose leaf
 * carries the public URL's host as a dNSName SAN (`x509_san_dns`, OpenID4VP 1.0 §5.9.3).
 */
export interface Oid4vpConfig {
  readonly profile: OpenId4VpProfile;
  /** `x509_san_dns:<host of CZ_VERIFICATION_PUBLIC_URL>`. */
  readonly clientId: string;
  /** Where the wallet fetches Request Objects and posts responses: CZ_VERIFICATION_PUBLIC_URL. */
  readonly publicUrl: string;
  readonly signingKeyFile: string;
  readonly certificateChainFile: string;
  /** How long the wallet has to fetch the request and respond. */
  readonly transactionTtlSeconds: number;
  /** How long a verdict waits for the relying party to collect it; then its disclosed elements are erased. */
  readonly resultTtlSeconds: number;
  /** The wallet's Authorization Endpoint the QR code or link points at (OpenID4VP 1.0 §13.1.2). */
  readonly authorizationEndpoint: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the OpenID4VP settings; `config` is absent when the feature is off. The key and certificate are checked at start (RequestSigningKey). */
export function loadOid4vpConfig(env: Env, publicUrl: string): { config?: Oid4vpConfig; problems: string[] } {
  const profile = env['CZ_OPENID4VP_PROFILE']?.trim();
  if (!profile) return { problems: [] };
  const reader = new EnvironmentReader(env);
  const { problems, text, integer } = reader;
  if (!isOpenId4VpProfile(profile)) problems.push(`CZ_OPENID4VP_PROFILE: "${profile.slice(0, 40)}" is not an implemented profile (${OPENID4VP_PROFILES.join(', ')}); unset it to turn OpenID4VP off`);
  const file = (name: string): string => {
    const path = text(name);
    if (path && (!isAbsolute(path) || !existsSync(path))) problems.push(`${name} must be an absolute path to an existing file`);
    return path;
  };
  const signingKeyFile = file('CZ_OPENID4VP_SIGNING_KEY_FILE');
  const certificateChainFile = file('CZ_OPENID4VP_CERTIFICATE_FILE');
  let clientId = '';
  try {
    const host = new URL(publicUrl).hostname;
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) problems.push('CZ_VERIFICATION_PUBLIC_URL must name a DNS host, not an IP address: it is the x509_san_dns client identifier (OpenID4VP 1.0 §5.9.3)');
    else clientId = x509SanDnsClientId(host);
  } catch {
    problems.push('CZ_VERIFICATION_PUBLIC_URL must name a DNS host for the x509_san_dns client identifier');
  }
  const config: Oid4vpConfig = {
    profile: profile as OpenId4VpProfile,
    clientId,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    signingKeyFile,
    certificateChainFile,
    transactionTtlSeconds: integer('CZ_OPENID4VP_TRANSACTION_TTL_SECONDS', 300, 30, 3600),
    resultTtlSeconds: integer('CZ_OPENID4VP_RESULT_TTL_SECONDS', 600, 30, 86_400),
    authorizationEndpoint: text('CZ_OPENID4VP_AUTHORIZATION_ENDPOINT', 'openid4vp://'),
  };
  return problems.length > 0 ? { problems } : { config, problems };
}
