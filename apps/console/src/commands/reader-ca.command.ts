import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { certificateFingerprint, certificatePem, createIacaCertificate, describeCertificate, issueReaderCertificate, parsePemBundle } from '@citizen-zero/pki';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig } from '../console-config';
import { UsageError } from '../exit-codes';
import { openToken } from '../open-token';
import type { Output } from '../output';
import { parseCurve } from './hsm.command';
import { positiveInteger } from './mdoc.command';

/**
 * The reader CA: the root that issues mdoc reader authentication certificates (ISO/IEC 18013-5
 * §9.1.4, Annex B.1.7) to verifier devices, so that wallets can show the holder who is asking.
 * Its key is generated in the HSM; the verification service signs reader certificates with it
 * through the HSM; wallets trust its certificate (published at GET /trust/readers.pem).
 * It is a root with the Annex B root profile, kept in pki/reader-ca/ so it never joins the issuer
 * trust list that `cz trust export` writes.
 */
export function registerReaderCaCommands(program: Command, output: () => Output, context: CommandContext): void {
  const readerCa = program.command('reader-ca').description('the reader CA of mdoc reader authentication certificates, ISO/IEC 18013-5 §9.1.4');

  readerCa
    .command('create')
    .description('generate the reader CA key in the HSM and self-sign its certificate')
    .option('--label <label>', 'HSM key label', 'reader-ca')
    .option('--if-missing', 'do nothing (and succeed) when the reader CA certificate exists')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country code')
    .option('--common-name <name>', 'certificate common name', 'Citizen Zero Reader CA')
    .option('--organization <name>', 'organisation name')
    .option('--issuer-uri <uri>', 'contact URI of the CA (issuerAltName)', 'https://readers.citizen-zero.example')
    .option('--crl-uri <uri>', 'where wallets fetch the CRL', 'https://readers.citizen-zero.example/crl')
    .option('--curve <curve>', 'EC curve of the CA key', 'P-256')
    .option('--years <n>', 'validity in years', '5')
    .action(async (options: { label: string; ifMissing?: boolean; country: string; commonName: string; organization?: string; issuerUri: string; crlUri: string; curve: string; years: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const store = CertificateStore.in(config.dataDir);
      if (store.has('reader-ca', options.label)) {
        if (!options.ifMissing) throw new UsageError(`a reader CA certificate for "${options.label}" already exists; choose another --label`, 'READER_CA_EXISTS');
        out.result(`reader CA "${options.label}" exists`, { ok: true, created: false, label: options.label });
        context.exitCode = 0;
        return;
      }
      const years = positiveInteger(options.years, '--years');
      const token = await openToken(config);
      try {
        const progress = out.progress('reader CA ceremony', 2);
        await token.generateEcKeyPair({ label: options.label, curve: parseCurve(options.curve) });
        progress.tick();
        const notBefore = new Date();
        const notAfter = new Date(notBefore);
        notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
        const certificate = await createIacaCertificate({
          signer: await token.signer(options.label),
          subject: { country: options.country, commonName: options.commonName, ...(options.organization && { organization: options.organization }) },
          validity: { notBefore, notAfter },
          issuerAlternativeName: { uri: options.issuerUri },
          crlDistributionPointUri: options.crlUri,
        });
        progress.done();
        const path = store.save('reader-ca', options.label, certificatePem(certificate));
        const description = await describeCertificate(certificate);
        out.result(
          [`reader CA "${options.label}" created`, `  subject      ${description.subject}`, `  valid        ${description.notBefore.toISOString()} – ${description.notAfter.toISOString()}`, `  SHA-256      ${await certificateFingerprint(certificate)}`, `  certificate  ${path}`].join('\n'),
          { ok: true, created: true, label: options.label, certificate: description, path },
        );
        context.exitCode = 0;
      } finally {
        await token.close();
      }
    });

  readerCa
    .command('issue')
    .description("certify a verifier's key from its PKCS#10 request (the request's signature proves possession): a reader authentication certificate, with --dns-name an online verifier's access certificate for OpenID4VP (x509_san_dns)")
    .requiredOption('--csr <file>', 'the PKCS#10 request (PEM or DER), made where the key lives')
    .requiredOption('--country <code>', "ISO 3166-1 alpha-2 country code (the reader CA's)")
    .requiredOption('--organization <name>', 'who asks, as wallets show it')
    .option('--common-name <name>', 'certificate common name (default: the first --dns-name)')
    .option('--dns-name <host...>', 'DNS names for subjectAltName: the OpenID4VP client identifier x509_san_dns:<host>')
    .option('--days <n>', 'validity in days (at most 1187, ISO/IEC 18013-5 Annex B)', '365')
    .option('--label <label>', 'HSM key label of the reader CA', 'reader-ca')
    .requiredOption('--out <file>', 'where to write the certificate (PEM)')
    .action(async (options: { csr: string; country: string; organization: string; commonName?: string; dnsName?: string[]; days: string; label: string; out: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const store = CertificateStore.in(config.dataDir);
      if (!store.has('reader-ca', options.label)) throw new UsageError(`no reader CA "${options.label}": run cz reader-ca create first`, 'READER_CA_MISSING');
      const commonName = options.commonName ?? options.dnsName?.[0];
      if (!commonName) throw new UsageError('give --common-name or --dns-name', 'USAGE');
      const days = positiveInteger(options.days, '--days');
      const request = readFileSync(options.csr);
      // PEM text or DER bytes; issueReaderCertificate checks the request's signature either way.
      const csr = request.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? request.toString('utf8') : new Uint8Array(request);
      const caCertificate = parsePemBundle(store.load('reader-ca', options.label))[0]!;
      const token = await openToken(config);
      try {
        const notBefore = new Date();
        const certificate = await issueReaderCertificate({
          caSigner: await token.signer(options.label),
          caCertificate,
          csr,
          subject: { country: options.country, organization: options.organization, commonName },
          validity: { notBefore, notAfter: new Date(notBefore.getTime() + days * 86_400_000) },
          ...(options.dnsName && { dnsNames: options.dnsName }),
        });
        writeFileSync(options.out, certificatePem(certificate));
        const description = await describeCertificate(certificate);
        out.result([`certificate issued by reader CA "${options.label}"`, `  subject      ${description.subject}`, `  valid until  ${description.notAfter.toISOString()}`, `  written to   ${options.out}`].join('\n'), { ok: true, certificate: description, path: options.out });
        context.exitCode = 0;
      } finally {
        await token.close();
      }
    });
}
