import {
  coseKeyFromJwk,
  docTypeDefinition,
  issueMdoc,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  OID_MDL_READER_AUTH_EKU,
  prepareClaims,
  type IssuerSigned,
  type SessionTransport,
} from '@citizen-zero/mdoc';
import { createIacaCertificate, createSignerCrypto, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
// After @citizen-zero/pki, which installs the Reflect metadata polyfill @peculiar/x509 needs.
import { AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, X509CertificateGenerator } from '@peculiar/x509';

const DAY = 86_400_000;
const validity = () => ({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });

/** An element value that appears nowhere but in the holder's mDL: it must never be seen on the relay. */
export const SECRET_FAMILY_NAME = 'Zwelithini-Kowalczyk';

/** The three parties of a relayed session, on in-memory keys: issuing authority, holder (wallet) and reader (verifier). */
export interface RelayParties {
  /** The IACA the verifier trusts. */
  readonly iacaDer: Uint8Array;
  /** The holder's mDL and its device key (ECDSA P-256, for device signatures). */
  readonly mdl: IssuerSigned;
  readonly deviceSigner: SoftwareSigner;
  /** The reader CA the wallet trusts, and the reader's authentication key and certificate (ISO/IEC 18013-5 Annex B). */
  readonly readerCaDer: Uint8Array;
  readonly readerSigner: SoftwareSigner;
  readonly readerDer: Uint8Array;
}

export async function createRelayParties(): Promise<RelayParties> {
  const iacaSigner = await SoftwareSigner.generate('ES384', 'relay-test-iaca');
  const iaca = await createIacaCertificate({ signer: iacaSigner, subject: { country: 'UT', commonName: 'Utopia Relay Test IACA' }, validity: { ...validity(), notAfter: new Date(Date.now() + 5 * 365 * DAY) }, issuerAlternativeName: { uri: 'https://iaca.utopia.example' }, crlDistributionPointUri: 'https://iaca.utopia.example/crl' });
  const dsSigner = await SoftwareSigner.generate('ES256', 'relay-test-ds');
  const ds = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await dsSigner.publicKeySpki(), subject: { country: 'UT', commonName: 'Utopia Relay Test DS' }, validity: validity() });

  const device = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const now = new Date();
  const mdl = await issueMdoc({
    docType: MDL_DOCTYPE,
    nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), {
      [MDL_NAMESPACE]: { family_name: SECRET_FAMILY_NAME, given_name: 'Ifeoma', birth_date: '1988-09-02', issue_date: '2026-01-10', expiry_date: '2031-01-09', issuing_country: 'UT', issuing_authority: 'Utopia Road Traffic Authority', document_number: 'DL7301', portrait: Buffer.from(syntheticPortraitJpeg(7)).toString('base64'), driving_privileges: [{ vehicle_category_code: 'B' }], un_distinguishing_sign: 'UTO', nationality: 'UT' },
    }, now),
    deviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', device.publicKey)),
    validity: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 365 * DAY) },
    signer: dsSigner,
    certificateChain: [new Uint8Array(ds.rawData)],
  });

  const readerCaSigner = await SoftwareSigner.generate('ES256', 'relay-test-reader-ca');
  const readerCa = await createIacaCertificate({ signer: readerCaSigner, subject: { country: 'UT', commonName: 'Utopia Relay Test Reader CA' }, validity: { ...validity(), notAfter: new Date(Date.now() + 5 * 365 * DAY) }, issuerAlternativeName: { uri: 'https://readers.utopia.example' }, crlDistributionPointUri: 'https://readers.utopia.example/crl' });
  const readerSigner = await SoftwareSigner.generate('ES256', 'relay-test-reader');
  const spki = await readerSigner.publicKeySpki();
  const publicKey = spki.buffer.slice(spki.byteOffset, spki.byteOffset + spki.byteLength) as ArrayBuffer;
  const issuer = await createSignerCrypto(readerCaSigner);
  const reader = await X509CertificateGenerator.create(
    {
      subject: 'C=UT, O=Utopia Border Police, CN=Relay Test Reader',
      issuer: readerCa.subjectName,
      ...validity(),
      publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: issuer.signingAlgorithm,
      extensions: [
        new AuthorityKeyIdentifierExtension(readerCa.getExtension(SubjectKeyIdentifierExtension)!.keyId, false),
        await SubjectKeyIdentifierExtension.create(publicKey, false, issuer.crypto),
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([OID_MDL_READER_AUTH_EKU], true),
      ],
    },
    issuer.crypto,
  );

  return {
    iacaDer: new Uint8Array(iaca.rawData),
    mdl,
    deviceSigner: SoftwareSigner.fromKeyPair('ES256', device, 'device'),
    readerCaDer: new Uint8Array(readerCa.rawData),
    readerSigner,
    readerDer: new Uint8Array(reader.rawData),
  };
}

/** A transport that records every message an end sends and receives (what the relay saw, and what it delivered). */
export function recording(transport: SessionTransport): { transport: SessionTransport; sent: Uint8Array[]; received: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  const received: Uint8Array[] = [];
  return {
    sent,
    received,
    transport: {
      send(message) {
        sent.push(Uint8Array.from(message));
        return transport.send(message);
      },
      onMessage(handler) {
        return transport.onMessage((message) => {
          received.push(Uint8Array.from(message));
          handler(message);
        });
      },
      ...(transport.onClose && { onClose: (handler: () => void) => transport.onClose!(handler) }),
    },
  };
}
