/**
 * Base of every domain error in Citizen Zero.
 *
 * A domain error carries a stable, machine-readable `code` (SCREAMING_SNAKE_CASE)
 * that clients, the console and the HTTP edge can switch on; the message is for
 * people and may change. `details` must never hold personal data: errors end up
 * in logs and problem+json responses.
 */
export abstract class CitizenZeroError<Code extends string = string> extends Error {
  abstract readonly code: Code;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  protected constructor(message: string, details: Record<string, string | number | boolean> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = Object.freeze({ ...details });
  }

  toJSON(): { code: string; message: string; details: Readonly<Record<string, string | number | boolean>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isCitizenZeroError(value: unknown): value is CitizenZeroError {
  return value instanceof CitizenZeroError;
}
