import { PkiError } from './pki-error';
import { CRLDistributionPointsExtension, IssuerAlternativeNameExtension, type JsonGeneralName } from './x509';

/**
 * issuerAltName contents for IACA and document signer certificates. ISO/IEC 18013-5:2021 Annex B
 * (Tables B.1 and B.3) makes the extension mandatory and non-critical, holding an rfc822Name
 * and/or a URI of the issuing authority; at least one of the two is required.
 */
export interface IssuerAlternativeNameInput {
  /** Contact URI of the issuing authority (uniformResourceIdentifier). */
  readonly uri?: string;
  /** Contact e-mail of the issuing authority (rfc822Name, RFC 5280 §4.2.1.6). */
  readonly email?: string;
}

/** Non-critical issuerAltName (RFC 5280 §4.2.1.7) from a URI and/or an e-mail address. */
export function issuerAlternativeNameExtension(input: IssuerAlternativeNameInput | undefined): IssuerAlternativeNameExtension {
  const names: JsonGeneralName[] = [];
  if (input?.uri !== undefined) {
    assertUri(input.uri, 'issuerAlternativeName.uri', ['http:', 'https:', 'mailto:']);
    names.push({ type: 'url', value: input.uri });
  }
  if (input?.email !== undefined) {
    // rfc822Name is an IA5String addr-spec (RFC 5280 §4.2.1.6): ASCII, one "@", no spaces.
    if (!/^[\x21-\x3f\x41-\x7e]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(input.email)) {
      throw new PkiError('CERT_PROFILE_INVALID', `issuerAlternativeName.email "${input.email.slice(0, 64)}" is not an ASCII e-mail address (rfc822Name)`);
    }
    names.push({ type: 'email', value: input.email });
  }
  if (names.length === 0) throw new PkiError('CERT_PROFILE_INVALID', 'issuerAlternativeName needs a uri or an email: Annex B makes issuerAltName mandatory');
  return new IssuerAlternativeNameExtension(names, false);
}

/**
 * Non-critical cRLDistributionPoints (RFC 5280 §4.2.1.13) with a single distributionPoint holding
 * the URI as fullName; Annex B says the reasons and cRLIssuer fields shall not be used.
 */
export function crlDistributionPointsExtension(uri: string): CRLDistributionPointsExtension {
  assertUri(uri, 'crlDistributionPointUri', ['http:', 'https:']);
  return new CRLDistributionPointsExtension([uri], false);
}

function assertUri(value: string, what: string, schemes: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PkiError('CERT_PROFILE_INVALID', `${what} "${String(value).slice(0, 64)}" is not an absolute URI`);
  }
  if (!schemes.includes(url.protocol)) throw new PkiError('CERT_PROFILE_INVALID', `${what} must use ${schemes.join(' or ')} (got ${url.protocol})`);
  // The URI becomes an IA5String (RFC 5280 §4.2.1.6): ASCII only.
  if (!/^[\x21-\x7e]+$/.test(value)) throw new PkiError('CERT_PROFILE_INVALID', `${what} must be ASCII without spaces (IA5String); percent-encode other characters`);
}
