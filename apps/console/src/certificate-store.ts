import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './exit-codes';

/** `reader-ca`: the CA of mdoc reader authentication certificates (ISO/IEC 18013-5 §9.1.4), kept apart from the IACAs so it never enters the issuer trust list. */
export type CertificateRole = 'iaca' | 'ds' | 'reader-ca';

/**
 * The ceremony's public artefacts on disk: certificates (PEM) named after the HSM key label
 * they certify, and CRLs. Private keys are never here: they are on the token.
 *
 *   <data>/pki/iaca/<label>.pem, <data>/pki/ds/<label>.pem, <data>/pki/reader-ca/<label>.pem, <data>/pki/crl/<iaca-label>.crl
 */
export class CertificateStore {
  constructor(private readonly root: string) {}

  static in(dataDir: string): CertificateStore {
    return new CertificateStore(join(dataDir, 'pki'));
  }

  private dir(kind: CertificateRole | 'crl'): string {
    const dir = join(this.root, kind);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  save(role: CertificateRole, label: string, pem: string): string {
    const path = join(this.dir(role), `${safeLabel(label)}.pem`);
    writeFileSync(path, pem.endsWith('\n') ? pem : `${pem}\n`);
    return path;
  }

  has(role: CertificateRole, label: string): boolean {
    return existsSync(join(this.dir(role), `${safeLabel(label)}.pem`));
  }

  load(role: CertificateRole, label: string): string {
    const path = join(this.dir(role), `${safeLabel(label)}.pem`);
    if (!existsSync(path)) {
      throw new UsageError(
        role === 'iaca'
          ? `no IACA certificate for key "${label}": run \`cz iaca create --label ${label}\` first`
          : role === 'reader-ca'
            ? `no reader CA certificate for key "${label}": run \`cz reader-ca create --label ${label}\` first`
            : `no document signer certificate for key "${label}": run \`cz ds issue --label ${label}\` first`,
        'CERTIFICATE_NOT_FOUND',
      );
    }
    return readFileSync(path, 'utf8');
  }

  list(role: CertificateRole): Array<{ label: string; pem: string }> {
    return readdirSync(this.dir(role))
      .filter((name) => name.endsWith('.pem'))
      .sort()
      .map((name) => ({ label: name.slice(0, -4), pem: readFileSync(join(this.dir(role), name), 'utf8') }));
  }

  saveCrl(iacaLabel: string, der: Uint8Array): string {
    const path = join(this.dir('crl'), `${safeLabel(iacaLabel)}.crl`);
    writeFileSync(path, der);
    return path;
  }
}

function safeLabel(label: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(label)) throw new UsageError(`key label "${label}" may only use letters, digits, ".", "_" and "-" (at most 64)`);
  return label;
}
