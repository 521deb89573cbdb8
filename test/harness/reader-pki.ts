import { createIacaCertificate, createSignerCrypto, OID_MDL_READER_AUTH_EKU, parseCertificate, type X509Certificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
// After @citizen-zero/pki, which installs the Reflect metadata polyfill @peculiar/x509 needs.
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';

const DAY = 86_400_000;

export interface ReaderPki {
  readonly caSigner: SoftwareSigner;
  readonly ca: X509Certificate;
  readonly caDer: Uint8Array;
  /** The reader authentication key and its certificate (leaf first chain: [readerDer]). */
  readonly readerSigner: SoftwareSigner;
  readonly readerDer: Uint8Array;
}

/**
 * A reader CA and a reader authentication certificate (ISO/IEC 18013-5 Annex B: digitalSignature,
 * EKU 1.0.18013.5.1.6) issued by it, over in-memory keys. `eku` and `notAfter` make non-conforming ones.
 */
export async function createReaderPki(options: { eku?: string; notBefore?: Date; notAfter?: Date; commonName?: string; caCommonName?: string } = {}): Promise<ReaderPki> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const caSigner = await SoftwareSigner.generate('ES256', 'test-reader-ca');
  const ca = await createIacaCertificate({
    signer: caSigner,
    subject: { country: 'UT', commonName: options.caCommonName ?? 'Citizen Zero Test Reader CA', organization: 'Citizen Zero Tests' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 5 * 365 * DAY) },
    issuerAlternativeName: { uri: 'https://readers.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://readers.test.citizen-zero.example/crl',
  });
  const readerSigner = await SoftwareSigner.generate('ES256', 'test-reader');
  const spki = await readerSigner.publicKeySpki();
  const issuer = await createSignerCrypto(caSigner);
  const caKeyId = ca.getExtension(SubjectKeyIdentifierExtension)!.keyId;
  const publicKey = spki.buffer.slice(spki.byteOffset, spki.byteOffset + spki.byteLength) as ArrayBuffer;
  const certificate = await X509CertificateGenerator.create(
    {
      subject: `C=UT, O=Utopia Police, CN=${options.commonName ?? 'Test Reader'}`,
      issuer: ca.subjectName,
      notBefore,
      notAfter: options.notAfter ?? new Date(notBefore.getTime() + 365 * DAY),
      publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: issuer.signingAlgorithm,
      extensions: [
        new AuthorityKeyIdentifierExtension(caKeyId, false),
        await SubjectKeyIdentifierExtension.create(publicKey, false, issuer.crypto),
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([options.eku ?? OID_MDL_READER_AUTH_EKU], true),
      ],
    },
    issuer.crypto,
  );
  const readerDer = new Uint8Array(parseCertificate(new Uint8Array(certificate.rawData)).rawData);
  return { caSigner, ca, caDer: new Uint8Array(ca.rawData), readerSigner, readerDer };
}
