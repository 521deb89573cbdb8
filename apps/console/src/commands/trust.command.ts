import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describeCertificate, exportTrustListPem, validateCertificateProfile } from '@citizen-zero/pki';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig, loadVerificationAccessConfig } from '../console-config';
import { ServiceApi, VERIFICATION_SERVICE } from '../service-api';
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

  const serviceHelp =
    'Talks to the verification service (--api or CZ_VERIFICATION_URL) with CZ_VERIFICATION_TOKEN (a security officer\'s access token; environment only). ' +
    'Exits 0 when done; 1 when the service failed; 2 on usage errors and refused requests (the problem code is printed, e.g. TRUST_ANCHOR_INVALID, TRUST_ANCHOR_EXISTS).';
  const connect = (api: string | undefined) => {
    const config = loadVerificationAccessConfig();
    return ServiceApi.connect(VERIFICATION_SERVICE, { apiUrl: api ?? config.apiUrl, token: config.token });
  };

  trust
    .command('add')
    .description(`add an IACA certificate to the verification service's trust list; the service checks it against the ISO/IEC 18013-5 Annex B IACA profile first. ${serviceHelp}`)
    .argument('<pem>', 'the IACA certificate (PEM file)')
    .option('--doc-type <type...>', 'document types it is trusted for', ['org.iso.18013.5.1.mDL', 'eu.europa.ec.eudi.pid.1'])
    .option('--api <url>', 'the verification service base URL (default: CZ_VERIFICATION_URL)')
    .action(async (file: string, options: { docType: string[]; api?: string }) => {
      const out = output();
      if (!existsSync(file)) throw new UsageError(`${file} does not exist`, 'FILE_NOT_FOUND');
      const added = (await connect(options.api).post('trust/iacas', { pem: readFileSync(file, 'utf8'), docTypes: options.docType })) as { id: string; subject: string; fingerprint: string };
      out.result(`trusted ${added.subject} (id ${added.id}, SHA-256 ${added.fingerprint})`, { ok: true, anchor: added });
      context.exitCode = ExitCode.OK;
    });

  trust
    .command('list')
    .description(`the verification service's trust anchors. ${serviceHelp}`)
    .option('--include-retired', 'also list retired anchors, with when, by whom and why')
    .option('--api <url>', 'the verification service base URL (default: CZ_VERIFICATION_URL)')
    .action(async (options: { includeRetired?: boolean; api?: string }) => {
      const out = output();
      const anchors = (await connect(options.api).get('trust/iacas', { includeRetired: String(options.includeRetired === true) })) as Array<{ id: string; subject: string; notAfter: string; retiredAt?: string; retirementReason?: string }>;
      const lines = anchors.map((anchor) => `${anchor.id}  ${anchor.subject}  valid until ${anchor.notAfter.slice(0, 10)}${anchor.retiredAt ? `  retired ${anchor.retiredAt.slice(0, 10)} (${anchor.retirementReason})` : ''}`);
      out.result(lines.length > 0 ? lines.join('\n') : 'no trust anchors', { ok: true, anchors });
      context.exitCode = ExitCode.OK;
    });

  trust
    .command('retire')
    .description(`retire a trust anchor: verifications stop trusting it and it leaves the published bundles; the record stays. ${serviceHelp}`)
    .argument('<id>', 'the trust anchor id (from `cz trust list`)')
    .requiredOption('--reason <code>', 'key-compromise, superseded, cessation or policy-change')
    .option('--api <url>', 'the verification service base URL (default: CZ_VERIFICATION_URL)')
    .action(async (id: string, options: { reason: string; api?: string }) => {
      const out = output();
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`"${id}" is not a trust anchor id (a UUID from \`cz trust list\`)`, 'TRUST_ANCHOR_ID_INVALID');
      await connect(options.api).post(`trust/iacas/${id}/retirement`, { reason: options.reason });
      out.result(`retired trust anchor ${id} (${options.reason})`, { ok: true, id, reason: options.reason });
      context.exitCode = ExitCode.OK;
    });
}
