import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * libs/status-list runs in the offline verifier PWA as well as in Node: its source uses no Node
 * built-ins and no Node globals (zlib is fflate, crypto is Web Crypto via @citizen-zero/signing).
 */
const root = join(import.meta.dirname, '..', 'src');
const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(root, file));

describe('browser portability', () => {
  it('has source files to check', () => expect(files.length).toBeGreaterThan(5));

  for (const file of files) {
    it(`${relative(root, file)} uses no Node-only module or global`, () => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/from ['"](node:|zlib|fs|crypto|buffer|path|os)['"/]/);
      expect(code).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
    });
  }
});
