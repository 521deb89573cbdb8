import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What is kept of an issued reader certificate: who asked for it, for which device name, and its serial and validity. */
export interface IssuedReaderCertificate {
  readonly serialNumber: string;
  readonly subject: string;
  readonly sha256Fingerprint: string;
  readonly requestedBy: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuedAt: Date;
}

/** The reader_certificates table: one row per reader certificate issued (the certificate itself is public and not kept). */
@Injectable()
export class ReaderCertificateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(issued: IssuedReaderCertificate): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reader_certificates (serial_number, subject, sha256_fingerprint, requested_by, not_before, not_after, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [issued.serialNumber, issued.subject, issued.sha256Fingerprint, issued.requestedBy, issued.notBefore, issued.notAfter, issued.issuedAt],
    );
  }

  async bySerialNumber(serialNumber: string): Promise<IssuedReaderCertificate | undefined> {
    const rows = (await this.dataSource.query(`SELECT serial_number, subject, sha256_fingerprint, requested_by, not_before, not_after, issued_at FROM reader_certificates WHERE serial_number = $1`, [serialNumber])) as Array<Record<string, string & Date>>;
    const row = rows[0];
    return row && { serialNumber: row['serial_number']!, subject: row['subject']!, sha256Fingerprint: row['sha256_fingerprint']!, requestedBy: row['requested_by']!, notBefore: row['not_before']!, notAfter: row['not_after']!, issuedAt: row['issued_at']! };
  }
}
