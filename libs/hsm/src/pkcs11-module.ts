import * as pkcs11 from 'pkcs11js';
import { HsmError, pkcs11ReturnValue, toHsmError } from './hsm-error';

/** CK_SLOT_INFO flag (PKCS#11 v2.40 §3.2), not in pkcs11js's typings. */
const CKF_TOKEN_PRESENT = 0x1;

export interface ModuleInfo {
  readonly path: string;
  readonly manufacturer: string;
  readonly description: string;
  readonly cryptokiVersion: string;
  readonly libraryVersion: string;
}

export interface SlotInfo {
  readonly slot: pkcs11.Handle;
  /** The slot id as PKCS#11 reports it, for display. */
  readonly slotId: string;
  readonly tokenPresent: boolean;
  readonly token?: {
    readonly label: string;
    readonly manufacturer: string;
    readonly model: string;
    readonly serialNumber: string;
    readonly initialized: boolean;
    readonly loginRequired: boolean;
    readonly userPinInitialized: boolean;
    readonly userPinLocked: boolean;
    readonly soPinLocked: boolean;
  };
}

/**
 * A PKCS#11 v2.40 module loaded by path (`C_Initialize` with OS locking, §5.4). One instance per
 * path per process, reference counted: `C_Finalize` runs when the last user releases it, because
 * Cryptoki state is per process and finalising under another user would close its sessions.
 */
export class Pkcs11Module {
  private static readonly loaded = new Map<string, Pkcs11Module>();
  private references = 0;

  private constructor(
    readonly path: string,
    readonly api: pkcs11.PKCS11,
  ) {}

  static acquire(path: string): Pkcs11Module {
    let module = Pkcs11Module.loaded.get(path);
    if (!module) {
      const api = new pkcs11.PKCS11();
      try {
        api.load(path);
      } catch (error) {
        throw new HsmError('HSM_MODULE_LOAD_FAILED', `cannot load the PKCS#11 module ${path}: ${(error as Error).message}; check CZ_HSM_MODULE (for SoftHSM2: apt-get install softhsm2)`, { path }, { cause: error });
      }
      try {
        api.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK });
      } catch (error) {
        if (pkcs11ReturnValue(error) !== pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw toHsmError(error, 'C_Initialize');
      }
      module = new Pkcs11Module(path, api);
      Pkcs11Module.loaded.set(path, module);
    }
    module.references++;
    return module;
  }

  release(): void {
    if (--this.references > 0) return;
    Pkcs11Module.loaded.delete(this.path);
    try {
      this.api.C_Finalize();
    } finally {
      this.api.close();
    }
  }

  info(): ModuleInfo {
    const info = this.api.C_GetInfo();
    return {
      path: this.path,
      manufacturer: info.manufacturerID.trim(),
      description: info.libraryDescription.trim(),
      cryptokiVersion: `${info.cryptokiVersion.major}.${info.cryptokiVersion.minor}`,
      libraryVersion: `${info.libraryVersion.major}.${info.libraryVersion.minor}`,
    };
  }

  slots(): SlotInfo[] {
    return this.api.C_GetSlotList(false).map((slot) => {
      const slotInfo = this.api.C_GetSlotInfo(slot);
      const tokenPresent = (slotInfo.flags & CKF_TOKEN_PRESENT) !== 0;
      const base = { slot, slotId: slot.readUIntLE(0, Math.min(slot.length, 6)).toString(), tokenPresent };
      if (!tokenPresent) return base;
      const token = this.api.C_GetTokenInfo(slot);
      return {
        ...base,
        token: {
          label: token.label.replace(/[\s\0]+$/, ''),
          manufacturer: token.manufacturerID.trim(),
          model: token.model.trim(),
          serialNumber: token.serialNumber.trim(),
          initialized: (token.flags & pkcs11.CKF_TOKEN_INITIALIZED) !== 0,
          loginRequired: (token.flags & pkcs11.CKF_LOGIN_REQUIRED) !== 0,
          userPinInitialized: (token.flags & pkcs11.CKF_USER_PIN_INITIALIZED) !== 0,
          userPinLocked: (token.flags & pkcs11.CKF_USER_PIN_LOCKED) !== 0,
          soPinLocked: (token.flags & pkcs11.CKF_SO_PIN_LOCKED) !== 0,
        },
      };
    });
  }

  /** The slot holding the initialised token with this label. */
  findTokenSlot(label: string): pkcs11.Handle {
    const match = this.slots().find((slot) => slot.token?.initialized && slot.token.label === label);
    if (!match) {
      const known = this.slots().flatMap((slot) => (slot.token?.initialized ? [`"${slot.token.label}"`] : []));
      throw new HsmError('HSM_TOKEN_NOT_FOUND', `no initialised token labelled "${label}" in ${this.path}${known.length > 0 ? ` (found ${known.join(', ')})` : ''}; create it with \`cz hsm init\``, { token: label });
    }
    return match.slot;
  }

  /**
   * Initialises a token on the first free slot (C_InitToken, PKCS#11 v2.40 §5.6) and sets its user
   * PIN (C_InitPIN as the security officer). Returns the slot.
   */
  initToken(params: { label: string; soPin: string; pin: string }): pkcs11.Handle {
    if (params.label.length === 0 || Buffer.byteLength(params.label) > 32) throw new HsmError('HSM_OPERATION_FAILED', 'a token label must be 1–32 bytes');
    if (this.slots().some((slot) => slot.token?.initialized && slot.token.label === params.label)) {
      throw new HsmError('HSM_KEY_EXISTS', `a token labelled "${params.label}" already exists`, { token: params.label });
    }
    const free = this.slots().find((slot) => slot.tokenPresent && slot.token && !slot.token.initialized);
    if (!free) throw new HsmError('HSM_TOKEN_NOT_FOUND', `no free (uninitialised) slot in ${this.path} to create token "${params.label}"`);
    try {
      // CK_TOKEN_INFO labels are 32 bytes padded with blanks (PKCS#11 v2.40 §3.2).
      this.api.C_InitToken(free.slot, params.soPin, params.label.padEnd(32, ' '));
    } catch (error) {
      throw toHsmError(error, 'C_InitToken', { tokenLabel: params.label });
    }
    // SoftHSM moves an initialised token to a new slot id: look it up again by label.
    const slot = this.findTokenSlot(params.label);
    const session = this.api.C_OpenSession(slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
    try {
      this.api.C_Login(session, pkcs11.CKU_SO, params.soPin);
      this.api.C_InitPIN(session, params.pin);
      this.api.C_Logout(session);
    } catch (error) {
      throw toHsmError(error, 'C_InitPIN', { tokenLabel: params.label });
    } finally {
      this.api.C_CloseSession(session);
    }
    return slot;
  }
}
