import { describe, expect, it } from 'vitest';
import { base64UrlEncode, DeviceResponse, DeviceResponseStatus, MDL_DOCTYPE, MDL_NAMESPACE, ReaderSession, zkSessionProofResponse, zkSessionProofText, type ReceivedZkRequest, type ZkSessionRequest } from '@citizen-zero/mdoc';
import { createMdocEngagement, startDevice } from './support/session';

const request: ZkSessionRequest = { nonce: crypto.getRandomValues(new Uint8Array(32)), audience: 'Utopia Border Police, counter 4', claims: ['age_over_18'], minimumAge: 18 };

describe('ReaderSession.requestZkProof (the private zero-knowledge exchange, reader side)', () => {
  it('sends the request in the encrypted session and returns the proof with the nonce it must be bound to; DeviceRequests go on afterwards', async () => {
    const mdoc = await createMdocEngagement();
    const seen: ReceivedZkRequest[] = [];
    const envelope = JSON.stringify({ fmt: 'cz-zk-proof', disclosed: { age_over_18: true } });
    const { pair } = startDevice(mdoc, {
      onZkRequest: (received) => {
        seen.push(received);
        return zkSessionProofResponse(envelope);
      },
      onRequest: () => new DeviceResponse('1.0', [], [], DeviceResponseStatus.OK),
    });
    const reader = await ReaderSession.create({ deviceEngagement: mdoc.engagement, transport: pair.reader });
    const answer = await reader.requestZkProof(request);
    expect(answer.kind).toBe('response');
    if (answer.kind !== 'response') return;
    expect(zkSessionProofText(answer.response)).toBe(envelope);
    expect(answer.bindingNonce).toBe(base64UrlEncode(request.nonce));
    expect(seen[0]!.bindingNonce).toBe(answer.bindingNonce);
    expect(seen[0]!.request.claims).toEqual(['age_over_18']);
    expect(answer.terminated).toBe(false);
    const next = await reader.request(await reader.createDeviceRequest({ requests: [{ docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['age_over_18', false]])]]) }] }));
    expect(DeviceResponse.fromBytes(next.deviceResponseBytes).status).toBe(DeviceResponseStatus.OK);
  });

  it('returns the holder’s refusal as an error response, and "unsupported" when the mdoc answers with a DeviceResponse', async () => {
    const declining = await createMdocEngagement();
    const { pair } = startDevice(declining, { onZkRequest: () => ({ error: 'declined' }) });
    const reader = await ReaderSession.create({ deviceEngagement: declining.engagement, transport: pair.reader });
    expect(await reader.requestZkProof(request)).toMatchObject({ kind: 'response', response: { error: 'declined' } });

    const plain = await createMdocEngagement();
    const old = startDevice(plain);
    const oldReader = await ReaderSession.create({ deviceEngagement: plain.engagement, transport: old.pair.reader });
    const unsupported = await oldReader.requestZkProof(request);
    expect(unsupported.kind).toBe('unsupported');
    if (unsupported.kind === 'unsupported') expect(DeviceResponse.fromBytes(unsupported.deviceResponseBytes).status).toBe(DeviceResponseStatus.CBOR_VALIDATION_ERROR);
  });
});
