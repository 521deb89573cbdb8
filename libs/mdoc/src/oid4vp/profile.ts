import { Oid4vpError } from './oid4vp-error';

/**
 * The OpenID4VP versions this library implements, by the name a deployment configures
 * (`CZ_OPENID4VP_PROFILE`). One only:
 *
 * `openid4vp-1.0` — OpenID for Verifiable Presentations 1.0 (final, OpenID Foundation, July 2025;
 * https://openid.net/specs/openid-4-verifiable-presentations-1_0-final.html), redirect-based
 * (not Digital Credentials API) presentation of `mso_mdoc` credentials:
 * - the Authorization Request as a signed Request Object (JAR, RFC 9101) passed by reference
 *   (`request_uri`, fetched with GET), `typ` `oauth-authz-req+jwt` (§5);
 * - Client Identifier Prefix `x509_san_dns` (§5.9.3) with the certificate chain in `x5c`;
 * - `response_type=vp_token` (§5.4), `response_mode=direct_post` with `response_uri` (§8.2);
 * - a DCQL query (§6) of `mso_mdoc` Credential Queries (`meta.doctype_value`, claims paths
 *   `[namespace, element]`, `intent_to_retain`; Appendix B.2.3, B.2.4, §7.2);
 * - `vp_token` a JSON object of Credential Query id → array of base64url DeviceResponses (§8.1, B.2.5);
 * - SessionTranscript `[null, null, OpenID4VPHandover]` (Appendix B.2.6.1), see `openId4VpSessionTranscript`.
 *
 * Not the ISO/IEC TS 18013-7:2024 Annex B profile (`OID4VPHandover = [clientIdHash,
 * responseUriHash, nonce]` with an `mdocGeneratedNonce` carried in the JWE `apu` of a
 * `direct_post.jwt` response), nor OpenID4VP drafts before 1.0 (`presentation_definition`,
 * `client_id_scheme`, `vp_token` as a bare string): they are refused with
 * `OID4VP_PROFILE_UNSUPPORTED`.
 */
export const OPENID4VP_PROFILES = ['openid4vp-1.0'] as const;

export type OpenId4VpProfile = (typeof OPENID4VP_PROFILES)[number];

export const OPENID4VP_1_0: OpenId4VpProfile = 'openid4vp-1.0';

export function isOpenId4VpProfile(value: unknown): value is OpenId4VpProfile {
  return typeof value === 'string' && (OPENID4VP_PROFILES as readonly string[]).includes(value);
}

/** Throws `OID4VP_PROFILE_UNSUPPORTED` unless `value` names a profile this library implements. */
export function assertOpenId4VpProfile(value: unknown): OpenId4VpProfile {
  if (isOpenId4VpProfile(value)) return value;
  throw new Oid4vpError('OID4VP_PROFILE_UNSUPPORTED', `OpenID4VP profile "${String(value).slice(0, 60)}" is not implemented; supported: ${OPENID4VP_PROFILES.join(', ')}`);
}

/**
 * Request parameters that only exist in OpenID4VP drafts before 1.0 or in the ISO/IEC 18013-7
 * Annex B profile: a request carrying one of them is not an OpenID4VP 1.0 request.
 */
export const PRE_1_0_REQUEST_PARAMETERS = ['presentation_definition', 'presentation_definition_uri', 'client_id_scheme', 'client_metadata_uri'] as const;

/** Response parameters of pre-1.0 drafts (DIF Presentation Exchange submission). */
export const PRE_1_0_RESPONSE_PARAMETERS = ['presentation_submission'] as const;
