export { Hsm, type HsmOpenOptions, type KeyInfo, type KeyClass } from './hsm';
export { HsmSigner } from './hsm-signer';
export { HsmError, HSM_ERROR_CODES, type HsmErrorCode } from './hsm-error';
export { Pkcs11Module, type ModuleInfo, type SlotInfo } from './pkcs11-module';
export { EnvelopeEncryption, RecordDecryptionError, type DataKeyCustody, type SealedRecord } from './envelope-encryption';
