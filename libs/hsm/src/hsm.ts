import { randomBytes } from 'node:crypto';
import * as pkcs11 from 'pkcs11js';
import type { NamedCurve } from '@citizen-zero/signing';
import { curveFromParameters, curveParametersDer } from './ec-key-encoding';
import { HsmError, toHsmError } from './hsm-error';
import { HsmSigner } from './hsm-signer';
import { Pkcs11Module, type ModuleInfo, type SlotInfo } from './pkcs11-module';
import { SessionPool } from './session-pool';

export interface HsmOpenOptions {
  /** Path of the PKCS#11 v2.40 module (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so). */
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly pin: string;
  /** Concurrent sessions (operations in flight); default 4. */
  readonly sessionPoolSize?: number;
}

export type KeyClass = 'private' | 'public' | 'secret';

/** One key object on the token, as `cz hsm keys` lists it. Never holds key material. */
export interface KeyInfo {
  readonly label: string;
  readonly id: string;
  readonly keyClass: KeyClass;
  readonly keyType: 'EC' | 'AES' | 'GENERIC_SECRET' | 'OTHER';
  readonly curve?: NamedCurve;
  readonly bits?: number;
  readonly extractable: boolean;
  readonly sensitive: boolean;
  readonly neverExtractable: boolean;
  readonly alwaysSensitive: boolean;
  readonly capabilities: readonly ('sign' | 'verify' | 'wrap' | 'unwrap' | 'encrypt' | 'decrypt' | 'derive')[];
}

const CLASS_BY_VALUE = new Map<number, KeyClass>([
  [pkcs11.CKO_PRIVATE_KEY, 'private'],
  [pkcs11.CKO_PUBLIC_KEY, 'public'],
  [pkcs11.CKO_SECRET_KEY, 'secret'],
]);

/**
 * A logged-in connection to one token. Keys are generated on the token and used by label;
 * private and secret keys are created sensitive and unextractable, so nothing the process does
 * can read them out (PKCS#11 v2.40 §4.9 CKA_SENSITIVE, CKA_EXTRACTABLE).
 */
export class Hsm {
  private constructor(
    private readonly module: Pkcs11Module,
    private readonly pool: SessionPool,
    readonly tokenLabel: string,
  ) {}

  static async open(options: HsmOpenOptions): Promise<Hsm> {
    const module = Pkcs11Module.acquire(options.modulePath);
    try {
      const slot = module.findTokenSlot(options.tokenLabel);
      const pool = new SessionPool(module.api, slot, options.pin, options.sessionPoolSize ?? 4, options.tokenLabel);
      pool.start();
      return new Hsm(module, pool, options.tokenLabel);
    } catch (error) {
      module.release();
      throw error;
    }
  }

  /** Creates a token on the first free slot; used by `cz hsm init` and the test harness. */
  static initToken(params: { modulePath: string; label: string; soPin: string; pin: string }): void {
    const module = Pkcs11Module.acquire(params.modulePath);
    try {
      module.initToken(params);
    } finally {
      module.release();
    }
  }

  /** Module and slot inventory, without logging in. */
  static inspect(modulePath: string): { module: ModuleInfo; slots: SlotInfo[] } {
    const module = Pkcs11Module.acquire(modulePath);
    try {
      return { module: module.info(), slots: module.slots() };
    } finally {
      module.release();
    }
  }

  async close(): Promise<void> {
    this.pool.close();
    this.module.release();
  }

  /** Runs `work` on a pooled, logged-in session; errors become HsmErrors. */
  withSession<T>(operation: string, work: (api: pkcs11.PKCS11, session: pkcs11.Handle) => T | Promise<T>): Promise<T> {
    return this.pool.run(operation, (session) => work(this.module.api, session));
  }

  async listKeys(): Promise<KeyInfo[]> {
    return this.withSession('list keys', (api, session) => {
      const handles = findObjects(api, session, []);
      const keys: KeyInfo[] = [];
      for (const handle of handles) {
        const [classValue] = api.C_GetAttributeValue(session, handle, [{ type: pkcs11.CKA_CLASS }]);
        const keyClass = CLASS_BY_VALUE.get(classValue!.value!.readUInt32LE(0));
        if (!keyClass) continue;
        keys.push(describeKey(api, session, handle, keyClass));
      }
      return keys.sort((a, b) => a.label.localeCompare(b.label) || a.keyClass.localeCompare(b.keyClass));
    });
  }

  /** Generates an EC key pair on the token (CKM_EC_KEY_PAIR_GEN, §2.3.6). */
  async generateEcKeyPair(params: { label: string; curve: NamedCurve; id?: Uint8Array }): Promise<KeyInfo> {
    const id = Buffer.from(params.id ?? randomBytes(16));
    return this.withSession('EC key generation', (api, session) => {
      assertLabelFree(api, session, params.label, pkcs11.CKO_PRIVATE_KEY);
      const { privateKey } = api.C_GenerateKeyPair(
        session,
        { mechanism: pkcs11.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11.CKA_TOKEN, value: true },
          { type: pkcs11.CKA_LABEL, value: params.label },
          { type: pkcs11.CKA_ID, value: id },
          { type: pkcs11.CKA_EC_PARAMS, value: curveParametersDer(params.curve) },
          { type: pkcs11.CKA_VERIFY, value: true },
          { type: pkcs11.CKA_ENCRYPT, value: false },
          { type: pkcs11.CKA_WRAP, value: false },
          { type: pkcs11.CKA_PRIVATE, value: false },
        ],
        [
          { type: pkcs11.CKA_TOKEN, value: true },
          { type: pkcs11.CKA_LABEL, value: params.label },
          { type: pkcs11.CKA_ID, value: id },
          { type: pkcs11.CKA_PRIVATE, value: true },
          { type: pkcs11.CKA_SENSITIVE, value: true },
          { type: pkcs11.CKA_EXTRACTABLE, value: false },
          { type: pkcs11.CKA_SIGN, value: true },
          { type: pkcs11.CKA_DERIVE, value: false },
          { type: pkcs11.CKA_DECRYPT, value: false },
          { type: pkcs11.CKA_UNWRAP, value: false },
        ],
      );
      return describeKey(api, session, privateKey, 'private');
    });
  }

  /** An AES key-encryption key on the token (CKM_AES_KEY_GEN), for envelope encryption. */
  async generateAesKey(params: { label: string; bits?: 128 | 192 | 256 }): Promise<KeyInfo> {
    return this.generateSecretKey(params.label, pkcs11.CKM_AES_KEY_GEN, pkcs11.CKK_AES, (params.bits ?? 256) / 8, [
      { type: pkcs11.CKA_WRAP, value: true },
      { type: pkcs11.CKA_UNWRAP, value: true },
      { type: pkcs11.CKA_ENCRYPT, value: true },
      { type: pkcs11.CKA_DECRYPT, value: true },
    ]);
  }

  /** A 256-bit generic secret for HMAC-SHA256 (blind indexes), on the token. */
  async generateHmacKey(params: { label: string }): Promise<KeyInfo> {
    return this.generateSecretKey(params.label, pkcs11.CKM_GENERIC_SECRET_KEY_GEN, pkcs11.CKK_GENERIC_SECRET, 32, [
      { type: pkcs11.CKA_SIGN, value: true },
      { type: pkcs11.CKA_VERIFY, value: true },
    ]);
  }

  private async generateSecretKey(label: string, mechanism: number, keyType: number, length: number, usage: pkcs11.Template): Promise<KeyInfo> {
    return this.withSession('secret key generation', (api, session) => {
      assertLabelFree(api, session, label, pkcs11.CKO_SECRET_KEY);
      const handle = api.C_GenerateKey(session, { mechanism }, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: keyType },
        { type: pkcs11.CKA_TOKEN, value: true },
        { type: pkcs11.CKA_LABEL, value: label },
        { type: pkcs11.CKA_ID, value: randomBytes(16) },
        { type: pkcs11.CKA_VALUE_LEN, value: length },
        { type: pkcs11.CKA_PRIVATE, value: true },
        { type: pkcs11.CKA_SENSITIVE, value: true },
        { type: pkcs11.CKA_EXTRACTABLE, value: false },
        ...usage,
      ]);
      return describeKey(api, session, handle, 'secret');
    });
  }

  /** A Signer over the private key with this label. */
  async signer(label: string): Promise<HsmSigner> {
    return HsmSigner.create(this, label);
  }

  /**
   * Wraps an application data key with a key-encryption key on the token: AES key wrap with
   * padding (RFC 5649, CKM_AES_KEY_WRAP_PAD) of a transient session object holding the data key.
   */
  async wrapDataKey(kekLabel: string, dataKey: Uint8Array): Promise<Uint8Array> {
    return this.withSession('data key wrap', (api, session) => {
      const kek = findKey(api, session, kekLabel, pkcs11.CKO_SECRET_KEY);
      const transient = api.C_CreateObject(session, [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_GENERIC_SECRET },
        { type: pkcs11.CKA_TOKEN, value: false },
        { type: pkcs11.CKA_EXTRACTABLE, value: true },
        { type: pkcs11.CKA_SENSITIVE, value: false },
        { type: pkcs11.CKA_VALUE, value: Buffer.from(dataKey) },
      ]);
      try {
        return new Uint8Array(api.C_WrapKey(session, { mechanism: pkcs11.CKM_AES_KEY_WRAP_PAD }, kek, transient, Buffer.alloc(dataKey.length + 16)));
      } finally {
        api.C_DestroyObject(session, transient);
      }
    });
  }

  /** Unwraps a data key wrapped by {@link wrapDataKey}; a tampered blob fails (RFC 5649 integrity check). */
  async unwrapDataKey(kekLabel: string, wrapped: Uint8Array): Promise<Uint8Array> {
    return this.withSession('data key unwrap', (api, session) => {
      const kek = findKey(api, session, kekLabel, pkcs11.CKO_SECRET_KEY);
      const transient = api.C_UnwrapKey(session, { mechanism: pkcs11.CKM_AES_KEY_WRAP_PAD }, kek, Buffer.from(wrapped), [
        { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_SECRET_KEY },
        { type: pkcs11.CKA_KEY_TYPE, value: pkcs11.CKK_GENERIC_SECRET },
        { type: pkcs11.CKA_TOKEN, value: false },
        { type: pkcs11.CKA_EXTRACTABLE, value: true },
        { type: pkcs11.CKA_SENSITIVE, value: false },
      ]);
      try {
        const [value] = api.C_GetAttributeValue(session, transient, [{ type: pkcs11.CKA_VALUE }]);
        return new Uint8Array(value!.value!);
      } finally {
        api.C_DestroyObject(session, transient);
      }
    });
  }

  /** HMAC-SHA256 (CKM_SHA256_HMAC) with a secret key on the token. */
  async hmacSha256(label: string, data: Uint8Array): Promise<Uint8Array> {
    return this.withSession('HMAC', async (api, session) => {
      const key = findKey(api, session, label, pkcs11.CKO_SECRET_KEY);
      api.C_SignInit(session, { mechanism: pkcs11.CKM_SHA256_HMAC }, key);
      return new Uint8Array(await api.C_SignAsync(session, Buffer.from(data), Buffer.alloc(32)));
    });
  }

  /** Destroys every key object with this label (both halves of a key pair). */
  async deleteKey(label: string): Promise<number> {
    return this.withSession('key deletion', (api, session) => {
      const handles = findObjects(api, session, [{ type: pkcs11.CKA_LABEL, value: label }]);
      if (handles.length === 0) throw new HsmError('HSM_KEY_NOT_FOUND', `no key labelled "${label}" on token "${this.tokenLabel}"`, { key: label });
      for (const handle of handles) api.C_DestroyObject(session, handle);
      return handles.length;
    });
  }
}

export function findObjects(api: pkcs11.PKCS11, session: pkcs11.Handle, template: pkcs11.Template): pkcs11.Handle[] {
  api.C_FindObjectsInit(session, template);
  try {
    const found: pkcs11.Handle[] = [];
    for (;;) {
      const batch = api.C_FindObjects(session, 64);
      found.push(...batch);
      if (batch.length < 64) return found;
    }
  } finally {
    api.C_FindObjectsFinal(session);
  }
}

export function findKey(api: pkcs11.PKCS11, session: pkcs11.Handle, label: string, keyClass: number): pkcs11.Handle {
  const [handle] = findObjects(api, session, [
    { type: pkcs11.CKA_CLASS, value: keyClass },
    { type: pkcs11.CKA_LABEL, value: label },
  ]);
  if (!handle) throw new HsmError('HSM_KEY_NOT_FOUND', `no ${CLASS_BY_VALUE.get(keyClass) ?? ''} key labelled "${label}" on the token; generate it first (\`cz hsm keygen\`)`, { key: label });
  return handle;
}

function assertLabelFree(api: pkcs11.PKCS11, session: pkcs11.Handle, label: string, keyClass: number): void {
  if (!/^[\x20-\x7e]{1,64}$/.test(label)) throw new HsmError('HSM_OPERATION_FAILED', 'a key label must be 1–64 printable ASCII characters');
  if (findObjects(api, session, [{ type: pkcs11.CKA_CLASS, value: keyClass }, { type: pkcs11.CKA_LABEL, value: label }]).length > 0) {
    throw new HsmError('HSM_KEY_EXISTS', `a key labelled "${label}" already exists on the token; choose another label`, { key: label });
  }
}

function describeKey(api: pkcs11.PKCS11, session: pkcs11.Handle, handle: pkcs11.Handle, keyClass: KeyClass): KeyInfo {
  const read = (type: number): Buffer | undefined => {
    try {
      return api.C_GetAttributeValue(session, handle, [{ type }])[0]?.value;
    } catch {
      return undefined;
    }
  };
  const flag = (type: number): boolean => read(type)?.[0] === 1;
  const keyTypeValue = read(pkcs11.CKA_KEY_TYPE)?.readUInt32LE(0);
  const keyType = keyTypeValue === pkcs11.CKK_EC ? 'EC' : keyTypeValue === pkcs11.CKK_AES ? 'AES' : keyTypeValue === pkcs11.CKK_GENERIC_SECRET ? 'GENERIC_SECRET' : 'OTHER';
  const ecParams = keyType === 'EC' ? read(pkcs11.CKA_EC_PARAMS) : undefined;
  const curve = ecParams ? curveFromParameters(ecParams) : undefined;
  const valueLength = keyClass === 'secret' ? read(pkcs11.CKA_VALUE_LEN)?.readUInt32LE(0) : undefined;
  const capabilities = (
    [
      ['sign', pkcs11.CKA_SIGN],
      ['verify', pkcs11.CKA_VERIFY],
      ['wrap', pkcs11.CKA_WRAP],
      ['unwrap', pkcs11.CKA_UNWRAP],
      ['encrypt', pkcs11.CKA_ENCRYPT],
      ['decrypt', pkcs11.CKA_DECRYPT],
      ['derive', pkcs11.CKA_DERIVE],
    ] as const
  )
    .filter(([, type]) => flag(type))
    .map(([name]) => name);
  return {
    label: read(pkcs11.CKA_LABEL)?.toString('utf8') ?? '',
    id: read(pkcs11.CKA_ID)?.toString('hex') ?? '',
    keyClass,
    keyType,
    ...(curve && { curve }),
    ...(valueLength !== undefined && { bits: valueLength * 8 }),
    extractable: keyClass === 'public' ? true : flag(pkcs11.CKA_EXTRACTABLE),
    sensitive: keyClass === 'public' ? false : flag(pkcs11.CKA_SENSITIVE),
    neverExtractable: keyClass === 'public' ? false : flag(pkcs11.CKA_NEVER_EXTRACTABLE),
    alwaysSensitive: keyClass === 'public' ? false : flag(pkcs11.CKA_ALWAYS_SENSITIVE),
    capabilities,
  };
}

export { toHsmError };
