import type { Command } from 'commander';
import { certificateFingerprint, certificatePem, createCrl, createIacaCertificate, describeCertificate } from '@citizen-zero/pki';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig } from '../console-config';
import { UsageError } from '../exit-codes';
import { openToken } from '../open-token';
import type { Output } from '../output';
import { parseCurve } from './hsm.command';
import { positiveInteger } from './mdoc.command';

export function registerIacaCommands(program: Command, output: () => Output, context: CommandContext): void {
  const iaca = program.command('iaca').description('the issuing authority certificate authority (IACA) root, ISO/IEC 18013-5 Annex B');

  iaca
    .command('create')
    .description('key ceremony step 1: generate the IACA key in the HSM and self-sign its certificate (Annex B.1.2), with an initial CRL')
    .option('--label <label>', 'HSM key label', 'iaca')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country code of the issuing authority')
    .option('--common-name <name>', 'certificate common name', 'Citizen Zero IACA')
    .option('--organization <name>', 'organisation name')
    .option('--state <name>', 'state or province (ISO 3166-2), when the authority issues for a subdivision')
    .option('--issuer-uri <uri>', 'contact URI of the issuing authority (issuerAltName)', 'https://iaca.citizen-zero.example')
    .option('--crl-uri <uri>', 'where relying parties fetch the CRL', 'https://iaca.citizen-zero.example/crl')
    .option('--curve <curve>', 'EC curve of the IACA key', 'P-384')
    .option('--years <n>', 'validity in years (Annex B allows at most 20)', '5')
    .action(async (options: { label: string; country: string; commonName: string; organization?: string; state?: string; issuerUri: string; crlUri: string; curve: string; years: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const store = CertificateStore.in(config.dataDir);
      if (store.has('iaca', options.label)) throw new UsageError(`an IACA certificate for "${options.label}" already exists; choose another --label for a new IACA`, 'IACA_EXISTS');
      const years = positiveInteger(options.years, '--years');
      const token = await openToken(config);
      try {
        const progress = out.progress('IACA ceremony', 3);
        await token.generateEcKeyPair({ label: options.label, curve: parseCurve(options.curve) });
        progress.tick();
        const signer = await token.signer(options.label);
        const notBefore = new Date();
        const notAfter = new Date(notBefore);
        notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
        const certificate = await createIacaCertificate({
          signer,
          subject: { country: options.country, commonName: options.commonName, ...(options.organization && { organization: options.organization }), ...(options.state && { stateOrProvince: options.state }) },
          validity: { notBefore, notAfter },
          issuerAlternativeName: { uri: options.issuerUri },
          crlDistributionPointUri: options.crlUri,
        });
        progress.tick();
        const crl = await createCrl({ iacaSigner: signer, iacaCertificate: certificate, thisUpdate: notBefore, nextUpdate: new Date(notBefore.getTime() + 30 * 86_400_000), revoked: [] });
        progress.done();
        const path = store.save('iaca', options.label, certificatePem(certificate));
        const crlPath = store.saveCrl(options.label, new Uint8Array(crl.rawData));
        const description = await describeCertificate(certificate);
        out.result(
          [`IACA "${options.label}" created`, `  subject      ${description.subject}`, `  valid        ${description.notBefore.toISOString()} – ${description.notAfter.toISOString()}`, `  SHA-256      ${await certificateFingerprint(certificate)}`, `  certificate  ${path}`, `  CRL          ${crlPath}`].join('\n'),
          { ok: true, label: options.label, certificate: description, path, crlPath },
        );
        context.exitCode = 0;
      } finally {
        await token.close();
      }
    });
}
