import {
  createAuthorizationErrorResponse,
  createAuthorizationResponse,
  parseAuthorizationRequestUri,
  REQUEST_OBJECT_MEDIA_TYPE,
  verifyRequestObject,
  type HeldMdoc,
  type Oid4vpOAuthError,
  type VerifiedAuthorizationRequest,
} from '@citizen-zero/mdoc';

/**
 * A holder's wallet speaking OpenID4VP 1.0 over HTTP, on libs/mdoc's wallet side: it reads the
 * Authorization Request URI, fetches the Request Object, validates it against the relying-party roots
 * it trusts, and posts its DeviceResponses (direct_post). Plain http is allowed: tests run on loopback.
 */
export class Oid4vpTestWallet {
  constructor(
    private readonly credentials: readonly HeldMdoc[],
    private readonly verifierRoots: readonly Uint8Array[],
  ) {}

  /** Fetches the Request Object the URI points to, as received. */
  async fetchRequestObject(authorizationRequestUri: string): Promise<{ clientId: string; requestObject: string; contentType: string | null; status: number; body?: unknown }> {
    const reference = parseAuthorizationRequestUri(authorizationRequestUri);
    if (!('requestUri' in reference)) throw new Error('expected a request_uri');
    const response = await fetch(reference.requestUri, { headers: { accept: REQUEST_OBJECT_MEDIA_TYPE } });
    const text = await response.text();
    return { clientId: reference.clientId, requestObject: text, contentType: response.headers.get('content-type'), status: response.status, ...(!response.ok && { body: JSON.parse(text) as unknown }) };
  }

  /** Fetches and validates the request (throws Oid4vpError when the wallet must refuse it). */
  async receive(authorizationRequestUri: string): Promise<VerifiedAuthorizationRequest> {
    const fetched = await this.fetchRequestObject(authorizationRequestUri);
    if (fetched.status !== 200) throw new Error(`request object fetch failed: ${fetched.status} ${JSON.stringify(fetched.body)}`);
    return verifyRequestObject(fetched.requestObject, { clientId: fetched.clientId, trust: { trustAnchors: this.verifierRoots }, allowHttp: true });
  }

  /** Builds the vp_token for a (possibly altered) request and posts it to its response_uri. */
  async respond(request: VerifiedAuthorizationRequest, postTo = request.responseUri): Promise<{ status: number; body: any; form: URLSearchParams }> {
    const response = await createAuthorizationResponse({ request, credentials: this.credentials });
    return { ...(await post(postTo, response.body)), form: response.body };
  }

  async refuse(request: VerifiedAuthorizationRequest, error: Oid4vpOAuthError): Promise<{ status: number; body: any }> {
    return post(request.responseUri, createAuthorizationErrorResponse({ ...(request.state !== undefined && { state: request.state }), error }));
  }
}

export async function post(url: string, form: URLSearchParams): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
