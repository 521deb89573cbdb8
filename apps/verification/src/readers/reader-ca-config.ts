import { isAbsolute } from 'node:path';
import { EnvironmentReader } from '@citizen-zero/nest-platform';

/**
 * The reader CA (readers/): off unless `CZ_VERIFICATION_READER_CA_KEY_LABEL` names its HSM key.
 * The CA certificate (`CZ_VERIFICATION_READER_CA_CERTIFICATE`, PEM, from `cz reader-ca create`) is
 * published for wallets; reader certificates are issued for `CZ_VERIFICATION_READER_CERTIFICATE_HOURS`.
 */
export interface ReaderCaConfig {
  readonly hsm: { readonly modulePath: string; readonly tokenLabel: string; readonly pin: string };
  readonly keyLabel: string;
  readonly certificateFile: string;
  /** Lifetime of an issued reader certificate: short, so that a lost device stops being trusted soon. */
  readonly certificateHours: number;
  /** organizationName of issued reader certificates (who asks, as the holder's wallet shows it); default: the CA's. */
  readonly organization?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadReaderCaConfig(env: Env): { config?: ReaderCaConfig; problems: string[] } {
  const keyLabel = env['CZ_VERIFICATION_READER_CA_KEY_LABEL']?.trim();
  if (!keyLabel) return { problems: [] };
  const { problems, text, integer } = new EnvironmentReader(env);
  const certificateFile = text('CZ_VERIFICATION_READER_CA_CERTIFICATE');
  if (certificateFile && !isAbsolute(certificateFile)) problems.push('CZ_VERIFICATION_READER_CA_CERTIFICATE must be an absolute path');
  const organization = env['CZ_VERIFICATION_READER_ORGANIZATION']?.trim();
  const config: ReaderCaConfig = {
    hsm: { modulePath: text('CZ_HSM_MODULE', '/usr/lib/softhsm/libsofthsm2.so'), tokenLabel: text('CZ_HSM_TOKEN', 'citizen-zero'), pin: text('CZ_HSM_PIN') },
    keyLabel,
    certificateFile,
    // At most 31 days: a reader certificate replaces revocation by expiry (a lost device is trusted until then).
    certificateHours: integer('CZ_VERIFICATION_READER_CERTIFICATE_HOURS', 24, 1, 744),
    ...(organization && { organization }),
  };
  return { config, problems };
}
