/**
 * The warning steps for a certificate's end of validity: the monitor's default
 * `CZ_MONITOR_CERTIFICATE_THRESHOLDS_DAYS` (90, 30, 7), with the same severities as its
 * `certificate-expiring` alerts (info, warning, critical).
 */
export const EXPIRY_THRESHOLDS_DAYS = [90, 30, 7] as const;

export type ExpiryLevel = 'expired' | 'critical' | 'warning' | 'notice' | 'ok';

export interface Expiry {
  readonly level: ExpiryLevel;
  /** Whole days left (rounded up); zero or less once expired. */
  readonly daysLeft: number;
  readonly text: string;
}

export function expiryOf(notAfter: string, now = new Date()): Expiry {
  const days = (new Date(notAfter).getTime() - now.getTime()) / 86_400_000;
  const daysLeft = Math.ceil(days);
  if (days <= 0) return { level: 'expired', daysLeft, text: `expired ${-daysLeft === 0 ? 'today' : `${-daysLeft} day${-daysLeft === 1 ? '' : 's'} ago`}` };
  const text = `expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  if (days <= 7) return { level: 'critical', daysLeft, text };
  if (days <= 30) return { level: 'warning', daysLeft, text };
  if (days <= 90) return { level: 'notice', daysLeft, text };
  return { level: 'ok', daysLeft, text };
}

export function ExpiryBadge({ notAfter, now }: { readonly notAfter: string; readonly now?: Date }) {
  const expiry = expiryOf(notAfter, now);
  return <span className={`expiry expiry-${expiry.level}`}>{expiry.text}</span>;
}
