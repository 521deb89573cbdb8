import type { AlertRule, Severity } from './alert-rules';

export type AlertState = 'open' | 'resolved';

/** What happened to an alert: streamed to the admin portal and sent to the webhook. */
export const ALERT_CHANGES = ['raised', 'resolved', 'acknowledged'] as const;
export type AlertChange = (typeof ALERT_CHANGES)[number];

export interface Alert {
  readonly id: string;
  readonly rule: AlertRule;
  readonly subject: string;
  readonly severity: Severity;
  readonly state: AlertState;
  readonly summary: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly openedAt: Date;
  readonly resolvedAt: Date | null;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
}

/** An alert as the API, the stream and the webhook show it. */
export function mapAlert(alert: Alert) {
  return {
    id: alert.id,
    rule: alert.rule,
    subject: alert.subject,
    severity: alert.severity,
    state: alert.state,
    summary: alert.summary,
    details: { ...alert.details },
    openedAt: alert.openedAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: alert.acknowledgedBy,
  };
}

export type AlertView = ReturnType<typeof mapAlert>;
