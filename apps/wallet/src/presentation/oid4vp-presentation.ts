import {
  createAuthorizationErrorResponse,
  createAuthorizationResponse,
  parseAuthorizationRequestUri,
  REQUEST_OBJECT_MEDIA_TYPE,
  verifyRequestObject,
  type VerifiedAuthorizationRequest,
} from '@citizen-zero/mdoc';
import type { Signer } from '@citizen-zero/signing';
import { parseHeldIssuerSigned, type HeldMdoc } from '../credentials/held-credential';

/**
 * Online presentation with OpenID4VP 1.0 (and so ISO/IEC 18013-7 Annex B's successor profile):
 * a web site's Authorization Request (`openid4vp://?client_id=x509_san_dns:…&request_uri=…`) is
 * resolved by fetching the signed Request Object, which libs/mdoc checks — signature with the x5c
 * leaf, chain to a trusted relying-party root, the client id's DNS name in the certificate and as
 * the response_uri host, DCQL query, expiry — before anything is shown. The citizen sees who asks
 * and what; on consent the wallet posts the device-signed DeviceResponses (`direct_post`), on refusal
 * an `access_denied` error.
 */
export class Oid4vpPresentationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Oid4vpPresentationError';
  }
}

/** Whether `text` looks like an OpenID4VP Authorization Request (a link with client_id and a request). */
export function isAuthorizationRequest(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.searchParams.has('client_id') && (url.searchParams.has('request_uri') || url.searchParams.has('request'));
  } catch {
    return false;
  }
}

export async function receiveAuthorizationRequest(uri: string, dependencies: { readonly fetch: typeof fetch; readonly verifierTrustAnchors: readonly Uint8Array[]; readonly allowHttp?: boolean }): Promise<VerifiedAuthorizationRequest> {
  const reference = parseAuthorizationRequestUri(uri.trim());
  let requestObject: string;
  if ('requestObject' in reference) {
    requestObject = reference.requestObject;
  } else {
    const url = new URL(reference.requestUri);
    if (url.protocol !== 'https:' && !(dependencies.allowHttp && url.protocol === 'http:')) throw new Oid4vpPresentationError('the request_uri must be https');
    // request_uri_method is absent: GET (OpenID4VP 1.0 §5.10.1, RFC 9101 §5.2.3).
    const response = await dependencies.fetch(reference.requestUri, { headers: { accept: REQUEST_OBJECT_MEDIA_TYPE }, cache: 'no-store' });
    if (!response.ok) throw new Oid4vpPresentationError(`the verifier's request could not be fetched (HTTP ${response.status}): it may have expired`);
    requestObject = (await response.text()).trim();
  }
  return verifyRequestObject(requestObject, { clientId: reference.clientId, trust: { trustAnchors: dependencies.verifierTrustAnchors }, ...(dependencies.allowHttp && { allowHttp: true }) });
}

/** Every element the request asks for, per Credential Query. */
export function requestedElements(request: VerifiedAuthorizationRequest): Array<{ queryId: string; docType: string; namespace: string; elementIdentifier: string; intentToRetain: boolean }> {
  return request.dcqlQuery.credentials.flatMap((query) =>
    (query.claims ?? []).map((claim) => ({ queryId: query.id, docType: query.meta.doctype_value, namespace: claim.path[0], elementIdentifier: claim.path[1], intentToRetain: claim.intent_to_retain ?? false })),
  );
}

/** The citizen agreed: the DeviceResponses, posted to the response_uri. Returns the verifier's `redirect_uri`, if it gave one. */
export async function sendAuthorizationResponse(params: {
  readonly request: VerifiedAuthorizationRequest;
  readonly credentials: readonly HeldMdoc[];
  readonly signerFor: (credential: HeldMdoc) => Promise<Signer>;
  readonly fetch: typeof fetch;
}): Promise<{ redirectUri?: string }> {
  const held = await Promise.all(params.credentials.map(async (credential) => ({ issuerSigned: parseHeldIssuerSigned(credential), deviceSigner: await params.signerFor(credential) })));
  const response = await createAuthorizationResponse({ request: params.request, credentials: held });
  return post(params.fetch, params.request.responseUri, response.body);
}

/** The citizen refused: `access_denied` (OpenID4VP 1.0 §8.5). */
export async function sendRefusal(request: VerifiedAuthorizationRequest, fetchFn: typeof fetch): Promise<void> {
  await post(fetchFn, request.responseUri, createAuthorizationErrorResponse({ ...(request.state !== undefined && { state: request.state }), error: 'access_denied', errorDescription: 'the holder declined' }));
}

async function post(fetchFn: typeof fetch, url: string, body: URLSearchParams): Promise<{ redirectUri?: string }> {
  const response = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(), cache: 'no-store' });
  let answer: Record<string, unknown> = {};
  try {
    answer = (await response.json()) as Record<string, unknown>;
  } catch {
    // An empty body is a valid answer.
  }
  if (!response.ok) throw new Oid4vpPresentationError(`the verifier refused the response: ${typeof answer['error_description'] === 'string' ? answer['error_description'] : `HTTP ${response.status}`}`);
  return typeof answer['redirect_uri'] === 'string' ? { redirectUri: answer['redirect_uri'] } : {};
}
