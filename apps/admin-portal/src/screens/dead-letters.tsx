import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function DeadLetters(_props: ScreenProps) {
  return (
    <section>
      <h1>Dead letters</h1>
    </section>
  );
}
