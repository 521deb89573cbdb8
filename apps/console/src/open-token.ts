import { Hsm, HsmError } from '@citizen-zero/hsm';
import type { ConsoleConfig } from './console-config';
import { UsageError } from './exit-codes';

/**
 * Opens the configured token and logs in. The PIN comes from CZ_HSM_PIN or, on a terminal,
 * from a prompt that does not echo; it is never printed or logged.
 */
export async function openToken(config: ConsoleConfig): Promise<Hsm> {
  const pin = config.hsm.pin ?? (await promptSecret(`User PIN for token "${config.hsm.tokenLabel}": `));
  try {
    return await Hsm.open({ modulePath: config.hsm.modulePath, tokenLabel: config.hsm.tokenLabel, pin });
  } catch (error) {
    if (error instanceof HsmError && error.code === 'HSM_TOKEN_NOT_FOUND') {
      throw new UsageError(`no token labelled "${config.hsm.tokenLabel}": create it with \`cz hsm init\` (or set CZ_HSM_TOKEN)`, error.code);
    }
    throw error;
  }
}

export async function promptSecret(question: string, env: { pinVariable?: string } = {}): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new UsageError(`a PIN is needed and there is no terminal to ask on: set ${env.pinVariable ?? 'CZ_HSM_PIN'}`, 'PIN_REQUIRED');
  }
  process.stderr.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          cleanup();
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          cleanup();
          reject(new UsageError('cancelled', 'CANCELLED'));
          return;
        }
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    const cleanup = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}
