import { certificatePem, createIacaCertificate, createSignerCrypto, parseCertificate, type X509Certificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
// After @citizen-zero/pki, which installs the Reflect metadata polyfill @peculiar/x509 needs.
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';

const DAY = 86_400_000;
/** id-mdl-kp-mdlReaderAuth (ISO/IEC 18013-5:2021 Annex B). */
const MDL_READER_AUTH_EKU = '1.0.18013.5.1.6';

/** A development verifier (relying party) PKI: a root, and an access certificate for signing OpenID4VP Request Objects. */
export interface VerifierAccessPki {
  readonly root: X509Certificate;
  readonly rootDer: Uint8Array;
  readonly rootPem: string;
  /** The access certificate's key, in process memory (extractable, for writing the PKCS#8 file). */
  readonly accessSigner: SoftwareSigner;
  readonly accessDer: Uint8Array;
  readonly accessPem: string;
  /** The access key as PKCS#8 PEM, what `CZ_OPENID4VP_SIGNING_KEY_FILE` points to. */
  readonly accessKeyPem: string;
}

/**
 * A verifier root CA (the Annex B root profile, as for reader CAs) and, issued by it, an access
 * certificate for `dnsName`: dNSName SAN (OpenID4VP 1.0 §5.9.3, x509_san_dns), keyUsage
 * digitalSignature, EKU mdlReaderAuth, not a CA. Options make non-conforming ones.
 */
export async function createVerifierAccessPki(options: { dnsName: string; sanDnsName?: string | null; notBefore?: Date; notAfter?: Date; keyUsage?: KeyUsageFlags } = { dnsName: 'localhost' }): Promise<VerifierAccessPki> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const rootSigner = await SoftwareSigner.generate('ES256', 'test-verifier-root');
  const root = await createIacaCertificate({
    signer: rootSigner,
    subject: { country: 'UT', commonName: 'Utopia Relying Party Root (test)', organization: 'Citizen Zero Tests' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 5 * 365 * DAY) },
    issuerAlternativeName: { uri: 'https://rp-root.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://rp-root.test.citizen-zero.example/crl',
  });
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const accessSigner = SoftwareSigner.fromKeyPair('ES256', keyPair, 'test-verifier-access');
  const spki = await accessSigner.publicKeySpki();
  const publicKey = spki.buffer.slice(spki.byteOffset, spki.byteOffset + spki.byteLength) as ArrayBuffer;
  const issuer = await createSignerCrypto(rootSigner);
  const sanDnsName = options.sanDnsName === undefined ? options.dnsName : options.sanDnsName;
  const certificate = await X509CertificateGenerator.create(
    {
      subject: `C=UT, O=Utopia Bank, CN=${options.dnsName}`,
      issuer: root.subjectName,
      notBefore,
      notAfter: options.notAfter ?? new Date(notBefore.getTime() + 365 * DAY),
      publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: issuer.signingAlgorithm,
      extensions: [
        new AuthorityKeyIdentifierExtension(root.getExtension(SubjectKeyIdentifierExtension)!.keyId, false),
        await SubjectKeyIdentifierExtension.create(publicKey, false, issuer.crypto),
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(options.keyUsage ?? KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([MDL_READER_AUTH_EKU], false),
        ...(sanDnsName === null ? [] : [new SubjectAlternativeNameExtension([{ type: 'dns', value: sanDnsName }], false)]),
      ],
    },
    issuer.crypto,
  );
  const accessDer = new Uint8Array(parseCertificate(new Uint8Array(certificate.rawData)).rawData);
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keyPair.privateKey)).toString('base64');
  const accessKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { root, rootDer: new Uint8Array(root.rawData), rootPem: certificatePem(root), accessSigner, accessDer, accessPem: certificatePem(accessDer), accessKeyPem };
}
