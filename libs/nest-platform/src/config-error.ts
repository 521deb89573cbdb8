import { CitizenZeroError } from '@citizen-zero/errors';

/** A service's configuration, read from the environment at boot, is invalid: every problem at once, no secret echoed. */
export class ConfigError extends CitizenZeroError<'CONFIG_INVALID'> {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service} service configuration is invalid:\n  - ${problems.join('\n  - ')}`, { problems: problems.length });
  }
}

/** Loads a service's configuration from the process environment; an invalid one is printed and the process exits with 2. */
export function loadConfigOrExit<Config>(load: (env: Readonly<Record<string, string | undefined>>) => Config): Config {
  try {
    return load(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
