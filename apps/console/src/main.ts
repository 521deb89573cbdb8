import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { isCitizenZeroError } from '@citizen-zero/errors';
import { ExitCode, ServiceError, UsageError } from './exit-codes';
import { createOutput } from './output';
import { registerHsmCommands } from './commands/hsm.command';
import { registerIacaCommands } from './commands/iaca.command';
import { registerDsCommands } from './commands/ds.command';
import { registerTrustCommands } from './commands/trust.command';
import { registerMdocCommands } from './commands/mdoc.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerDeadLetterCommands } from './commands/dead-letters.command';
import { registerBbsCommands } from './commands/bbs.command';
import { registerReaderCaCommands } from './commands/reader-ca.command';

export interface CommandContext {
  /** Set by every action: the process exit code. */
  exitCode: number;
}

/**
 * `cz`, the security officers' console. Every subcommand has --help and --json, and exits with
 * 0 (ok), 1 (a check failed) or 2 (usage or environment error, with what to do).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const context: CommandContext = { exitCode: ExitCode.OK };
  const program = new Command('cz')
    .description('Citizen Zero security officers’ console: HSM, key ceremony, trust list, mdoc issue and verify, BBS issuer keys, audit log verification, dead letters')
    .option('--json', 'print one JSON document instead of text')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const json = argv.includes('--json');
  const output = () => createOutput(json);
  registerHsmCommands(program, output, context);
  registerIacaCommands(program, output, context);
  registerDsCommands(program, output, context);
  registerTrustCommands(program, output, context);
  registerMdocCommands(program, output, context);
  registerAuditCommands(program, output, context);
  registerDeadLetterCommands(program, output, context);
  registerBbsCommands(program, output, context);
  registerReaderCaCommands(program, output, context);
  for (const command of program.commands) inheritJsonOption(command);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const known = error instanceof UsageError || error instanceof ServiceError || isCitizenZeroError(error);
    const code = known ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } }, null, 2)}\n`);
    else process.stderr.write(`cz: ${message} [${code}]\n`);
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof ServiceError ? ExitCode.CHECK_FAILED : ExitCode.USAGE;
  }
}

/** `--json` is accepted before or after the subcommand. */
function inheritJsonOption(command: Command): void {
  if (!command.options.some((option) => option.long === '--json')) command.option('--json', 'print one JSON document instead of text');
  for (const sub of command.commands) inheritJsonOption(sub);
}
