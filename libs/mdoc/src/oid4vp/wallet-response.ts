import type { Signer } from '@citizen-zero/signing';
import { base64UrlEncode } from '../cose/cose-key';
import type { IssuerSigned } from '../mdoc/issuer-signed';
import { presentDocuments } from '../presentation/present-documents';
import type { SessionTranscript } from '../session/session-transcript';
import { itemsRequestFor, type DcqlMdocCredentialQuery } from './dcql';
import { openId4VpSessionTranscript } from './handover';
import { Oid4vpError, type Oid4vpOAuthError } from './oid4vp-error';
import type { VerifiedAuthorizationRequest } from './request-object-verification';

/** A credential in the wallet with the key it is bound to (MSO deviceKeyInfo), behind the Signer port. */
export interface HeldMdoc {
  readonly issuerSigned: IssuerSigned;
  readonly deviceSigner: Signer;
}

/** The wallet's Authorization Response for Response Mode `direct_post` (OpenID4VP 1.0 §8.1, §8.2). */
export interface WalletAuthorizationResponse {
  /** Credential Query id → base64url DeviceResponses (§8.1, Appendix B.2.5). */
  readonly vpToken: Readonly<Record<string, readonly string[]>>;
  readonly state?: string;
  /** The SessionTranscript the DeviceResponses are device-authenticated over (Appendix B.2.6.1). */
  readonly sessionTranscript: SessionTranscript;
  /** The `application/x-www-form-urlencoded` body to POST to `response_uri` (§8.2): `vp_token` as JSON, and `state`. */
  readonly body: URLSearchParams;
}

/**
 * Answers a verified request (OpenID4VP 1.0 §8, Appendix B.2): for every Credential Query, the
 * mdoc of the requested doctype that holds every requested claim, reduced to exactly those claims
 * (selective disclosure, §6.4; ISO/IEC 18013-5:2021 §8.3.2.1.2.2), device-signed (DeviceSignature,
 * §9.1.3.6) over the OpenID4VP SessionTranscript built from the request's `client_id`, `nonce` and
 * `response_uri` with no JWK thumbprint (unencrypted `direct_post`). The DeviceResponse bytes go
 * base64url into `vp_token` unchanged.
 *
 * All Credential Queries are required (no `credential_sets`) and all claims are requested (no
 * `claim_sets`): when a query cannot be fully answered — no such credential, a claim absent, or the
 * holder's `consent` refused for a claim — nothing is returned and `OID4VP_CREDENTIAL_UNAVAILABLE`
 * is thrown (§6.4.1, §6.4.2); the wallet then sends {@link createAuthorizationErrorResponse} with `access_denied`.
 */
export async function createAuthorizationResponse(params: {
  request: VerifiedAuthorizationRequest;
  credentials: readonly HeldMdoc[];
  consent?: (docType: string, namespace: string, elementIdentifier: string) => boolean;
}): Promise<WalletAuthorizationResponse> {
  const { request } = params;
  const sessionTranscript = await openId4VpSessionTranscript({ clientId: request.clientId, nonce: request.nonce, jwkThumbprint: null, responseUri: request.responseUri });
  const vpToken: Record<string, string[]> = {};
  for (const query of request.dcqlQuery.credentials) {
    const held = params.credentials.find((candidate) => answers(candidate.issuerSigned, query));
    if (!held) throw new Oid4vpError('OID4VP_CREDENTIAL_UNAVAILABLE', `no credential answers Credential Query "${query.id}" (${query.meta.doctype_value} with every requested claim)`);
    const docType = query.meta.doctype_value;
    if (params.consent && !(query.claims ?? []).every((claim) => params.consent!(docType, claim.path[0], claim.path[1]))) {
      throw new Oid4vpError('OID4VP_CREDENTIAL_UNAVAILABLE', `the holder did not consent to every claim of Credential Query "${query.id}"`);
    }
    const response = await presentDocuments({
      credentials: [held.issuerSigned],
      requests: [itemsRequestFor(query)],
      transcript: sessionTranscript,
      authenticator: { kind: 'signature', signer: held.deviceSigner },
    });
    vpToken[query.id] = [base64UrlEncode(response.toBytes())];
  }
  const body = new URLSearchParams({ vp_token: JSON.stringify(vpToken) });
  if (request.state !== undefined) body.set('state', request.state);
  return { vpToken, ...(request.state !== undefined && { state: request.state }), sessionTranscript, body };
}

/** An Authorization Error Response for `direct_post` (OpenID4VP 1.0 §8.2, §8.5; RFC 6749 §4.1.2.1). */
export function createAuthorizationErrorResponse(params: { state?: string; error: Oid4vpOAuthError; errorDescription?: string }): URLSearchParams {
  const body = new URLSearchParams({ error: params.error });
  if (params.errorDescription) body.set('error_description', params.errorDescription);
  if (params.state !== undefined) body.set('state', params.state);
  return body;
}

function answers(issuerSigned: IssuerSigned, query: DcqlMdocCredentialQuery): boolean {
  if (issuerSigned.mso.docType !== query.meta.doctype_value) return false;
  return (query.claims ?? []).every((claim) => issuerSigned.nameSpaces.get(claim.path[0])?.some((entry) => entry.item.elementIdentifier === claim.path[1]) ?? false);
}
