import { createServer, type Server } from 'node:http';
import { coseKeyFromJwk, DeviceEngagement, docTypeDefinition, issueMdoc, type IssuerSigned, type ItemsRequest, MDL_DOCTYPE, MDL_NAMESPACE, prepareClaims, presentDocuments, SessionTranscript } from '@citizen-zero/mdoc';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate, type X509Certificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createStatusListCwt, StatusList, StatusType } from '@citizen-zero/status-list';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';

/**
 * An issuing authority for verification tests, independent of apps/identity: an IACA and a
 * document signer (in-memory keys, Annex B certificates), mDLs with an MSO status reference, and
 * a Token Status List served over HTTP on loopback whose entries a test can change.
 */
export class TestIssuer {
  private readonly statuses = new Map<number, number>();
  private nextIndex = 1;
  private servedStale = false;

  private constructor(
    private readonly server: Server,
    readonly statusListUri: string,
    readonly iaca: X509Certificate,
    private readonly ds: SoftwareSigner,
    readonly dsCertificate: X509Certificate,
  ) {}

  static async start(): Promise<TestIssuer> {
    const iacaSigner = await SoftwareSigner.generate('ES384', 'iaca');
    const ds = await SoftwareSigner.generate('ES256', 'ds');
    const now = Date.now();
    const iaca = await createIacaCertificate({ signer: iacaSigner, subject: { country: 'UT', commonName: 'Utopia Verification Test IACA' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 5 * 365 * 86_400_000) }, issuerAlternativeName: { uri: 'https://iaca.utopia.example' }, crlDistributionPointUri: 'https://iaca.utopia.example/crl' });
    const dsCertificate = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await ds.publicKeySpki(), subject: { country: 'UT', commonName: 'Utopia Verification Test DS' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) } });
    const holder: { issuer?: TestIssuer } = {};
    const server = createServer((_request, response) => {
      void holder.issuer!.statusListToken().then((token) => response.writeHead(200, { 'content-type': 'application/statuslist+cwt' }).end(Buffer.from(token)), () => response.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    holder.issuer = new TestIssuer(server, `http://127.0.0.1:${port}/status-lists/1`, iaca, ds, dsCertificate);
    return holder.issuer;
  }

  get host(): string {
    return new URL(this.statusListUri).host;
  }

  get iacaPem(): string {
    return certificatePem(this.iaca);
  }

  setStatus(index: number, status: 'valid' | 'revoked' | 'suspended'): void {
    this.statuses.set(index, status === 'valid' ? StatusType.VALID : status === 'revoked' ? StatusType.INVALID : StatusType.SUSPENDED);
  }

  /** Serve tokens that expired an hour ago (as a status issuer that stopped publishing would). */
  serveExpired(): void {
    this.servedStale = true;
  }

  private async statusListToken(): Promise<Uint8Array> {
    const list = StatusList.create(1024, 2);
    for (const [index, value] of this.statuses) list.set(index, value);
    const issuedAt = new Date(Date.now() - (this.servedStale ? 2 * 3600_000 : 0));
    return createStatusListCwt({ signer: this.ds, certificateChain: [new Uint8Array(this.dsCertificate.rawData)], statusList: list, uri: this.statusListUri, issuedAt, expiresAt: new Date(issuedAt.getTime() + 3600_000), timeToLive: 60 });
  }

  /** Issues an mDL to a fresh holder and returns a device-signed presentation of `elements` (all when absent). */
  async presentMdl(elements?: readonly string[]): Promise<{ deviceResponse: Uint8Array; sessionTranscript: Uint8Array; statusIndex: number; issuerSigned: IssuerSigned }> {
    const { issuerSigned, deviceSigner, statusIndex } = await this.issueMdl();
    const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const eReader = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
    const transcript = SessionTranscript.create({ deviceEngagementBytes: engagement.bytes, eReaderKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eReader.publicKey)), handover: null });
    const all = issuerSigned.nameSpaces.get(MDL_NAMESPACE)!.map((entry) => entry.item.elementIdentifier);
    const request: ItemsRequest = { docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map((elements ?? all).map((element) => [element, false]))]]) };
    const response = await presentDocuments({ credentials: [issuerSigned], requests: [request], transcript, authenticator: { kind: 'signature', signer: deviceSigner } });
    return { deviceResponse: response.toBytes(), sessionTranscript: transcript.taggedBytes(), statusIndex, issuerSigned };
  }

  /** Issues an mDL (with a status list entry) to a fresh holder: the credential and the holder's device key, as a wallet keeps them. */
  async issueMdl(): Promise<{ issuerSigned: IssuerSigned; deviceSigner: SoftwareSigner; statusIndex: number }> {
    const statusIndex = this.nextIndex++;
    const device = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const deviceKey = coseKeyFromJwk(await crypto.subtle.exportKey('jwk', device.publicKey));
    const now = new Date();
    const issuerSigned = await issueMdoc({
      docType: MDL_DOCTYPE,
      nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), {
        [MDL_NAMESPACE]: { family_name: 'Okonkwo', given_name: 'Adaeze', birth_date: '1990-04-17', issue_date: '2026-01-10', expiry_date: '2031-01-09', issuing_country: 'UT', issuing_authority: 'Utopia Road Traffic Authority', document_number: 'DL7001', portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64'), driving_privileges: [{ vehicle_category_code: 'B' }], un_distinguishing_sign: 'UTO', nationality: 'UT' },
      }, now),
      deviceKey,
      validity: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 365 * 86_400_000) },
      signer: this.ds,
      certificateChain: [new Uint8Array(this.dsCertificate.rawData)],
      status: { statusList: { idx: statusIndex, uri: this.statusListUri } },
    });
    return { issuerSigned, deviceSigner: SoftwareSigner.fromKeyPair('ES256', device, 'device'), statusIndex };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
