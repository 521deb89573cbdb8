import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The Nx module-boundary rules are real: a domain library that imports infrastructure, or
 * production code that imports the test-only software signer, fails lint.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('module boundaries', () => {
  it('the Nx rule is active (it needs the project graph, which the test command computes)', async () => {
    const messages = await lintAs('libs/mdoc/src/boundary-probe.ts', `import { Hsm } from '@citizen-zero/hsm';\nexport const probe = Hsm;\n`);
    expect(messages.some((message) => message.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  for (const banned of ['pkcs11js', '@nestjs/common', 'typeorm', 'bullmq', 'ioredis']) {
    it(`a domain lib (libs/mdoc) may not import ${banned}`, async () => {
      const messages = await lintAs('libs/mdoc/src/boundary-probe.ts', `import * as banned from '${banned}';\nexport const probe = banned;\n`);
      expect(messages.some((message) => message.startsWith('@nx/enforce-module-boundaries') || message.startsWith('no-restricted-imports'))).toBe(true);
    });
  }

  it('a domain lib may not depend on an infrastructure lib (libs/pki → libs/hsm)', async () => {
    const messages = await lintAs('libs/pki/src/boundary-probe.ts', `import { Hsm } from '@citizen-zero/hsm';\nexport const probe = Hsm;\n`);
    expect(messages.some((message) => message.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('production code may not import the software signer', async () => {
    const messages = await lintAs('apps/console/src/boundary-probe.ts', `import { SoftwareSigner } from '@citizen-zero/signing/testing';\nexport const probe = SoftwareSigner;\n`);
    expect(messages.some((message) => message.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('allowed dependencies pass (libs/mdoc → libs/signing, the console → libs/hsm)', async () => {
    expect(await lintAs('libs/mdoc/src/boundary-probe.ts', `import { signatureAlgorithmInfo } from '@citizen-zero/signing';\nexport const probe = signatureAlgorithmInfo;\n`)).toEqual([]);
    expect(await lintAs('apps/console/src/boundary-probe.ts', `import { Hsm } from '@citizen-zero/hsm';\nexport const probe = Hsm;\n`)).toEqual([]);
  });
});
