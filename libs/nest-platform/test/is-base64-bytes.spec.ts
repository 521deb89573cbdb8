import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBase64Text } from '@citizen-zero/nest-platform';

describe('isBase64Text (the base64 check of large DTO payloads)', () => {
  it('accepts what Node encodes, padded or not, standard or URL-safe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(isBase64Text(text)).toBe(true);
        expect(isBase64Text(text.replace(/=+$/, ''))).toBe(true);
        expect(isBase64Text(Buffer.from(bytes).toString('base64url'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses characters outside the alphabet, misplaced or excess padding, and impossible lengths', () => {
    for (const text of ['***', 'AAAA*AAA', 'AA==AA==', 'A===', 'AAAAA', 'AAA A', 'AB=C', 'QUJD\n', '====']) expect(isBase64Text(text), text).toBe(false);
    expect(isBase64Text('')).toBe(true);
    expect(isBase64Text('QUJD')).toBe(true);
  });
});
