import { signatureAlgorithmInfo, type Signer } from '@citizen-zero/signing';
import { CoseHeader } from '../cose/cose-header';
import { coseKeyToJwk, type CoseKey } from '../cose/cose-key';
import { CoseSign1 } from '../cose/cose-sign1';
import { digest, type DigestAlgorithm } from '../mdoc/digest';
import { createIssuerSignedItem, randomSalts, type IssuerSignedItemBytes } from '../mdoc/issuer-signed-item';
import { IssuerSigned } from '../mdoc/issuer-signed';
import { encodeMobileSecurityObject, MSO_VERSION, type KeyAuthorizations, type MsoStatus, type ValidityInfo } from '../mdoc/mobile-security-object';
import { MdocError } from '../mdoc-error';

export interface IssueMdocParams {
  readonly docType: string;
  /** namespace → element → CBOR value (see `prepareClaims` for JSON claims). */
  readonly nameSpaces: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** The holder's device public key (§9.1.2.4 DeviceKeyInfo). */
  readonly deviceKey: CoseKey;
  readonly keyAuthorizations?: KeyAuthorizations;
  readonly validity: ValidityInfo;
  /** The document signer key, in the HSM in production. */
  readonly signer: Signer;
  /** The DS certificate (leaf first, DER), placed in the x5chain header. */
  readonly certificateChain: readonly Uint8Array[];
  readonly digestAlgorithm?: DigestAlgorithm;
  /** Where the credential's status is published (Token Status List entry). */
  readonly status?: MsoStatus;
}

/**
 * Issues an mdoc: one IssuerSignedItem per element with a fresh 32-byte salt, digest IDs
 * assigned in random order so they reveal nothing about the elements, the MSO with a digest of
 * every IssuerSignedItemBytes, signed as IssuerAuth through the Signer port
 * (ISO/IEC 18013-5:2021 §9.1.2.4, §9.1.2.5).
 */
export async function issueMdoc(params: IssueMdocParams): Promise<IssuerSigned> {
  const digestAlgorithm = params.digestAlgorithm ?? 'SHA-256';
  coseKeyToJwk(params.deviceKey, 'device key');
  if (params.certificateChain.length === 0) throw new MdocError('ISSUER_CERTIFICATE_MISSING', 'the document signer certificate is required in x5chain (§9.1.2.4)');
  const { validFrom, validUntil, signed } = params.validity;
  if (!(validFrom.getTime() <= validUntil.getTime()) || signed.getTime() > validUntil.getTime()) {
    throw new MdocError('MSO_INVALID', 'validity must satisfy signed ≤ validUntil and validFrom ≤ validUntil');
  }
  signatureAlgorithmInfo(params.signer.algorithm);

  const nameSpaces = new Map<string, IssuerSignedItemBytes[]>();
  const valueDigests = new Map<string, Map<number, Uint8Array>>();
  for (const [namespace, elements] of params.nameSpaces) {
    const digestIds = shuffledIds(elements.size);
    const salts = randomSalts(elements.size);
    const items: IssuerSignedItemBytes[] = [];
    const digests = new Map<number, Uint8Array>();
    let index = 0;
    for (const [elementIdentifier, elementValue] of elements) {
      const item = createIssuerSignedItem({ digestId: digestIds[index]!, elementIdentifier, elementValue, random: salts[index]! });
      index++;
      items.push(item);
      digests.set(item.item.digestId, await digest(digestAlgorithm, item.encoded.taggedBytes()));
    }
    nameSpaces.set(namespace, items);
    valueDigests.set(namespace, new Map([...digests].sort(([a], [b]) => a - b)));
  }

  const mso = encodeMobileSecurityObject({
    version: MSO_VERSION,
    digestAlgorithm,
    valueDigests,
    deviceKeyInfo: { deviceKey: params.deviceKey, ...(params.keyAuthorizations && { keyAuthorizations: params.keyAuthorizations }) },
    docType: params.docType,
    validityInfo: params.validity,
    ...(params.status && { status: params.status }),
  });
  const chain = params.certificateChain;
  const issuerAuth = await CoseSign1.sign({
    signer: params.signer,
    payload: mso.taggedBytes(),
    unprotectedHeaders: new Map([[CoseHeader.x5chain, chain.length === 1 ? chain[0] : [...chain]]]),
  });
  return IssuerSigned.create(nameSpaces, issuerAuth);
}

function shuffledIds(count: number): number[] {
  const ids = Array.from({ length: count }, (_, index) => index);
  const random = crypto.getRandomValues(new Uint32Array(Math.max(count, 1)));
  for (let index = count - 1; index > 0; index--) {
    const swap = random[index]! % (index + 1);
    [ids[index], ids[swap]] = [ids[swap]!, ids[index]!];
  }
  return ids;
}
