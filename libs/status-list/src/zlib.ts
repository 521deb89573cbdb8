import { Inflate, zlibSync } from 'fflate';
import { StatusListError } from './status-list-error';

/**
 * The largest decompressed byte array accepted by default: 16 MiB, i.e. 134 million entries at one
 * bit — more than the 100 million of the draft's size table (Appendix B). Bounded because a few
 * hundred bytes of DEFLATE can expand to megabytes (§11.1).
 */
export const DEFAULT_MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/** Input is inflated in slices of this size, so output grows by at most ~1032× of it between size checks (RFC 1951 §3.2.5). */
const INFLATE_SLICE = 16 * 1024;

/**
 * Compresses the byte array with DEFLATE (RFC 1951) in the ZLIB format (RFC 1950), at the highest
 * compression level as §4.1 step 4 recommends. fflate's level 9 reproduces the draft's §4.1
 * examples byte for byte (header 0x78 0xDA).
 */
export function zlibCompress(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 });
}

/**
 * Decompresses a ZLIB stream (RFC 1950) strictly: CM = 8 (DEFLATE), a window of at most 32 KiB,
 * a correct FCHECK, no preset dictionary (FDICT = 0), and an Adler-32 of the output that matches
 * the trailer (RFC 1950 §2.2, §8.2). Output beyond `maxBytes` fails with `STATUS_LIST_TOO_LARGE`.
 */
export function zlibDecompress(compressed: Uint8Array, maxBytes = DEFAULT_MAX_STATUS_LIST_BYTES): Uint8Array {
  const [cmf, flg] = [compressed[0], compressed[1]];
  if (compressed.length < 7 || cmf === undefined || flg === undefined) throw malformed('is too short to be a ZLIB stream');
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7) throw malformed('is not DEFLATE data in the ZLIB format (RFC 1950 §2.2 CM/CINFO)');
  if (((cmf << 8) | flg) % 31 !== 0) throw malformed('has a bad ZLIB header check (RFC 1950 §2.2 FCHECK)');
  if (flg & 0x20) throw malformed('uses a preset dictionary (RFC 1950 §2.2 FDICT), which a Status List cannot');

  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new StatusListError('STATUS_LIST_TOO_LARGE', `the Status List decompresses to more than ${maxBytes} bytes`, { maxBytes });
    if (chunk.length > 0) chunks.push(chunk);
    finished = final;
  });
  const deflated = compressed.subarray(2, compressed.length - 4);
  try {
    for (let offset = 0; offset < deflated.length; offset += INFLATE_SLICE) {
      const end = Math.min(offset + INFLATE_SLICE, deflated.length);
      inflate.push(deflated.subarray(offset, end), end === deflated.length);
    }
  } catch (error) {
    if (error instanceof StatusListError) throw error;
    throw malformed(`is not valid DEFLATE data (RFC 1951): ${(error as Error).message}`, error);
  }
  if (!finished) throw malformed('ends before its final DEFLATE block (RFC 1951 §3.2.3)');

  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  const trailer = compressed.subarray(compressed.length - 4);
  const expected = ((trailer[0]! << 24) | (trailer[1]! << 16) | (trailer[2]! << 8) | trailer[3]!) >>> 0;
  if (adler32(out) !== expected) throw malformed('has an Adler-32 checksum that does not match its content (RFC 1950 §2.2 ADLER32)');
  return out;
}

/** Adler-32 (RFC 1950 §8.2). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the largest n for which the sums cannot exceed 2^32 before the modulo (zlib's NMAX).
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length);
    for (let index = start; index < end; index++) {
      a += bytes[index]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function malformed(problem: string, cause?: unknown): StatusListError {
  return new StatusListError('STATUS_LIST_MALFORMED', `the compressed Status List ${problem}`, {}, cause === undefined ? undefined : { cause });
}
