import { validateCertificatePath, type CertificatePathValidationResult, type X509Certificate } from '@citizen-zero/pki';
import type { NamedCurve } from '@citizen-zero/signing';
import { bytesEqual } from '../cbor/cbor';
import { importCoseKey, type CoseKey } from '../cose/cose-key';
import { digest } from '../mdoc/digest';
import { DeviceResponse, DeviceResponseStatus } from '../mdoc/device-response';
import type { MdocDocument } from '../mdoc/document';
import type { IssuerSignedItemBytes } from '../mdoc/issuer-signed-item';
import { isDeviceSignedElementAuthorized } from '../mdoc/mobile-security-object';
import { MdocError } from '../mdoc-error';
import { deviceAuthenticationBytes } from '../session/device-authentication';
import { deriveSessionKey, ecdhSharedSecret } from '../session/key-derivation';
import type { SessionTranscript } from '../session/session-transcript';
import type { CheckName, CheckResult, DeviceResponseVerdict, DocumentVerdict, IssuerCertificateSummary } from './verification-report';

export interface VerifyDeviceResponseOptions {
  /** Trusted IACA certificates (DER). */
  readonly trustAnchors: readonly Uint8Array[];
  /** The verification time; defaults to now. */
  readonly at?: Date;
  /** The session transcript the device authenticated over; without it device authentication fails. */
  readonly transcript?: SessionTranscript;
  /** The reader's ephemeral ECDH private key (EReaderKey.Priv), needed to check a deviceMac (§9.1.3.5). */
  readonly eReaderKeyPrivate?: CryptoKey;
  /** CRLs of the trusted IACAs. */
  readonly crls?: readonly Uint8Array[];
}

/**
 * Verifies a DeviceResponse as an mdoc reader does (ISO/IEC 18013-5:2021 §9.3.1, "inspection
 * procedure for issuer data authentication", and §9.1.3 for mdoc authentication): every check
 * is reported with a stable code, and only elements whose digest verified are returned.
 */
export async function verifyDeviceResponse(responseBytes: Uint8Array, options: VerifyDeviceResponseOptions): Promise<DeviceResponseVerdict> {
  let response: DeviceResponse;
  try {
    response = DeviceResponse.fromBytes(responseBytes);
  } catch (error) {
    const code = error instanceof MdocError ? error.code : 'CBOR_DECODING_FAILED';
    return { valid: false, status: -1, documents: [], documentErrors: [], problems: [{ check: 'structure', passed: false, code, message: (error as Error).message }], verifiedAt: options.at ?? new Date() };
  }
  return verifyParsedDeviceResponse(response, options);
}

/** {@link verifyDeviceResponse} of a DeviceResponse the caller has already parsed (from the bytes it received). */
export async function verifyParsedDeviceResponse(response: DeviceResponse, options: VerifyDeviceResponseOptions): Promise<DeviceResponseVerdict> {
  const verifiedAt = options.at ?? new Date();
  const problems: CheckResult[] = [];
  if (response.status !== DeviceResponseStatus.OK) {
    problems.push({ check: 'structure', passed: false, code: 'DEVICE_RESPONSE_STATUS_ERROR', message: `DeviceResponse status ${response.status} (§8.3.2.1.2.3)` });
  }
  const documents: DocumentVerdict[] = [];
  for (const document of response.documents) documents.push(await verifyDocument(document, options, verifiedAt));
  const valid = problems.length === 0 && documents.length > 0 && documents.every((document) => document.valid);
  return { valid, status: response.status, documents, documentErrors: response.documentErrors, problems, verifiedAt };
}

export async function verifyDocument(document: MdocDocument, options: VerifyDeviceResponseOptions, at: Date): Promise<DocumentVerdict> {
  const checks: CheckResult[] = [];
  const pass = (check: CheckName, message: string): void => void checks.push({ check, passed: true, message });
  const fail = (check: CheckName, code: string, message: string, where?: { namespace: string; elementIdentifier: string }): void =>
    void checks.push({ check, passed: false, code, message, ...where });
  const { issuerSigned } = document;
  const mso = issuerSigned.mso;

  // 1. Document signer certificate chain to a trusted IACA (§9.3.1 step 1, Annex B).
  const chain = issuerSigned.issuerAuth.x5chain();
  let path: CertificatePathValidationResult | undefined;
  let issuerCertificate: IssuerCertificateSummary | undefined;
  if (chain.length === 0) {
    fail('issuer-certificate-chain', 'ISSUER_CERTIFICATE_MISSING', 'issuerAuth carries no x5chain');
  } else {
    path = await validateCertificatePath({ chain: [...chain], trustAnchors: [...options.trustAnchors], at, purpose: 'mdoc-document-signer', ...(options.crls && { crls: [...options.crls] }) });
    if (path.leaf) {
      issuerCertificate = {
        subject: path.leaf.subject,
        issuer: path.leaf.issuer,
        serialNumber: path.leaf.serialNumber,
        notBefore: path.leaf.notBefore,
        notAfter: path.leaf.notAfter,
      };
    }
    if (path.valid) pass('issuer-certificate-chain', `document signer certificate chains to trusted IACA ${path.anchor?.subject ?? ''}`.trim());
    for (const error of path.errors) fail('issuer-certificate-chain', error.code === 'CERT_CHAIN_UNTRUSTED' ? 'CERT_CHAIN_UNTRUSTED' : error.code, error.message);
  }

  // 2. Issuer signature over MobileSecurityObjectBytes with the DS public key (§9.3.1 step 2).
  if (path?.leaf) {
    try {
      const algorithm = issuerSigned.issuerAuth.algorithm;
      const publicKey = await documentSignerKey(path.leaf, algorithm.curve);
      if (await issuerSigned.issuerAuth.verify(publicKey)) pass('issuer-signature', `issuerAuth ${algorithm.algorithm} signature verified`);
      else fail('issuer-signature', 'ISSUER_SIGNATURE_INVALID', 'issuerAuth signature does not verify with the document signer key');
    } catch (error) {
      fail('issuer-signature', error instanceof MdocError ? error.code : 'ISSUER_SIGNATURE_INVALID', `issuerAuth could not be verified: ${(error as Error).message}`);
    }
    const signed = mso.validityInfo.signed.getTime();
    if (signed >= path.leaf.notBefore.getTime() && signed <= path.leaf.notAfter.getTime()) pass('mso-signed-within-certificate-validity', 'MSO signed within the document signer certificate validity');
    else fail('mso-signed-within-certificate-validity', 'MSO_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY', 'validityInfo.signed is outside the document signer certificate validity (§9.3.1)');
  } else {
    fail('issuer-signature', 'ISSUER_SIGNATURE_INVALID', 'issuerAuth cannot be verified without a parseable document signer certificate');
  }

  // 3. docType of the document equals the MSO docType (§9.3.1 step 4).
  if (mso.docType === document.docType) pass('doc-type', `docType ${mso.docType}`);
  else fail('doc-type', 'DOCTYPE_MISMATCH', `Document docType ${document.docType} differs from the MSO docType ${mso.docType}`);

  // 4. Digest of every IssuerSignedItemBytes matches the MSO (§9.3.1 step 3).
  const disclosed = new Map<string, Map<string, unknown>>();
  let digestFailures = 0;
  let digestCount = 0;
  const computed = new Map<IssuerSignedItemBytes, Promise<Uint8Array>>();
  for (const items of issuerSigned.nameSpaces.values()) for (const entry of items) computed.set(entry, digest(mso.digestAlgorithm, entry.encoded.taggedBytes()));
  for (const [namespace, items] of issuerSigned.nameSpaces) {
    const expected = mso.valueDigests.get(namespace);
    const seen = new Set<number>();
    for (const entry of items) {
      const { item } = entry;
      digestCount++;
      const where = { namespace, elementIdentifier: item.elementIdentifier };
      if (seen.has(item.digestId)) {
        digestFailures++;
        fail('value-digests', 'MSO_DIGEST_MISMATCH', `digestID ${item.digestId} appears twice in ${namespace}`, where);
        continue;
      }
      seen.add(item.digestId);
      const expectedDigest = expected?.get(item.digestId);
      if (!expectedDigest) {
        digestFailures++;
        fail('value-digests', 'MSO_DIGEST_MISSING', `no digest for ${namespace}/${item.elementIdentifier} (digestID ${item.digestId}) in the MSO`, where);
        continue;
      }
      if (!bytesEqual(await computed.get(entry)!, expectedDigest)) {
        digestFailures++;
        fail('value-digests', 'MSO_DIGEST_MISMATCH', `digest of ${namespace}/${item.elementIdentifier} does not match the MSO`, where);
        continue;
      }
      disclosed.set(namespace, (disclosed.get(namespace) ?? new Map()).set(item.elementIdentifier, item.elementValue));
    }
  }
  if (digestFailures === 0) pass('value-digests', `${digestCount} element digest(s) match the MSO (${mso.digestAlgorithm})`);

  // 5. The MSO is valid at the verification time (§9.3.1 step 5).
  const { validFrom, validUntil } = mso.validityInfo;
  if (at.getTime() < validFrom.getTime()) fail('mso-validity', 'MSO_NOT_YET_VALID', `MSO valid from ${validFrom.toISOString()}, verification time ${at.toISOString()}`);
  else if (at.getTime() > validUntil.getTime()) fail('mso-validity', 'MSO_EXPIRED', `MSO expired ${validUntil.toISOString()}, verification time ${at.toISOString()}`);
  else pass('mso-validity', `MSO valid ${validFrom.toISOString()} – ${validUntil.toISOString()}`);

  // 6. Device authentication over the SessionTranscript (§9.1.3).
  const deviceSignedElements = new Map<string, Map<string, unknown>>();
  let deviceAuthentication: DocumentVerdict['deviceAuthentication'] = 'none';
  const deviceSigned = document.deviceSigned;
  if (!deviceSigned) {
    fail('device-authentication', 'DEVICE_AUTH_MISSING', 'the document has no deviceSigned part (§8.3.2.1.2.2)');
  } else if (!options.transcript) {
    fail('device-authentication', 'SESSION_TRANSCRIPT_MISSING', 'device authentication needs the SessionTranscript of the session');
  } else {
    const payload = deviceAuthenticationBytes(options.transcript, document.docType, deviceSigned.nameSpaces.itemBytes);
    const deviceKey = mso.deviceKeyInfo.deviceKey as CoseKey;
    try {
      if ('deviceSignature' in deviceSigned.deviceAuth) {
        deviceAuthentication = 'signature';
        const key = await importCoseKey(deviceKey, 'verify', 'MSO deviceKey');
        if (await deviceSigned.deviceAuth.deviceSignature.verify(key, payload)) pass('device-authentication', 'device signature over DeviceAuthentication verified');
        else fail('device-authentication', 'DEVICE_SIGNATURE_INVALID', 'device signature does not verify with the MSO device key');
      } else {
        deviceAuthentication = 'mac';
        if (!options.eReaderKeyPrivate) {
          fail('device-authentication', 'READER_KEY_REQUIRED', 'a deviceMac can only be checked with the reader ephemeral private key');
        } else {
          const devicePublic = await importCoseKey(deviceKey, 'ecdh', 'MSO deviceKey');
          const macKey = await deriveSessionKey(await ecdhSharedSecret(options.eReaderKeyPrivate, devicePublic), options.transcript, 'EMacKey');
          if (await deviceSigned.deviceAuth.deviceMac.verify(macKey, payload)) pass('device-authentication', 'device MAC over DeviceAuthentication verified');
          else fail('device-authentication', 'DEVICE_MAC_INVALID', 'device MAC does not verify with EMacKey');
        }
      }
    } catch (error) {
      fail('device-authentication', error instanceof MdocError ? error.code : 'DEVICE_SIGNATURE_INVALID', `device authentication failed: ${(error as Error).message}`);
    }
    // 7. Device-signed elements must be authorized by the MSO keyAuthorizations (§9.1.2.4).
    const signedByDevice = deviceSigned.elements();
    let unauthorized = 0;
    for (const [namespace, elements] of signedByDevice) {
      for (const [id, value] of elements) {
        if (!isDeviceSignedElementAuthorized(mso.deviceKeyInfo.keyAuthorizations, namespace, id)) {
          unauthorized++;
          fail('device-key-authorizations', 'DEVICE_KEY_NOT_AUTHORIZED', `the device key is not authorized to sign ${namespace}/${id}`, { namespace, elementIdentifier: id });
        } else if (checks.every((check) => check.check !== 'device-authentication' || check.passed)) {
          deviceSignedElements.set(namespace, (deviceSignedElements.get(namespace) ?? new Map()).set(id, value));
        }
      }
    }
    if (signedByDevice.size > 0 && unauthorized === 0) pass('device-key-authorizations', 'device-signed elements are authorized');
  }

  return {
    docType: document.docType,
    valid: checks.every((check) => check.passed),
    checks,
    issuerSigned: disclosed,
    deviceSigned: deviceSignedElements,
    notReturned: document.errors ?? new Map(),
    validityInfo: mso.validityInfo,
    ...(issuerCertificate && { issuerCertificate }),
    deviceAuthentication,
  };
}

/** Imported DS public keys, per parsed certificate and curve (pki memoises parsing, so a DS maps to one object). */
const documentSignerKeys = new WeakMap<X509Certificate, Map<NamedCurve, Promise<CryptoKey>>>();

function documentSignerKey(certificate: X509Certificate, curve: NamedCurve): Promise<CryptoKey> {
  let byCurve = documentSignerKeys.get(certificate);
  if (!byCurve) documentSignerKeys.set(certificate, (byCurve = new Map()));
  let key = byCurve.get(curve);
  if (!key) {
    key = crypto.subtle.importKey('spki', certificate.publicKey.rawData, { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
    byCurve.set(curve, key);
  }
  return key;
}
