import { Injectable } from '@nestjs/common';
import { EnvelopeEncryption as HsmEnvelopeEncryption } from '@citizen-zero/hsm';
import { KeyCustody } from './key-custody';

export type { SealedRecord } from '@citizen-zero/hsm';

/** Envelope encryption of the registry's personal data with the identity service's HSM key-encryption keys. */
@Injectable()
export class EnvelopeEncryption extends HsmEnvelopeEncryption {
  constructor(keys: KeyCustody) {
    super(keys);
  }
}
