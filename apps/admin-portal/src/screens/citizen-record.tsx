import type { ScreenProps } from './screen-props';

/** Placeholder until this screen is built (issue 7). */
export function CitizenRecord(_props: ScreenProps) {
  return (
    <section>
      <h1>Citizen record</h1>
    </section>
  );
}
