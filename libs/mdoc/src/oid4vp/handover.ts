import { digest } from '@citizen-zero/signing';
import { encodeCbor } from '../cbor/cbor';
import { SessionTranscript } from '../session/session-transcript';

/** The fixed first element of OpenID4VPHandover (OpenID4VP 1.0 Appendix B.2.6.1). */
export const OPENID4VP_HANDOVER_IDENTIFIER = 'OpenID4VPHandover';

/** What the mdoc and the verifier both bind the presentation to (OpenID4VP 1.0 Appendix B.2.6.1). */
export interface OpenId4VpHandoverInput {
  /** The `client_id` request parameter, with its Client Identifier Prefix (e.g. `x509_san_dns:verifier.example`). */
  readonly clientId: string;
  /** The `nonce` request parameter. */
  readonly nonce: string;
  /**
   * The RFC 7638 SHA-256 JWK Thumbprint of the verifier's response-encryption key when the response is
   * encrypted (`direct_post.jwt`); `null` otherwise — always `null` for the `direct_post` this library implements.
   */
  readonly jwkThumbprint: Uint8Array | null;
  /** The `response_uri` (Response Mode `direct_post`) or `redirect_uri` request parameter. */
  readonly responseUri: string;
}

/**
 * OpenID4VPHandoverInfoBytes = `bstr .cbor OpenID4VPHandoverInfo`, with
 * `OpenID4VPHandoverInfo = [clientId: tstr, nonce: tstr, jwkThumbprint: bstr / null, responseUri: tstr]`
 * (OpenID4VP 1.0 Appendix B.2.6.1), in preferred serialization (RFC 8949 §4.1).
 */
export function openId4VpHandoverInfoBytes(input: OpenId4VpHandoverInput): Uint8Array {
  return encodeCbor([input.clientId, input.nonce, input.jwkThumbprint, input.responseUri]);
}

/**
 * OpenID4VPHandover = `["OpenID4VPHandover", OpenID4VPHandoverInfoHash]`, the hash being the SHA-256 of
 * OpenID4VPHandoverInfoBytes (OpenID4VP 1.0 Appendix B.2.6.1), encoded.
 */
export async function openId4VpHandoverBytes(input: OpenId4VpHandoverInput): Promise<Uint8Array> {
  const infoHash = await digest('SHA-256', openId4VpHandoverInfoBytes(input));
  return encodeCbor([OPENID4VP_HANDOVER_IDENTIFIER, infoHash]);
}

/**
 * The SessionTranscript of a redirect-invoked OpenID4VP presentation (OpenID4VP 1.0 Appendix B.2.6.1,
 * on ISO/IEC 18013-5:2021 §9.1.5.1): `[DeviceEngagementBytes = null, EReaderKeyBytes = null,
 * Handover = OpenID4VPHandover]`. The wallet signs DeviceAuthentication over it; the verifier
 * recomputes it from the request it sent — never from anything the wallet returns.
 *
 * For the specification's example (`x509_san_dns:example.com`, nonce
 * `exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA`, the example key's thumbprint,
 * `https://example.com/response`) the bytes are
 * `83 f6 f6 82 71 "OpenID4VPHandover" 58 20 048bc053…2aad38ac`.
 */
export async function openId4VpSessionTranscript(input: OpenId4VpHandoverInput): Promise<SessionTranscript> {
  return SessionTranscript.fromEncodedParts({ deviceEngagementBytes: null, eReaderKeyBytes: null, handoverBytes: await openId4VpHandoverBytes(input) });
}
