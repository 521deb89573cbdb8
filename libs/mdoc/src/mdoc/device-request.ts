import type { Signer } from '@citizen-zero/signing';
import { decodeCbor, encodeCbor } from '../cbor/cbor';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { asArray, asBoolean, asMap, asText, invalid, required } from '../cbor/structure';
import { CoseHeader } from '../cose/cose-header';
import { CoseSign1 } from '../cose/cose-sign1';
import { readerAuthenticationBytes } from '../session/device-authentication';
import type { SessionTranscript } from '../session/session-transcript';

/**
 * ItemsRequest (ISO/IEC 18013-5:2021 §8.3.2.1.2.1):
 * `{ "docType": DocType, "nameSpaces": { + NameSpace => { + DataElementIdentifier => IntentToRetain } }, ? "requestInfo": { * tstr => any } }`.
 */
export interface ItemsRequest {
  readonly docType: string;
  /** namespace → element → intent to retain */
  readonly nameSpaces: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  readonly requestInfo?: ReadonlyMap<string, unknown>;
}

/** DocRequest = `{ "itemsRequest": ItemsRequestBytes, ? "readerAuth": ReaderAuth }`. */
export interface DocRequest {
  readonly itemsRequest: ItemsRequest;
  readonly itemsRequestBytes: EncodedCbor<unknown>;
  readonly readerAuth?: CoseSign1;
}

/** DeviceRequest = `{ "version": tstr, "docRequests": [+ DocRequest] }` (§8.3.2.1.2.1). */
export class DeviceRequest {
  constructor(
    readonly version: string,
    readonly docRequests: readonly DocRequest[],
  ) {}

  /**
   * Builds a request; with `readerSigner` each DocRequest carries ReaderAuth, a COSE_Sign1 over the
   * detached ReaderAuthenticationBytes with the reader certificate chain in x5chain (§9.1.4).
   */
  static async create(params: {
    requests: readonly ItemsRequest[];
    readerAuth?: { signer: Signer; certificateChain: readonly Uint8Array[]; transcript: SessionTranscript };
  }): Promise<DeviceRequest> {
    const docRequests: DocRequest[] = [];
    for (const itemsRequest of params.requests) {
      const map = new Map<string, unknown>([
        ['docType', itemsRequest.docType],
        ['nameSpaces', new Map([...itemsRequest.nameSpaces].map(([ns, elements]) => [ns, new Map(elements)]))],
      ]);
      if (itemsRequest.requestInfo) map.set('requestInfo', new Map(itemsRequest.requestInfo));
      const itemsRequestBytes = EncodedCbor.fromValue<unknown>(map);
      let readerAuth: CoseSign1 | undefined;
      if (params.readerAuth) {
        const chain = params.readerAuth.certificateChain;
        readerAuth = await CoseSign1.sign({
          signer: params.readerAuth.signer,
          payload: readerAuthenticationBytes(params.readerAuth.transcript, itemsRequestBytes.itemBytes),
          detached: true,
          unprotectedHeaders: new Map([[CoseHeader.x5chain, chain.length === 1 ? chain[0] : [...chain]]]),
        });
      }
      docRequests.push({ itemsRequest, itemsRequestBytes, ...(readerAuth && { readerAuth }) });
    }
    return new DeviceRequest('1.0', docRequests);
  }

  static fromBytes(bytes: Uint8Array): DeviceRequest {
    const what = 'DeviceRequest';
    const map = asMap(decodeCbor(bytes, what), what);
    const version = asText(required(map, 'version', what), `${what} version`);
    const docRequests = asArray(required(map, 'docRequests', what), `${what} docRequests`).map((entry, index) => {
      const docRequest = asMap(entry, `DocRequest[${index}]`);
      const itemsRequestBytes = EncodedCbor.fromTag<unknown>(required(docRequest, 'itemsRequest', 'DocRequest'), 'ItemsRequestBytes');
      const itemsMap = asMap(itemsRequestBytes.value, 'ItemsRequest');
      const nameSpaces = new Map<string, Map<string, boolean>>();
      for (const [ns, elements] of asMap(required(itemsMap, 'nameSpaces', 'ItemsRequest'), 'ItemsRequest nameSpaces')) {
        const namespace = asText(ns, 'ItemsRequest namespace');
        const byId = new Map<string, boolean>();
        for (const [id, retain] of asMap(elements, `ItemsRequest[${namespace}]`)) byId.set(asText(id, 'DataElementIdentifier'), asBoolean(retain, 'IntentToRetain'));
        if (byId.size === 0) throw invalid('ItemsRequest', `namespace ${namespace} requests no elements`);
        nameSpaces.set(namespace, byId);
      }
      const itemsRequest: ItemsRequest = {
        docType: asText(required(itemsMap, 'docType', 'ItemsRequest'), 'ItemsRequest docType'),
        nameSpaces,
        ...(itemsMap.has('requestInfo') && { requestInfo: new Map([...asMap(itemsMap.get('requestInfo'), 'requestInfo')].map(([key, value]) => [asText(key, 'requestInfo key'), value])) }),
      };
      const readerAuth = docRequest.has('readerAuth') ? CoseSign1.fromCbor(docRequest.get('readerAuth'), 'ReaderAuth') : undefined;
      return { itemsRequest, itemsRequestBytes, ...(readerAuth && { readerAuth }) };
    });
    return new DeviceRequest(version, docRequests);
  }

  toBytes(): Uint8Array {
    return encodeCbor(
      new Map<string, unknown>([
        ['version', this.version],
        [
          'docRequests',
          this.docRequests.map((request) => {
            const map = new Map<string, unknown>([['itemsRequest', request.itemsRequestBytes.toTag()]]);
            if (request.readerAuth) map.set('readerAuth', request.readerAuth.toCbor());
            return map;
          }),
        ],
      ]),
    );
  }
}
