import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function Enrolment(_props: ScreenProps) {
  return (
    <section>
      <h1>Enrolment</h1>
    </section>
  );
}
