/**
 * What the wallet was opened for, from its URL: a credential offer (`?offer=<openid-credential-offer
 * link>`, or the offer's own `credential_offer`/`credential_offer_uri` parameters on the wallet's
 * URL) or an OpenID4VP Authorization Request (`?authorization_request=<openid4vp link>`, or
 * `client_id` with `request_uri`/`request` on the wallet's URL when a verifier uses it as its
 * authorization endpoint).
 */
export type LaunchIntent = { readonly kind: 'offer'; readonly text: string } | { readonly kind: 'authorization-request'; readonly text: string };

export function launchIntent(url: URL): LaunchIntent | undefined {
  const parameters = url.searchParams;
  const offer = parameters.get('offer');
  if (offer) return { kind: 'offer', text: offer };
  if (parameters.has('credential_offer') || parameters.has('credential_offer_uri')) return { kind: 'offer', text: url.href };
  const request = parameters.get('authorization_request');
  if (request) return { kind: 'authorization-request', text: request };
  if (parameters.has('client_id') && (parameters.has('request_uri') || parameters.has('request'))) return { kind: 'authorization-request', text: url.href };
  return undefined;
}
