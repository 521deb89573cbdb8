import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * libs/zk-credentials runs in the wallet (a PWA) as well as in Node: its source uses no Node
 * built-ins and no Node globals (hashing and randomness are Web Crypto; base64url is its own), and
 * imports nothing but @digitalbazaar/bbs-signatures (pure JS on @noble/curves) and @citizen-zero/errors.
 */
const root = join(import.meta.dirname, '..', 'src');
const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(root, file));

describe('browser portability', () => {
  it('has source files to check', () => expect(files.length).toBeGreaterThan(8));

  for (const file of files) {
    it(`${relative(root, file)} uses no Node-only module or global, and only the allowed packages`, () => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/from ['"](node:|zlib|fs|crypto|buffer|path|os)['"/]/);
      expect(code).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
      const packages = [...code.matchAll(/from ['"]([^'".][^'"]*)['"]/g)].map((match) => match[1]);
      expect(packages.filter((name) => name !== '@digitalbazaar/bbs-signatures' && name !== '@citizen-zero/errors')).toEqual([]);
    });
  }
});
