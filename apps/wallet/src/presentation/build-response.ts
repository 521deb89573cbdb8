import { DeviceResponse, DeviceResponseStatus, ERROR_DATA_NOT_RETURNED, presentDocuments, zkSessionProofResponse, type ReceivedDeviceRequest, type ReceivedZkRequest, type ZkSessionResponse } from '@citizen-zero/mdoc';
import type { Signer } from '@citizen-zero/signing';
import { deriveProof, DISCLOSABLE_CLAIMS, serializeProofEnvelope, type DisclosableClaim, type ZkCredential } from '@citizen-zero/zk-credentials';
import { parseHeldIssuerSigned, type HeldMdoc } from '../credentials/held-credential';

/** One element the citizen may release: `docType`, namespace and identifier. */
export interface ElementChoice {
  readonly docType: string;
  readonly namespace: string;
  readonly elementIdentifier: string;
}

export function choiceKey(choice: ElementChoice): string {
  return JSON.stringify([choice.docType, choice.namespace, choice.elementIdentifier]);
}

/** Which requested elements the wallet holds (per doctype, in the citizen's credential of that doctype). */
export function availableElements(received: ReceivedDeviceRequest, credentials: readonly HeldMdoc[]): Set<string> {
  const available = new Set<string>();
  for (const docRequest of received.docRequests) {
    const held = credentials.find((credential) => credential.docType === docRequest.docType);
    if (!held) continue;
    const issuerSigned = parseHeldIssuerSigned(held);
    for (const element of docRequest.elements) {
      if (issuerSigned.nameSpaces.get(element.namespace)?.some((entry) => entry.item.elementIdentifier === element.elementIdentifier)) {
        available.add(choiceKey({ docType: docRequest.docType, ...element }));
      }
    }
  }
  return available;
}

/**
 * The DeviceResponse for a DeviceRequest with only the elements the citizen chose (selective
 * disclosure, ISO/IEC 18013-5:2021 §8.3.2.1.2.2), each document device-signed over the session's
 * SessionTranscript by the device key its credential is bound to (§9.1.3.4). A requested doctype
 * the wallet does not hold goes into documentErrors, a withheld element into the document's errors
 * (code 0, data not returned).
 */
export async function buildDeviceResponse(params: {
  readonly received: ReceivedDeviceRequest;
  readonly credentials: readonly HeldMdoc[];
  readonly chosen: ReadonlySet<string>;
  readonly signerFor: (credential: HeldMdoc) => Promise<Signer>;
}): Promise<DeviceResponse> {
  const documents: DeviceResponse['documents'][number][] = [];
  const documentErrors: Map<string, number>[] = [];
  for (const docRequest of params.received.docRequests) {
    const held = params.credentials.find((credential) => credential.docType === docRequest.docType);
    if (!held) {
      documentErrors.push(new Map([[docRequest.docType, ERROR_DATA_NOT_RETURNED]]));
      continue;
    }
    const response = await presentDocuments({
      credentials: [parseHeldIssuerSigned(held)],
      requests: [docRequest.itemsRequest],
      consent: (docType, namespace, elementIdentifier) => params.chosen.has(choiceKey({ docType, namespace, elementIdentifier })),
      transcript: params.received.transcript,
      authenticator: { kind: 'signature', signer: await params.signerFor(held) },
    });
    documents.push(...response.documents);
    documentErrors.push(...response.documentErrors.map((errors) => new Map(errors)));
  }
  return new DeviceResponse('1.0', documents, documentErrors, DeviceResponseStatus.OK);
}

/** The claims of a zero-knowledge request the BBS credential can prove (the others are listed as not provable). */
export function provableClaims(received: ReceivedZkRequest): { readonly provable: DisclosableClaim[]; readonly unknown: string[] } {
  const disclosable = DISCLOSABLE_CLAIMS as readonly string[];
  return {
    provable: received.request.claims.filter((claim): claim is DisclosableClaim => disclosable.includes(claim)),
    unknown: received.request.claims.filter((claim) => !disclosable.includes(claim)),
  };
}

/**
 * The answer to a zero-knowledge request: a fresh BBS proof disclosing only `disclose` (and the
 * credential's `valid_until`), bound to the reader's audience and nonce (the BBS presentation
 * header), serialized as the proof envelope of libs/zk-credentials.
 */
export async function buildZkResponse(params: { readonly received: ReceivedZkRequest; readonly credential: ZkCredential; readonly disclose: readonly DisclosableClaim[] }): Promise<ZkSessionResponse> {
  if (params.disclose.length === 0) throw new Error('choose at least one claim to prove');
  const envelope = await deriveProof(params.credential, params.disclose, { audience: params.received.request.audience, nonce: params.received.bindingNonce });
  return zkSessionProofResponse(serializeProofEnvelope(envelope));
}
