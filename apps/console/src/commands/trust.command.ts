import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describeCertificate, exportTrustListPem, validateCertificateProfile } from '@citizen-zero/pki';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig } from '../console-config';
import { ExitCode, UsageError } from '../exit-codes';
import type { Output } from '../output';

export function registerTrustCommands(program: Command, output: () => Output, context: CommandContext): void {
  const trust = program.command('trust').description('the trust list relying parties verify against');

  trust
    .command('export')
    .description('key ceremony step 3: publish the IACA certificates as a PEM trust list; exits 1 if a certificate does not meet the Annex B profile')
    .requiredOption('--out <file>', 'where to write the PEM bundle')
    .action(async (options: { out: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const entries = CertificateStore.in(config.dataDir).list('iaca');
      if (entries.length === 0) throw new UsageError('no IACA certificates to export: run `cz iaca create` first', 'TRUST_LIST_EMPTY');
      const findings = [];
      for (const { label, pem } of entries) {
        for (const finding of await validateCertificateProfile(pem, 'iaca')) if (finding.severity === 'error') findings.push({ label, ...finding });
      }
      writeFileSync(options.out, await exportTrustListPem(entries.map((entry) => entry.pem)));
      const described = await Promise.all(entries.map(async (entry) => ({ label: entry.label, ...(await describeCertificate(entry.pem)) })));
      out.result(
        [`trust list with ${entries.length} IACA certificate(s) written to ${options.out}`, ...described.map((entry) => `  ${entry.label}: ${entry.subject}, valid until ${entry.notAfter.toISOString().slice(0, 10)}`), ...findings.map((finding) => `  ✗ ${finding.label}: ${finding.code} ${finding.message}`)].join('\n'),
        { ok: findings.length === 0, path: options.out, certificates: described, findings },
      );
      context.exitCode = findings.length === 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    });
}
