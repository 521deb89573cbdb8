#!/usr/bin/env node
// cz — the Citizen Zero security officers' console. Runs the TypeScript sources through tsx's
// CommonJS hook so the console always matches the checked-out code; no build step is needed.
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
process.env.TSX_TSCONFIG_PATH = join(root, 'tsconfig.json');
require('tsx/cjs/api').register();
const { main } = require(join(root, 'apps/console/src/main.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cz: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
