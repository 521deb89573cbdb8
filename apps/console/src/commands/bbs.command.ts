import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EnvelopeEncryption, type Hsm } from '@citizen-zero/hsm';
import { AGE_NATIONALITY_SCHEMA, BBS_DRAFT, createIssuerKeyFile, generateIssuerKeyPair, InMemoryBbsSigner, issuerKeySealContext, parseIssuerKeyFile, publishIssuerKey } from '@citizen-zero/zk-credentials';
import type { CommandContext } from '../main';
import { loadConsoleConfig } from '../console-config';
import { ExitCode, UsageError } from '../exit-codes';
import { openToken } from '../open-token';
import type { Output } from '../output';

/**
 * The BBS issuer key of the zero-knowledge credentials (ADR 10). PKCS#11 has no BBS mechanism, so
 * the key cannot be generated in the HSM: the ceremony generates it in this process, seals it at
 * once under an AES key-encryption key that IS in the HSM (envelope encryption: AES-256-GCM with a
 * fresh data key, the data key wrapped by the KEK with CKM_AES_KEY_WRAP_PAD), zeroes it, and
 * writes only the sealed form and the public key:
 *
 *   <data>/zk/<label>.key.json    the sealed secret key and its public key (the identity service's CZ_IDENTITY_ZK_ISSUER_KEY_FILE)
 *   <data>/zk/<label>.public.json the published key set { keys: [...] } (the verification service's CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE)
 */
export function registerBbsCommands(program: Command, output: () => Output, context: CommandContext): void {
  const bbs = program.command('bbs').description(`BBS issuer keys for zero-knowledge age and nationality proofs (${BBS_DRAFT}, BLS12-381-SHA-256), sealed under an HSM key`);

  bbs
    .command('keygen')
    .description('generate a BBS issuer key, seal it under an AES key-encryption key in the HSM (created when missing), write the sealed key and the public key set')
    .option('--label <label>', 'name of the key files', 'bbs-issuer-1')
    .option('--kek <label>', 'HSM label of the AES key-encryption key that seals it', 'zk-issuer-kek-1')
    .option('--if-missing', 'succeed without changes when the key file exists')
    .action(async (options: { label: string; kek: string; ifMissing?: boolean }) => {
      const out = output();
      const config = loadConsoleConfig();
      const paths = keyPaths(config.dataDir, options.label);
      if (existsSync(paths.sealed)) {
        if (!options.ifMissing) throw new UsageError(`a BBS issuer key "${options.label}" already exists (${paths.sealed}); choose another --label or pass --if-missing`, 'BBS_KEY_EXISTS');
        const file = await parseIssuerKeyFile(readFileSync(paths.sealed, 'utf8'));
        out.result(`BBS issuer key "${options.label}" already exists (kid ${file.publicKey.kid})`, { ok: true, created: false, label: options.label, kid: file.publicKey.kid, sealedKeyFile: paths.sealed, publicKeyFile: paths.published });
        return;
      }
      const token = await openToken(config);
      try {
        const createdKek = await ensureKek(token, options.kek);
        const { secretKey, publicKey } = await generateIssuerKeyPair();
        let sealed;
        try {
          sealed = await envelope(token, options.kek).seal(secretKey, issuerKeySealContext(publicKey.kid));
        } finally {
          secretKey.fill(0);
        }
        mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
        writeFileSync(paths.sealed, `${JSON.stringify(createIssuerKeyFile(publicKey, sealed, new Date()), null, 2)}\n`, { mode: 0o600 });
        writeFileSync(paths.published, `${JSON.stringify({ keys: [publishIssuerKey(publicKey, [AGE_NATIONALITY_SCHEMA])] }, null, 2)}\n`);
        out.result(
          [`BBS issuer key "${options.label}" generated and sealed under HSM key "${options.kek}"${createdKek ? ' (created now, AES-256, non-extractable)' : ''}`, `  kid          ${publicKey.kid}`, `  sealed key   ${paths.sealed}`, `  public key   ${paths.published}`].join('\n'),
          { ok: true, created: true, label: options.label, kid: publicKey.kid, kek: options.kek, sealedKeyFile: paths.sealed, publicKeyFile: paths.published },
        );
        context.exitCode = ExitCode.OK;
      } finally {
        await token.close();
      }
    });

  bbs
    .command('show')
    .description('the key id and public key of a BBS issuer key; unseals it through the HSM to check it still opens and matches (the secret key is never printed)')
    .option('--label <label>', 'name of the key files', 'bbs-issuer-1')
    .action(async (options: { label: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const paths = keyPaths(config.dataDir, options.label);
      if (!existsSync(paths.sealed)) throw new UsageError(`no BBS issuer key "${options.label}": run \`cz bbs keygen --label ${options.label}\``, 'BBS_KEY_NOT_FOUND');
      const file = await parseIssuerKeyFile(readFileSync(paths.sealed, 'utf8'));
      const token = await openToken(config);
      try {
        const secretKey = await envelope(token, file.sealed.keyLabel).open(file.sealed, issuerKeySealContext(file.publicKey.kid));
        try {
          (await InMemoryBbsSigner.create(secretKey, file.publicKey)).destroy();
        } finally {
          secretKey.fill(0);
        }
        out.result([`BBS issuer key "${options.label}": opens with HSM key "${file.sealed.keyLabel}" and matches its public key`, `  kid  ${file.publicKey.kid}`].join('\n'), { ok: true, label: options.label, kid: file.publicKey.kid, kek: file.sealed.keyLabel, published: publishIssuerKey(file.publicKey, file.schemas) });
      } finally {
        await token.close();
      }
    });
}

function keyPaths(dataDir: string, label: string): { dir: string; sealed: string; published: string } {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(label) || label.startsWith('.')) throw new UsageError(`--label must be 1 to 64 letters, digits, dots, dashes or underscores, got "${label}"`);
  const dir = join(dataDir, 'zk');
  return { dir, sealed: join(dir, `${label}.key.json`), published: join(dir, `${label}.public.json`) };
}

async function ensureKek(token: Hsm, label: string): Promise<boolean> {
  const existing = (await token.listKeys()).find((key) => key.label === label);
  if (existing) {
    if (existing.keyType !== 'AES') throw new UsageError(`HSM key "${label}" is not an AES key (${existing.keyType}): choose another --kek`, 'BBS_KEK_INVALID');
    return false;
  }
  await token.generateAesKey({ label, bits: 256 });
  return true;
}

/** Envelope encryption whose key-encryption key is `kekLabel` on the token. */
function envelope(token: Hsm, kekLabel: string): EnvelopeEncryption {
  return new EnvelopeEncryption({ currentKeyEncryptionKey: kekLabel, wrap: (label, key) => token.wrapDataKey(label, key), unwrap: (label, wrapped) => token.unwrapDataKey(label, wrapped) });
}
