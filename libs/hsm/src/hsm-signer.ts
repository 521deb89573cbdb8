import * as pkcs11 from 'pkcs11js';
import { digest, signatureAlgorithmForCurve, type NamedCurve, type SignatureAlgorithm, type Signer } from '@citizen-zero/signing';
import { curveFromParameters, ecSubjectPublicKeyInfo, uncompressedPoint } from './ec-key-encoding';
import { HsmError, pkcs11ReturnValue } from './hsm-error';
import { findKey, type Hsm } from './hsm';

/**
 * The Signer port over an EC private key on the token. The message is hashed in the process and
 * the hash signed on the token with CKM_ECDSA (PKCS#11 v2.40 §2.3.8), whose output is already
 * r‖s (IEEE P1363) of twice the field size — the form COSE and the Signer port use.
 */
export class HsmSigner implements Signer {
  private constructor(
    private readonly hsm: Hsm,
    readonly keyId: string,
    readonly algorithm: SignatureAlgorithm,
    readonly curve: NamedCurve,
    private readonly spki: Uint8Array,
  ) {}

  /** The private key's object handle, found once; looked up again if the token invalidates it. */
  private keyHandle: pkcs11.Handle | undefined;

  static async create(hsm: Hsm, label: string): Promise<HsmSigner> {
    const { curve, spki } = await hsm.withSession('signer lookup', (api, session) => {
      findKey(api, session, label, pkcs11.CKO_PRIVATE_KEY);
      const publicKey = findKey(api, session, label, pkcs11.CKO_PUBLIC_KEY);
      const [params, point] = api.C_GetAttributeValue(session, publicKey, [{ type: pkcs11.CKA_EC_PARAMS }, { type: pkcs11.CKA_EC_POINT }]);
      const keyCurve = curveFromParameters(params!.value!);
      if (!keyCurve) throw new HsmError('HSM_UNSUPPORTED', `key "${label}" is not on P-256, P-384 or P-521`, { key: label });
      return { curve: keyCurve, spki: ecSubjectPublicKeyInfo(keyCurve, uncompressedPoint(point!.value!, keyCurve)) };
    });
    return new HsmSigner(hsm, label, signatureAlgorithmForCurve(curve).algorithm, curve, spki);
  }

  async sign(toBeSigned: Uint8Array): Promise<Uint8Array> {
    const info = signatureAlgorithmForCurve(this.curve);
    const hash = Buffer.from(await digest(info.hash, toBeSigned));
    const signature = await this.hsm.withSession('ECDSA signing', async (api, session) => {
      let key = (this.keyHandle ??= findKey(api, session, this.keyId, pkcs11.CKO_PRIVATE_KEY));
      try {
        api.C_SignInit(session, { mechanism: pkcs11.CKM_ECDSA }, key);
      } catch (error) {
        if (pkcs11ReturnValue(error) !== pkcs11.CKR_KEY_HANDLE_INVALID && pkcs11ReturnValue(error) !== pkcs11.CKR_OBJECT_HANDLE_INVALID) throw error;
        key = this.keyHandle = findKey(api, session, this.keyId, pkcs11.CKO_PRIVATE_KEY);
        api.C_SignInit(session, { mechanism: pkcs11.CKM_ECDSA }, key);
      }
      return api.C_SignAsync(session, hash, Buffer.allocUnsafe(info.coordinateLength * 2));
    });
    if (signature.length !== info.coordinateLength * 2) throw new HsmError('HSM_OPERATION_FAILED', `the token returned a ${signature.length}-byte ECDSA signature for ${this.curve}`);
    return new Uint8Array(signature);
  }

  async publicKeySpki(): Promise<Uint8Array> {
    return this.spki;
  }
}
