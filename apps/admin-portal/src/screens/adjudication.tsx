import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function Adjudication(_props: ScreenProps) {
  return (
    <section>
      <h1>Adjudication</h1>
    </section>
  );
}
