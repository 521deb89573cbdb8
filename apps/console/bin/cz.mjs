#!/usr/bin/env node
// cz — the Citizen Zero security officers' console. Runs the TypeScript sources through tsx so
// the console always matches the checked-out code; `npm run build` is not needed.
import { register } from 'tsx/esm/api';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
register({ tsconfig: join(root, 'tsconfig.base.json') });
const { main } = await import(join(root, 'apps/console/src/main.ts'));
process.exitCode = await main(process.argv.slice(2));
