import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { observedFetch, PlatformMetrics } from '@citizen-zero/nest-platform';
import { certificateFingerprint, parseCertificate, parsePemBundle } from '@citizen-zero/pki';
import { type CertificateSource, MONITOR_CONFIG, type MonitorConfig } from '../config/monitor-config';
import type { CertificateSnapshot, WatchedCertificate } from './watched-certificate';

const CERTIFICATE_FILE = /\.(pem|crt|cer)$/i;
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 4;

/**
 * The certificates whose expiry is watched, read from the configured sources at most every
 * `CZ_MONITOR_CERTIFICATE_REFRESH_SECONDS`: PEM bundles over HTTP(S) — the verification service's
 * published trust list (`/trust/bundle.pem`, public) — and PEM files or directories (the
 * document signer, seal and trust-list signer certificates the services are configured with;
 * directories are read a few levels deep).
 * A source that cannot be read keeps its last certificates, and the snapshot is marked
 * incomplete so no certificate alert is resolved on missing information.
 */
@Injectable()
export class CertificateWatch {
  private readonly logger = new Logger(CertificateWatch.name);
  private readonly bySource = new Map<string, WatchedCertificate[]>();
  private failed: string[] = [];
  private refreshedAt: Date | null = null;

  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly metrics: PlatformMetrics,
  ) {}

  snapshot(): CertificateSnapshot {
    const byFingerprint = new Map<string, WatchedCertificate>();
    for (const certificates of this.bySource.values()) {
      for (const certificate of certificates) {
        const known = byFingerprint.get(certificate.fingerprint);
        byFingerprint.set(certificate.fingerprint, known ? { ...known, sources: [...new Set([...known.sources, ...certificate.sources])] } : certificate);
      }
    }
    const sources = this.config.certificates.sources.length;
    return { certificates: [...byFingerprint.values()], complete: this.refreshedAt !== null && (sources === 0 || this.failed.length === 0), failedSources: [...this.failed], refreshedAt: this.refreshedAt };
  }

  /** Reads every source when the last refresh is older than the refresh interval (or `force`). */
  async refreshIfDue(now: Date, correlationId: string, force = false): Promise<CertificateSnapshot> {
    if (!force && this.refreshedAt && now.getTime() - this.refreshedAt.getTime() < this.config.certificates.refreshSeconds * 1000) return this.snapshot();
    const failed: string[] = [];
    await Promise.all(
      this.config.certificates.sources.map(async (source) => {
        const name = describeSource(source);
        try {
          this.bySource.set(name, await this.read(source, name, correlationId));
        } catch (error) {
          failed.push(name);
          this.logger.warn(`certificate source ${name} could not be read: ${(error as Error).message}`);
        }
      }),
    );
    this.failed = failed;
    this.refreshedAt = now;
    return this.snapshot();
  }

  private async read(source: CertificateSource, name: string, correlationId: string): Promise<WatchedCertificate[]> {
    if (source.kind === 'url') {
      const response = await observedFetch(this.metrics, source.url, { correlationId, headers: { accept: 'application/x-pem-file, text/plain' }, redirect: 'error', signal: AbortSignal.timeout(this.config.polling.timeoutMs) });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (text.length > MAX_BUNDLE_BYTES) throw new Error('the bundle is over 4 MiB');
      return describe(text, name);
    }
    const certificates: WatchedCertificate[] = [];
    for (const file of await certificateFiles(source.path)) certificates.push(...(await describe(await readFile(file, 'utf8'), file)));
    return certificates;
  }
}

/** The file itself, or the *.pem, *.crt and *.cer files under a directory (a few levels deep, e.g. pki/iaca/, pki/ds/). */
async function certificateFiles(path: string, depth = 0): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return depth === 0 || CERTIFICATE_FILE.test(path) ? [path] : [];
  if (depth >= MAX_DEPTH) return [];
  const files: string[] = [];
  for (const entry of (await readdir(path)).sort()) {
    if (entry.startsWith('.')) continue;
    files.push(...(await certificateFiles(join(path, entry), depth + 1)));
  }
  return files;
}

async function describe(pem: string, source: string): Promise<WatchedCertificate[]> {
  return Promise.all(
    parsePemBundle(pem).map(async (der) => {
      const certificate = parseCertificate(der);
      return { fingerprint: await certificateFingerprint(certificate), subject: certificate.subject, notAfter: certificate.notAfter, sources: [source] };
    }),
  );
}

function describeSource(source: CertificateSource): string {
  if (source.kind === 'path') return source.path;
  const url = new URL(source.url);
  url.username = '';
  url.password = '';
  return url.toString();
}
