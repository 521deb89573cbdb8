import type { NamedCurve } from '@citizen-zero/signing';
import { HsmError } from './hsm-error';

/**
 * DER encodings PKCS#11 uses for EC keys (PKCS#11 v2.40 §2.3.3): CKA_EC_PARAMS holds the
 * DER OID of the named curve (X9.62 ECParameters, namedCurve choice); CKA_EC_POINT holds a DER
 * OCTET STRING wrapping the uncompressed point 04‖X‖Y.
 */
const CURVE_OIDS: ReadonlyArray<{ curve: NamedCurve; der: string; coordinateLength: number }> = [
  { curve: 'P-256', der: '06082a8648ce3d030107', coordinateLength: 32 },
  { curve: 'P-384', der: '06052b81040022', coordinateLength: 48 },
  { curve: 'P-521', der: '06052b81040023', coordinateLength: 66 },
];

export function curveParametersDer(curve: NamedCurve): Buffer {
  const entry = CURVE_OIDS.find((candidate) => candidate.curve === curve);
  if (!entry) throw new HsmError('HSM_UNSUPPORTED', `curve ${curve} is not supported (P-256, P-384, P-521)`);
  return Buffer.from(entry.der, 'hex');
}

export function curveFromParameters(ecParams: Buffer): NamedCurve | undefined {
  return CURVE_OIDS.find((candidate) => candidate.der === ecParams.toString('hex'))?.curve;
}

/** Unwraps CKA_EC_POINT (DER OCTET STRING) to the raw uncompressed point; tolerates modules that return it raw. */
export function uncompressedPoint(ecPoint: Buffer, curve: NamedCurve): Buffer {
  const size = 1 + 2 * CURVE_OIDS.find((candidate) => candidate.curve === curve)!.coordinateLength;
  if (ecPoint.length === size && ecPoint[0] === 0x04) return ecPoint;
  if (ecPoint[0] !== 0x04) throw new HsmError('HSM_OPERATION_FAILED', 'CKA_EC_POINT is not an OCTET STRING');
  let offset = 1;
  let length = ecPoint[offset++]!;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let index = 0; index < count; index++) length = (length << 8) | ecPoint[offset++]!;
  }
  const point = ecPoint.subarray(offset, offset + length);
  if (point.length !== size || point[0] !== 0x04) throw new HsmError('HSM_OPERATION_FAILED', `CKA_EC_POINT does not hold an uncompressed ${curve} point`);
  return point;
}

/** SubjectPublicKeyInfo for an EC public key (RFC 5480 §2): id-ecPublicKey + named curve + BIT STRING point. */
export function ecSubjectPublicKeyInfo(curve: NamedCurve, point: Buffer): Uint8Array {
  const algorithm = derSequence(Buffer.concat([Buffer.from('06072a8648ce3d0201', 'hex'), curveParametersDer(curve)]));
  const bitString = Buffer.concat([Buffer.from([0x03]), derLength(point.length + 1), Buffer.from([0x00]), point]);
  return new Uint8Array(derSequence(Buffer.concat([algorithm, bitString])));
}

function derSequence(content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x30]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}
