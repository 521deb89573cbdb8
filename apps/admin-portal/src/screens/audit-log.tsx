import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function AuditLog(_props: ScreenProps) {
  return (
    <section>
      <h1>Audit log</h1>
    </section>
  );
}
