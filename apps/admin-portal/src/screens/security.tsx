import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function Security(_props: ScreenProps) {
  return (
    <section>
      <h1>Security</h1>
    </section>
  );
}
