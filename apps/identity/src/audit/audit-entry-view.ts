import type { ChainedAuditEntry } from '@citizen-zero/audit-chain';

/** Which entries an audit search or export selects; every criterion narrows. */
export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  /** Entries that occurred at or after this instant. */
  readonly from?: Date;
  /** Entries that occurred before this instant. */
  readonly until?: Date;
}

/** One entry as the API shows it: hashes in hex, so an export can be checked against the chain offline. */
export interface AuditEntryView {
  readonly sequence: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly details: Record<string, string | number | boolean | null>;
  readonly previousHash: string;
  readonly entryHash: string;
}

export function viewOfAuditEntry(entry: ChainedAuditEntry): AuditEntryView {
  return {
    sequence: entry.sequence,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    details: { ...entry.details },
    previousHash: Buffer.from(entry.previousHash).toString('hex'),
    entryHash: Buffer.from(entry.entryHash).toString('hex'),
  };
}

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const AUDIT_EXPORT_MEDIA_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

const CSV_COLUMNS = ['sequence', 'occurredAt', 'actor', 'action', 'resourceType', 'resourceId', 'details', 'previousHash', 'entryHash'] as const;

/** The first line of an export (CSV only: JSON Lines has no header). */
export function auditExportHeader(format: AuditExportFormat): string {
  return format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '';
}

/**
 * One entry as a line: JSON Lines (the entry exactly as the API shows it — the faithful format,
 * re-verifiable with libs/audit-chain), or a CSV record (RFC 4180: quoted fields, CRLF; `details`
 * as JSON). Spreadsheet programs run cells that start with `=`, `+`, `-`, `@`, tab or CR as
 * formulas, so such CSV cells get a leading apostrophe (OWASP "CSV injection"); the JSON Lines
 * export keeps every value as stored.
 */
export function auditExportLine(format: AuditExportFormat, entry: AuditEntryView): string {
  if (format === 'jsonl') return `${JSON.stringify(entry)}\n`;
  const cells = CSV_COLUMNS.map((column) => {
    const value = entry[column];
    return csvCell(typeof value === 'object' ? JSON.stringify(value) : String(value));
  });
  return `${cells.join(',')}\r\n`;
}

function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
