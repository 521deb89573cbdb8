import { EncodedCbor } from '../cbor/encoded-cbor';
import { asBytes, asMap, asText, asUint, required } from '../cbor/structure';
import { MdocError } from '../mdoc-error';

/** Minimum salt length: 18013-5 §9.1.2.5 requires at least 16 bytes of randomness. */
export const MIN_SALT_LENGTH = 16;
export const DEFAULT_SALT_LENGTH = 32;
/** Web Crypto fills at most 65 536 bytes per getRandomValues call. */
const MAX_RANDOM_FILL = 65_536;

/** `count` independent salts of {@link DEFAULT_SALT_LENGTH} bytes, drawn in as few calls to the CSPRNG as possible. */
export function randomSalts(count: number): Uint8Array[] {
  const pool = new Uint8Array(count * DEFAULT_SALT_LENGTH);
  for (let offset = 0; offset < pool.length; offset += MAX_RANDOM_FILL) crypto.getRandomValues(pool.subarray(offset, offset + MAX_RANDOM_FILL));
  return Array.from({ length: count }, (_, index) => pool.subarray(index * DEFAULT_SALT_LENGTH, (index + 1) * DEFAULT_SALT_LENGTH));
}

/**
 * IssuerSignedItem (ISO/IEC 18013-5:2021 §8.3.2.1.2.2):
 * `{ "digestID": uint, "random": bstr, "elementIdentifier": tstr, "elementValue": any }`.
 * Carried as IssuerSignedItemBytes = `#6.24(bstr .cbor IssuerSignedItem)`; its value digest
 * in the MSO is over those tagged bytes.
 */
export interface IssuerSignedItem {
  readonly digestId: number;
  readonly random: Uint8Array;
  readonly elementIdentifier: string;
  readonly elementValue: unknown;
}

/** An IssuerSignedItem with the bytes it was received or generated as. */
export interface IssuerSignedItemBytes {
  readonly encoded: EncodedCbor<unknown>;
  readonly item: IssuerSignedItem;
}

export function createIssuerSignedItem(params: {
  digestId: number;
  elementIdentifier: string;
  elementValue: unknown;
  random?: Uint8Array;
}): IssuerSignedItemBytes {
  const random = params.random ?? crypto.getRandomValues(new Uint8Array(DEFAULT_SALT_LENGTH));
  if (random.length < MIN_SALT_LENGTH) throw new MdocError('SALT_TOO_SHORT', `IssuerSignedItem random must be at least ${MIN_SALT_LENGTH} bytes`);
  const item: IssuerSignedItem = { digestId: params.digestId, random, elementIdentifier: params.elementIdentifier, elementValue: params.elementValue };
  const encoded = EncodedCbor.fromValue<unknown>(
    new Map<string, unknown>([
      ['digestID', item.digestId],
      ['random', item.random],
      ['elementIdentifier', item.elementIdentifier],
      ['elementValue', item.elementValue],
    ]),
  );
  return { encoded, item };
}

export function parseIssuerSignedItem(tagged: unknown, what: string): IssuerSignedItemBytes {
  const encoded = EncodedCbor.fromTag<unknown>(tagged, what);
  const map = asMap(encoded.value, what);
  const random = asBytes(required(map, 'random', what), `${what} random`);
  return {
    encoded,
    item: {
      digestId: asUint(required(map, 'digestID', what), `${what} digestID`),
      random,
      elementIdentifier: asText(required(map, 'elementIdentifier', what), `${what} elementIdentifier`),
      elementValue: required(map, 'elementValue', what),
    },
  };
}
