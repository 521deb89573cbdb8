import type { Command } from 'commander';
import { GENESIS_HASH, verifyAuditChain, type ChainedAuditEntry } from '@citizen-zero/audit-chain';
import type { CommandContext } from '../main';
import { openAuditLogReader, type AuditLogReader } from '../audit-log-reader';
import { loadIdentityAccessConfig } from '../console-config';
import { ExitCode, UsageError } from '../exit-codes';
import type { Output } from '../output';
import { positiveInteger } from './mdoc.command';

/** A position in the chain an officer recorded earlier: `<sequence>:<hex SHA-256>`. */
export interface ChainHead {
  readonly sequence: number;
  readonly hash: Uint8Array;
}

export interface AuditFinding {
  readonly code: string;
  readonly sequence: number;
  readonly message: string;
}

export function registerAuditCommands(program: Command, output: () => Output, context: CommandContext): void {
  const audit = program.command('audit').description('the identity service’s hash-chained audit log');

  audit
    .command('verify')
    .description(
      'read the identity database’s audit_log (read only, one snapshot, in pages) and verify its hash chain; prints the last sequence and hash to record. ' +
        'Exits 0 when the chain holds, 1 on any finding (AUDIT_ENTRY_ALTERED, AUDIT_ENTRY_MISSING, AUDIT_CHAIN_BROKEN, AUDIT_SEQUENCE_INVALID, AUDIT_HEAD_MISMATCH, AUDIT_ANCHOR_MISMATCH), 2 when the database cannot be read',
    )
    .option('--database-url <url>', 'postgres://<role>@<host>:<port>/<database> of the identity database (default: CZ_IDENTITY_DATABASE_URL; keep passwords in that variable or PGPASSWORD, not on the command line); a role that may only SELECT from audit_log is enough')
    .option('--expect-head <sequence:hash>', 'a head recorded earlier (from this command’s output): fails with AUDIT_HEAD_MISMATCH unless that entry is still in the chain with the same hash — the only way to catch a log rewritten and re-chained from scratch')
    .option('--from <sequence:hash>', 'verify incrementally: trust the chain up to this recorded head, check that it is unchanged (AUDIT_ANCHOR_MISMATCH) and verify only the entries after it')
    .option('--page-size <n>', 'entries read per query', '1000')
    .action(async (options: { databaseUrl?: string; expectHead?: string; from?: string; pageSize: string }) => {
      const out = output();
      const databaseUrl = options.databaseUrl ?? loadIdentityAccessConfig().databaseUrl;
      if (!databaseUrl) throw new UsageError('no identity database given: set CZ_IDENTITY_DATABASE_URL or pass --database-url postgres://<role>@<host>:<port>/<database>', 'DATABASE_URL_MISSING');
      const expectedHead = options.expectHead === undefined ? undefined : parseChainHead(options.expectHead, '--expect-head', 1);
      const anchor = options.from === undefined ? undefined : parseChainHead(options.from, '--from', 0);
      const pageSize = positiveInteger(options.pageSize, '--page-size');

      const reader = await openAuditLogReader(databaseUrl);
      try {
        const findings: AuditFinding[] = [];
        if (anchor && anchor.sequence > 0) {
          const mismatch = await checkRecordedHead(reader, anchor, 'AUDIT_ANCHOR_MISMATCH');
          if (mismatch) findings.push(mismatch);
        }
        const after = anchor?.sequence ?? 0;
        const total = await reader.count(after);
        const progress = total > pageSize ? out.progress('verifying audit log', total) : undefined;
        const verdict = await verifyAuditChain(ticking(reader.entries(after, pageSize), progress), anchor ?? { sequence: 0, hash: GENESIS_HASH });
        progress?.done();
        findings.push(...verdict.findings);
        if (expectedHead) {
          const mismatch = await checkRecordedHead(reader, expectedHead, 'AUDIT_HEAD_MISMATCH', verdict.lastSequence);
          if (mismatch) findings.push(mismatch);
        }

        const valid = findings.length === 0;
        const lastHash = toHex(verdict.lastHash);
        const head = `${verdict.lastSequence}:${lastHash}`;
        const lines = [
          `audit log ${valid ? 'VALID' : 'INVALID'} — ${reader.location}: ${verdict.entries} entr${verdict.entries === 1 ? 'y' : 'ies'} checked${anchor ? ` after the anchor at sequence ${anchor.sequence}` : ''}`,
          `  last sequence  ${verdict.lastSequence}`,
          `  last hash      ${lastHash}`,
        ];
        if (expectedHead && !findings.some((finding) => finding.code === 'AUDIT_HEAD_MISMATCH')) lines.push(`  ✓ the recorded head ${expectedHead.sequence} is still in the chain with the same hash`);
        for (const finding of findings) lines.push(`  ✗ ${finding.code} at ${finding.sequence}: ${finding.message}`);
        lines.push(
          valid
            ? `Record this head where the database's administrators cannot change it (ceremony log, signed ticket): ${head}\nA chain rewritten from scratch verifies on its own; only \`cz audit verify --expect-head ${head}\` run later catches it.`
            : 'Do not record this head. Preserve the database as it is, compare the entries named above with a backup, and report the findings.',
        );
        out.result(lines.join('\n'), {
          ok: valid,
          valid,
          database: reader.location,
          entries: verdict.entries,
          ...(anchor && { from: { sequence: anchor.sequence, hash: toHex(anchor.hash) } }),
          ...(expectedHead && { expectedHead: { sequence: expectedHead.sequence, hash: toHex(expectedHead.hash) } }),
          lastSequence: verdict.lastSequence,
          lastHash,
          head,
          findings,
        });
        context.exitCode = valid ? ExitCode.OK : ExitCode.CHECK_FAILED;
      } finally {
        await reader.close();
      }
    });
}

/** `<sequence>:<64 hex digits>`, as `cz audit verify` prints the head. */
export function parseChainHead(text: string, option: string, minimumSequence: number): ChainHead {
  const match = /^(\d{1,15}):([0-9a-fA-F]{64})$/.exec(text.trim());
  const sequence = match ? Number(match[1]) : Number.NaN;
  if (!match || sequence < minimumSequence) {
    throw new UsageError(`${option} must be <sequence>:<hash>, a sequence ≥ ${minimumSequence} and the 64 hex digits of its SHA-256 hash, as \`cz audit verify\` prints it`, 'AUDIT_HEAD_INVALID');
  }
  return { sequence, hash: Uint8Array.from(Buffer.from(match[2]!, 'hex')) };
}

/** Whether the entry an officer recorded is still in the log with the hash recorded for it. */
async function checkRecordedHead(reader: AuditLogReader, recorded: ChainHead, code: 'AUDIT_HEAD_MISMATCH' | 'AUDIT_ANCHOR_MISMATCH', lastSequence?: number): Promise<AuditFinding | undefined> {
  const stored = await reader.entryHash(recorded.sequence);
  if (!stored) {
    const end = lastSequence === undefined ? '' : ` (the log ends at ${lastSequence})`;
    return { code, sequence: recorded.sequence, message: `the recorded entry ${recorded.sequence} no longer exists${end}: the log was truncated, or rewritten and renumbered` };
  }
  if (toHex(stored) !== toHex(recorded.hash)) {
    return { code, sequence: recorded.sequence, message: `entry ${recorded.sequence} now has hash ${toHex(stored)}, not the recorded ${toHex(recorded.hash)}: the log up to it was rewritten` };
  }
  return undefined;
}

async function* ticking(entries: AsyncGenerator<ChainedAuditEntry>, progress: { tick(): void } | undefined): AsyncGenerator<ChainedAuditEntry> {
  for await (const entry of entries) {
    yield entry;
    progress?.tick();
  }
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
