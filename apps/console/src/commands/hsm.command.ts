import type { Command } from 'commander';
import { describeCertificate } from '@citizen-zero/pki';
import { Hsm, type KeyInfo } from '@citizen-zero/hsm';
import type { NamedCurve } from '@citizen-zero/signing';
import type { CommandContext } from '../main';
import { CertificateStore } from '../certificate-store';
import { loadConsoleConfig } from '../console-config';
import { ExitCode, UsageError } from '../exit-codes';
import { openToken, promptSecret } from '../open-token';
import type { Output } from '../output';

export const CURVES: readonly NamedCurve[] = ['P-256', 'P-384', 'P-521'];

export function registerHsmCommands(program: Command, output: () => Output, context: CommandContext): void {
  const hsm = program.command('hsm').description('the hardware security module: token, slots and keys');

  hsm
    .command('init')
    .description('initialise the token (CZ_HSM_TOKEN) on a free slot and set its user PIN; needs CZ_HSM_SO_PIN and CZ_HSM_PIN (or asks)')
    .option('--if-missing', 'succeed without changes when the token already exists')
    .action(async (options: { ifMissing?: boolean }) => {
      const out = output();
      const config = loadConsoleConfig();
      const existing = Hsm.inspect(config.hsm.modulePath).slots.find((slot) => slot.token?.initialized && slot.token.label === config.hsm.tokenLabel);
      if (existing) {
        if (!options.ifMissing) throw new UsageError(`token "${config.hsm.tokenLabel}" already exists (use --if-missing to accept it)`, 'HSM_TOKEN_EXISTS');
        out.result(`token "${config.hsm.tokenLabel}" already initialised in slot ${existing.slotId}`, { ok: true, created: false, token: config.hsm.tokenLabel });
        return;
      }
      const soPin = config.hsm.soPin ?? (await promptSecret('New security officer (SO) PIN: ', { pinVariable: 'CZ_HSM_SO_PIN' }));
      const pin = config.hsm.pin ?? (await promptSecret('New user PIN: '));
      if (pin.length < 6 || soPin.length < 6) throw new UsageError('PINs must be at least 6 characters');
      Hsm.initToken({ modulePath: config.hsm.modulePath, label: config.hsm.tokenLabel, soPin, pin });
      out.result(`token "${config.hsm.tokenLabel}" initialised${config.softHsmConf ? ` (SoftHSM2, ${config.softHsmConf})` : ''}`, { ok: true, created: true, token: config.hsm.tokenLabel });
      context.exitCode = ExitCode.OK;
    });

  hsm
    .command('status')
    .description('the PKCS#11 module, its slots and tokens; exits 1 when the configured token is missing or its PIN is locked')
    .action(async () => {
      const out = output();
      const config = loadConsoleConfig();
      const { module, slots } = Hsm.inspect(config.hsm.modulePath);
      const configured = slots.find((slot) => slot.token?.initialized && slot.token.label === config.hsm.tokenLabel);
      const ready = Boolean(configured && !configured.token?.userPinLocked);
      const lines = [
        `module   ${module.path}`,
        `         ${module.manufacturer} — ${module.description} (Cryptoki ${module.cryptokiVersion}, library ${module.libraryVersion})`,
        ...slots.map((slot) =>
          slot.token
            ? `slot ${slot.slotId.padEnd(12)} ${slot.token.initialized ? `token "${slot.token.label}"` : '(free, uninitialised)'} ${slot.token.model} #${slot.token.serialNumber}${slot.token.userPinLocked ? ' USER PIN LOCKED' : ''}`
            : `slot ${slot.slotId.padEnd(12)} (no token)`,
        ),
        ready ? `ready: token "${config.hsm.tokenLabel}"` : `NOT READY: token "${config.hsm.tokenLabel}" ${configured ? 'has a locked user PIN' : 'is missing (run `cz hsm init`)'}`,
      ];
      out.result(lines.join('\n'), {
        ok: ready,
        module,
        configuredToken: config.hsm.tokenLabel,
        slots: slots.map((slot) => ({ slotId: slot.slotId, tokenPresent: slot.tokenPresent, token: slot.token })),
      });
      context.exitCode = ready ? ExitCode.OK : ExitCode.CHECK_FAILED;
    });

  hsm
    .command('keys')
    .description('key inventory: label, class, algorithm, extractable/sensitive flags, and the expiry of the certificate issued for the key')
    .action(async () => {
      const out = output();
      const config = loadConsoleConfig();
      const token = await openToken(config);
      try {
        const keys = await token.listKeys();
        const store = CertificateStore.in(config.dataDir);
        const certificates = new Map<string, { role: string; notAfter: Date; subject: string }>();
        for (const role of ['iaca', 'ds'] as const) {
          for (const { label, pem } of store.list(role)) {
            const description = await describeCertificate(pem);
            certificates.set(label, { role, notAfter: description.notAfter, subject: description.subject });
          }
        }
        const rows = keys.map((key) => ({ ...key, certificate: key.keyClass === 'private' ? certificates.get(key.label) : undefined }));
        const now = Date.now();
        const lines = rows.map((row) => {
          const algorithm = row.keyType === 'EC' ? `EC ${row.curve ?? '?'}` : `${row.keyType}${row.bits ? `-${row.bits}` : ''}`;
          const flags = row.keyClass === 'public' ? 'public half' : `${row.extractable ? 'EXTRACTABLE' : 'non-extractable'}, ${row.sensitive ? 'sensitive' : 'NOT SENSITIVE'}`;
          const expiry = row.certificate ? ` ${row.certificate.role.toUpperCase()} certificate expires ${row.certificate.notAfter.toISOString().slice(0, 10)} (${Math.floor((row.certificate.notAfter.getTime() - now) / 86_400_000)} days)` : '';
          return `${row.label.padEnd(24)} ${row.keyClass.padEnd(7)} ${algorithm.padEnd(18)} ${flags}${expiry}`;
        });
        out.result(lines.length > 0 ? lines.join('\n') : `no keys on token "${config.hsm.tokenLabel}"`, { ok: true, token: config.hsm.tokenLabel, keys: rows });
      } finally {
        await token.close();
      }
    });

  hsm
    .command('keygen')
    .description('generate a key on the token: an EC signing key pair (default), an AES key-encryption key or an HMAC key')
    .requiredOption('--label <label>', 'key label')
    .option('--curve <curve>', 'EC curve: P-256, P-384 or P-521', 'P-256')
    .option('--type <type>', 'ec, aes or hmac', 'ec')
    .option('--if-missing', 'succeed without changes when a key with this label exists')
    .action(async (options: { label: string; curve: string; type: string; ifMissing?: boolean }) => {
      const out = output();
      const config = loadConsoleConfig();
      const token = await openToken(config);
      try {
        if (options.ifMissing && (await token.listKeys()).some((existing) => existing.label === options.label)) {
          out.result(`key "${options.label}" already exists`, { ok: true, created: false, label: options.label });
          return;
        }
        let key: KeyInfo;
        if (options.type === 'ec') key = await token.generateEcKeyPair({ label: options.label, curve: parseCurve(options.curve) });
        else if (options.type === 'aes') key = await token.generateAesKey({ label: options.label, bits: 256 });
        else if (options.type === 'hmac') key = await token.generateHmacKey({ label: options.label });
        else throw new UsageError(`--type must be ec, aes or hmac, got "${options.type}"`);
        out.result(`generated ${key.keyType}${key.curve ? ` ${key.curve}` : ''} key "${key.label}" (id ${key.id}, non-extractable: ${!key.extractable})`, { ok: true, key });
      } finally {
        await token.close();
      }
    });
}

export function parseCurve(text: string): NamedCurve {
  const curve = CURVES.find((candidate) => candidate === text.toUpperCase());
  if (!curve) throw new UsageError(`--curve must be one of ${CURVES.join(', ')}, got "${text}"`);
  return curve;
}
