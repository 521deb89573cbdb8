/**
 * Reads a service's configuration from its environment: every problem is collected (reported at
 * boot all at once, never echoing values), so a misconfigured deployment is fixed in one go.
 */
export class EnvironmentReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  readonly text = (name: string, fallback?: string): string => {
    const value = this.env[name]?.trim() || fallback;
    if (value === undefined) {
      this.problems.push(`${name} is required`);
      return '';
    }
    return value;
  };

  readonly url = (name: string, protocols: readonly string[], fallback?: string): string => {
    const value = this.text(name, fallback);
    if (!value) return value;
    try {
      if (!protocols.includes(new URL(value).protocol)) this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    } catch {
      this.problems.push(`${name} is not a URL`);
    }
    return value;
  };

  readonly integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) this.problems.push(`${name} must be an integer from ${min} to ${max}`);
    return value;
  };

  /** A number from 0 to 1 (thresholds, scores). */
  readonly fraction = (name: string, fallback: number): number => {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!(value >= 0 && value <= 1)) this.problems.push(`${name} must be a number from 0 to 1`);
    return value;
  };

  readonly bool = (name: string, fallback: boolean): boolean => {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (!['true', 'false', '1', '0'].includes(raw)) this.problems.push(`${name} must be true or false`);
    return raw === 'true' || raw === '1';
  };

  /** Comma-separated web origins (`scheme://host[:port]`, no path or trailing slash), e.g. for CORS. */
  readonly origins = (name: string): string[] => {
    const raw = this.env[name]?.trim();
    if (!raw) return [];
    return raw.split(',').map((value) => value.trim()).filter((value) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(value);
      } catch {
        parsed = undefined;
      }
      const ok = parsed !== undefined && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === value;
      if (!ok) this.problems.push(`${name}: "${value}" is not an origin (scheme://host[:port], no path or trailing slash)`);
      return ok;
    });
  };

  /** Comma-separated values, each one of `allowed`. */
  readonly list = <T extends string>(name: string, fallback: readonly T[], allowed: readonly T[]): T[] => {
    const raw = this.env[name]?.trim();
    if (!raw) return [...fallback];
    const values = raw.split(',').map((value) => value.trim()) as T[];
    for (const value of values) if (!allowed.includes(value)) this.problems.push(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
    return values;
  };
}
