import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The citizen wallet's production build (`npx vite build --config apps/wallet/vite.config.mts`),
 * written to apps/wallet/dist and served by `npm start` (tools/platform/src/web-app-server.ts), which
 * answers /config.json with this deployment's URLs: nothing deployment-specific is in the bundle.
 */
const root = import.meta.dirname;
const workspace = resolve(root, '../..');

/** The workspace libraries, by their tsconfig.base.json aliases (the single source of them). */
const tsconfig = JSON.parse(readFileSync(resolve(workspace, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
const alias = Object.entries(tsconfig.compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find: new RegExp(`^${find.replace(/[/.]/g, '\\$&')}$`), replacement: resolve(workspace, target!) }));

/**
 * Emits `sw.js`, the service worker (service-worker.js with the list of the build's files filled
 * in), so the installed app starts without a network: every file of this build is cached when the
 * worker installs, under a cache named after the build.
 */
function serviceWorker(): Plugin {
  return {
    name: 'cz-wallet-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = ['/', '/index.html', '/config.json', '/manifest.webmanifest', '/icon.svg', ...Object.keys(bundle).filter((name) => !name.endsWith('.map')).map((name) => `/${name}`)];
      const version = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && name.endsWith('.js'))
        .sort()
        .join(',');
      const template = readFileSync(resolve(root, 'service-worker.js'), 'utf8');
      const source = template.replace('self.__CZ_PRECACHE__', JSON.stringify([...new Set(files)])).replace('self.__CZ_BUILD__', JSON.stringify(hash(version)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return value.toString(16).padStart(8, '0');
}

/**
 * cbor-x probes `new Function('')` when it loads (to inline object readers); under the wallet's
 * Content-Security-Policy (no 'unsafe-eval') the probe is reported as a violation. Its no-eval build
 * is the same codec without the probe or the generated readers (libs/mdoc decodes maps as Maps).
 */
const cborWithoutEval = { find: /^cbor-x$/, replacement: resolve(workspace, 'node_modules/cbor-x/dist/index-no-eval.cjs') };

export default defineConfig({
  root,
  plugins: [react(), serviceWorker()],
  resolve: { alias: [cborWithoutEval, ...alias] },
  build: { outDir: resolve(root, 'dist'), emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1', port: 5174, strictPort: true },
  preview: { host: '127.0.0.1', port: 5174, strictPort: true },
});
