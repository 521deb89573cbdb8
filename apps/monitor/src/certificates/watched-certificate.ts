/** A certificate whose expiry is watched (public data only: subject, fingerprint, validity). */
export interface WatchedCertificate {
  /** SHA-256 of the DER, lowercase hex. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly notAfter: Date;
  /** Where it was found (a source URL or file path), for the alert's reader. */
  readonly sources: readonly string[];
}

/** The certificates of the last refresh; `complete` is false until every source has been read successfully once in a row. */
export interface CertificateSnapshot {
  readonly certificates: readonly WatchedCertificate[];
  readonly complete: boolean;
  readonly failedSources: readonly string[];
  readonly refreshedAt: Date | null;
}
