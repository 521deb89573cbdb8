import type { Command } from 'commander';
import type { CommandContext } from '../main';
import { loadIdentityAccessConfig } from '../console-config';
import { ExitCode, UsageError } from '../exit-codes';
import { IDENTITY_SERVICE, ServiceApi } from '../service-api';
import type { Output } from '../output';
import { positiveInteger } from './mdoc.command';

/**
 * A dead letter as the console shows it: identifiers, codes and times only. The service's error
 * message and job payload are left out, so nothing beyond ids reaches the officer's terminal.
 */
export interface DeadLetterView {
  readonly id: string;
  readonly queue: string;
  readonly jobName: string;
  readonly jobId: string;
  readonly errorCode: string;
  readonly attempts: number;
  readonly failedAt: string;
  readonly replayedAt: string | undefined;
  readonly replayedBy: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXIT_CODES_HELP =
  'Needs CZ_IDENTITY_TOKEN (an access token with the dead-letter:manage permission; environment only, never a flag). ' +
  'Exits 0 when done; 1 when the service failed (HTTP 5xx or no answer: the same command may succeed later; quote the correlation id); ' +
  '2 on usage or environment errors and refused requests (HTTP 4xx: the problem code and detail are printed, e.g. DEAD_LETTER_NOT_FOUND, AUTH_TOKEN_INVALID, PERMISSION_DENIED)';

export function registerDeadLetterCommands(program: Command, output: () => Output, context: CommandContext): void {
  const deadLetters = program.command('dead-letters').description('identity service jobs that failed every attempt: list them and put them back on their queue');

  deadLetters
    .command('list')
    .description(`the dead letters waiting for a replay, newest first: id, queue, job, error code, attempts, failed at, replayed. ${EXIT_CODES_HELP}`)
    .option('--include-replayed', 'also list dead letters already replayed, with when and by whom')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .option('--api <url>', 'the identity service’s base URL (default: CZ_IDENTITY_URL)')
    .action(async (options: { includeReplayed?: boolean; limit: string; api?: string }) => {
      const out = output();
      const limit = positiveInteger(options.limit, '--limit');
      if (limit > 1000) throw new UsageError(`--limit must be at most 1000, got ${limit}`);
      const api = connect(options.api);
      const includeReplayed = options.includeReplayed === true;
      const body = await api.get('dead-letters', { includeReplayed: String(includeReplayed), limit: String(limit) });
      if (!Array.isArray(body)) throw invalidResponse(api);
      const letters = body.map((item) => toView(item, api));
      const human = letters.length === 0 ? (includeReplayed ? 'no dead letters' : 'no dead letters waiting for a replay') : formatTable(letters);
      out.result(human, { ok: true, includeReplayed, count: letters.length, deadLetters: letters });
      context.exitCode = ExitCode.OK;
    });

  deadLetters
    .command('replay')
    .description(`put a dead letter's job back on its queue under its original job id (the job is idempotent, so a replay cannot issue twice); a dead letter is replayed at most once. ${EXIT_CODES_HELP}`)
    .argument('<id>', 'the dead letter id (a UUID, from `cz dead-letters list`)')
    .option('--api <url>', 'the identity service’s base URL (default: CZ_IDENTITY_URL)')
    .action(async (id: string, options: { api?: string }) => {
      const out = output();
      if (!UUID.test(id)) throw new UsageError(`"${id}" is not a dead letter id: use the UUID in the first column of \`cz dead-letters list\``, 'DEAD_LETTER_ID_INVALID');
      const api = connect(options.api);
      const letter = toView(await api.post(`dead-letters/${encodeURIComponent(id.toLowerCase())}/replay`), api);
      out.result(
        `dead letter ${letter.id} replayed: job ${letter.jobName} ${letter.jobId} is back on queue ${letter.queue}${letter.replayedAt ? ` (${letter.replayedAt}${letter.replayedBy ? ` by ${letter.replayedBy}` : ''})` : ''}`,
        { ok: true, deadLetter: letter },
      );
      context.exitCode = ExitCode.OK;
    });
}

function connect(apiOption: string | undefined): ServiceApi {
  const config = loadIdentityAccessConfig();
  return ServiceApi.connect(IDENTITY_SERVICE, { apiUrl: apiOption ?? config.apiUrl, token: config.token });
}

function toView(item: unknown, api: ServiceApi): DeadLetterView {
  if (typeof item !== 'object' || item === null) throw invalidResponse(api);
  const record = item as Record<string, unknown>;
  const text = (name: string): string => {
    const value = record[name];
    if (typeof value !== 'string') throw invalidResponse(api);
    return value;
  };
  const optionalText = (name: string): string | undefined => (record[name] === undefined || record[name] === null ? undefined : text(name));
  const attempts = record['attempts'];
  if (typeof attempts !== 'number') throw invalidResponse(api);
  return {
    id: text('id'),
    queue: text('queue'),
    jobName: text('jobName'),
    jobId: text('jobId'),
    errorCode: text('errorCode'),
    attempts,
    failedAt: text('failedAt'),
    replayedAt: optionalText('replayedAt'),
    replayedBy: optionalText('replayedBy'),
  };
}

function invalidResponse(api: ServiceApi): UsageError {
  return new UsageError(`${api.location} did not answer with dead letters: is --api (or CZ_IDENTITY_URL) the identity service's base URL, and is the service the version this console expects?`, 'IDENTITY_RESPONSE_INVALID');
}

function formatTable(letters: readonly DeadLetterView[]): string {
  const header = ['ID', 'QUEUE', 'JOB', 'ERROR CODE', 'ATTEMPTS', 'FAILED AT', 'REPLAYED'];
  const rows = letters.map((letter) => [letter.id, letter.queue, letter.jobName, letter.errorCode, String(letter.attempts), letter.failedAt, letter.replayedAt ? `${letter.replayedAt}${letter.replayedBy ? ` by ${letter.replayedBy}` : ''}` : 'no']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}
