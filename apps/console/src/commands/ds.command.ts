import type { Command } from 'commander';
import { certificatePem, createDocumentSignerCsr, describeCertificate, issueDocumentSignerCertificate, parseCertificate } from '@citizen-zero/pki';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig } from '../console-config';
import { UsageError } from '../exit-codes';
import { openToken } from '../open-token';
import type { Output } from '../output';
import { parseCurve } from './hsm.command';
import { positiveInteger } from './mdoc.command';

export function registerDsCommands(program: Command, output: () => Output, context: CommandContext): void {
  const ds = program.command('ds').description('document signer (DS) keys and certificates, ISO/IEC 18013-5 Annex B.1.4');

  ds.command('issue')
    .description('key ceremony step 2: generate a DS key in the HSM, have it sign a CSR, and have the IACA key issue its certificate')
    .option('--label <label>', 'HSM key label of the new document signer', 'ds')
    .option('--iaca <label>', 'HSM key label of the issuing IACA', 'iaca')
    .option('--common-name <name>', 'certificate common name', 'Citizen Zero Document Signer')
    .option('--curve <curve>', 'EC curve of the DS key', 'P-256')
    .option('--days <n>', 'validity in days (Annex B allows at most 457)', '365')
    .action(async (options: { label: string; iaca: string; commonName: string; curve: string; days: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const store = CertificateStore.in(config.dataDir);
      if (store.has('ds', options.label)) throw new UsageError(`a document signer certificate for "${options.label}" already exists; choose another --label`, 'DS_EXISTS');
      const iacaPem = store.load('iaca', options.iaca);
      const iacaCertificate = parseCertificate(iacaPem);
      const country = iacaCertificate.subjectName.getField('C')[0];
      if (!country) throw new UsageError(`the IACA certificate "${options.iaca}" has no country`);
      const days = positiveInteger(options.days, '--days');
      const token = await openToken(config);
      try {
        const progress = out.progress('document signer ceremony', 3);
        await token.generateEcKeyPair({ label: options.label, curve: parseCurve(options.curve) });
        progress.tick();
        const subject = { country, commonName: options.commonName };
        const csr = await createDocumentSignerCsr({ signer: await token.signer(options.label), subject });
        progress.tick();
        const notBefore = new Date();
        const certificate = await issueDocumentSignerCertificate({
          iacaSigner: await token.signer(options.iaca),
          iacaCertificate,
          csr,
          subject,
          validity: { notBefore, notAfter: new Date(Math.min(notBefore.getTime() + days * 86_400_000, iacaCertificate.notAfter.getTime())) },
        });
        progress.done();
        const path = store.save('ds', options.label, certificatePem(certificate));
        const description = await describeCertificate(certificate);
        out.result(
          [`document signer "${options.label}" issued by IACA "${options.iaca}"`, `  subject      ${description.subject}`, `  valid        ${description.notBefore.toISOString()} – ${description.notAfter.toISOString()}`, `  EKU          ${description.extendedKeyUsage.join(', ')}`, `  certificate  ${path}`].join('\n'),
          { ok: true, label: options.label, iaca: options.iaca, certificate: description, path },
        );
        context.exitCode = 0;
      } finally {
        await token.close();
      }
    });
}
