import { CoseSign1, decodeCbor } from '@citizen-zero/mdoc';
import { describeCertificate, parseCertificate, parsePemBundle, validateCertificatePath } from '@citizen-zero/pki';

/** An IACA the trust list names, summarised for the freshness screen. */
export interface TrustListEntry {
  readonly subject: string;
  readonly docTypes: readonly string[];
  readonly notAfter: Date;
}

/** The trust list as synced: the IACA certificates issuer chains are validated against, offline. */
export interface SyncedTrustList {
  /** `vical`: the signed VICAL, its signer chained to a configured anchor; `pem`: the unsigned PEM bundle (no signer to check). */
  readonly source: 'vical' | 'pem';
  /** The bytes as received (kept to re-check, never re-encoded). */
  readonly bytes: Uint8Array;
  /** Trusted IACA certificates, DER. */
  readonly anchors: readonly Uint8Array[];
  readonly entries: readonly TrustListEntry[];
  /** VICAL: vicalIssueID, provider, date and nextUpdate; the signer certificate's subject. */
  readonly issueId?: number;
  readonly provider?: string;
  readonly issuedAt?: Date;
  readonly nextUpdate?: Date;
  readonly signer?: string;
  readonly fetchedAt: Date;
}

export class TrustListError extends Error {
  constructor(
    readonly code: 'TRUST_LIST_MALFORMED' | 'TRUST_LIST_SIGNER_UNTRUSTED' | 'TRUST_LIST_SIGNATURE_INVALID' | 'TRUST_LIST_EMPTY',
    message: string,
  ) {
    super(message);
    this.name = 'TrustListError';
  }
}

/**
 * Verifies a signed VICAL (ISO/IEC 18013-5:2021 Annex C: a COSE_Sign1, RFC 9052 §4.2, over the VICAL
 * CBOR, the signer certificate in x5chain): the signer chains to one of `signerAnchors` at `at` (RFC
 * 5280 path validation), the signature verifies over the received bytes, and the payload lists the
 * IACA certificates. Throws {@link TrustListError}.
 */
export async function verifyVical(bytes: Uint8Array, signerAnchors: readonly Uint8Array[], at: Date): Promise<Omit<SyncedTrustList, 'fetchedAt'>> {
  let message: CoseSign1;
  try {
    message = CoseSign1.fromCbor(decodeCbor(bytes, 'VICAL'), 'VICAL COSE_Sign1');
  } catch (error) {
    throw new TrustListError('TRUST_LIST_MALFORMED', `the VICAL is not a COSE_Sign1: ${(error as Error).message}`);
  }
  const chain = message.x5chain();
  if (chain.length === 0) throw new TrustListError('TRUST_LIST_SIGNER_UNTRUSTED', 'the VICAL carries no signer certificate (x5chain)');
  const path = await validateCertificatePath({ chain, trustAnchors: [...signerAnchors], at, purpose: 'any' });
  if (!path.valid || !path.leaf) throw new TrustListError('TRUST_LIST_SIGNER_UNTRUSTED', `the VICAL signer does not chain to a configured trust-list anchor: ${path.errors.map((error) => error.code).join(', ') || 'untrusted'}`);
  let verified = false;
  try {
    const key = await crypto.subtle.importKey('spki', new Uint8Array(parseCertificate(chain[0]!).publicKey.rawData) as BufferSource, { name: 'ECDSA', namedCurve: message.algorithm.curve }, false, ['verify']);
    verified = await message.verify(key);
  } catch {
    verified = false;
  }
  if (!verified || message.payload === null) throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', 'the VICAL signature does not verify with its signer certificate');

  let payload: Map<string, unknown>;
  try {
    const decoded = decodeCbor(message.payload, 'VICAL payload');
    if (!(decoded instanceof Map)) throw new Error('not a map');
    payload = decoded as Map<string, unknown>;
  } catch (error) {
    throw new TrustListError('TRUST_LIST_MALFORMED', `the VICAL payload is not a VICAL: ${(error as Error).message}`);
  }
  const infos = payload.get('certificateInfos');
  if (!Array.isArray(infos)) throw new TrustListError('TRUST_LIST_MALFORMED', 'the VICAL has no certificateInfos');
  const anchors: Uint8Array[] = [];
  const entries: TrustListEntry[] = [];
  for (const info of infos) {
    const certificate = info instanceof Map ? info.get('certificate') : undefined;
    const docType = info instanceof Map ? info.get('docType') : undefined;
    if (!(certificate instanceof Uint8Array) || !Array.isArray(docType)) throw new TrustListError('TRUST_LIST_MALFORMED', 'a VICAL CertificateInfo lacks certificate or docType');
    const description = await describeCertificate(certificate).catch(() => undefined);
    if (!description) throw new TrustListError('TRUST_LIST_MALFORMED', 'a VICAL certificate cannot be parsed');
    anchors.push(Uint8Array.from(certificate));
    entries.push({ subject: description.subject, docTypes: docType.filter((type): type is string => typeof type === 'string'), notAfter: description.notAfter });
  }
  const date = (value: unknown) => (value instanceof Date ? value : undefined);
  const issueId = payload.get('vicalIssueID');
  const provider = payload.get('vicalProvider');
  const issuedAt = date(payload.get('date'));
  const nextUpdate = date(payload.get('nextUpdate'));
  return {
    source: 'vical',
    bytes: Uint8Array.from(bytes),
    anchors,
    entries,
    ...(typeof issueId === 'number' && { issueId }),
    ...(typeof provider === 'string' && { provider }),
    ...(issuedAt && { issuedAt }),
    ...(nextUpdate && { nextUpdate }),
    signer: path.leaf.subject,
  };
}

/** The unsigned PEM bundle (GET /trust/bundle.pem): only for deployments that configure no trust-list anchor. */
export async function parsePemTrustList(text: string): Promise<Omit<SyncedTrustList, 'fetchedAt'>> {
  let anchors: Uint8Array[];
  try {
    anchors = parsePemBundle(text);
  } catch (error) {
    throw new TrustListError('TRUST_LIST_MALFORMED', `the trust list is not a PEM bundle: ${(error as Error).message}`);
  }
  const entries = await Promise.all(anchors.map(async (der) => {
    const description = await describeCertificate(der);
    return { subject: description.subject, docTypes: [], notAfter: description.notAfter };
  }));
  return { source: 'pem', bytes: new TextEncoder().encode(text), anchors, entries };
}
