import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The verifier's production build (`npx vite build --config apps/verifier/vite.config.mts`), written
 * to apps/verifier/dist and served by `npm start` (tools/platform/src/web-app-server.ts), which answers
 * /config.json with this deployment's URLs: nothing deployment-specific is in the bundle.
 */
const root = import.meta.dirname;
const workspace = resolve(root, '../..');

/** The workspace libraries, by their tsconfig.base.json aliases (the single source of them). */
const tsconfig = JSON.parse(readFileSync(resolve(workspace, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
const alias = Object.entries(tsconfig.compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find: new RegExp(`^${find.replace(/[/.]/g, '\\$&')}$`), replacement: resolve(workspace, target!) }));

/**
 * Emits `sw.js`, the service worker (service-worker.js with this build's files filled in, config.json
 * among them), cached when the worker installs under a cache named after the build.
 */
function serviceWorker(): Plugin {
  return {
    name: 'cz-verifier-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = ['/', '/index.html', '/config.json', '/manifest.webmanifest', '/icon.svg', ...Object.keys(bundle).filter((name) => !name.endsWith('.map')).map((name) => `/${name}`)];
      const version = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .sort()
        .join(',');
      const template = readFileSync(resolve(root, 'service-worker.js'), 'utf8');
      const source = template.replace('self.__CZ_PRECACHE__', JSON.stringify([...new Set(files)])).replace('self.__CZ_BUILD__', JSON.stringify(hash(version)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/**
 * The page's CSP forbids eval. cbor-x probes `new Function('')` at load (a CSP violation report in the
 * console every start) and would compile object readers with it; its own no-eval build replaces
 * `new Function` with an undefined `BlockedFunction`, which makes the probe fail quietly and keeps it
 * on its interpreted decoder. This is that replacement.
 */
function cborXWithoutEval(): Plugin {
  return {
    name: 'cz-cbor-x-without-eval',
    transform(code, id) {
      if (!/[\\/]cbor-x[\\/]decode\.js$/.test(id)) return undefined;
      return { code: code.replaceAll('new Function(', 'new BlockedFunction('), map: null };
    },
  };
}

function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return value.toString(16).padStart(8, '0');
}

export default defineConfig({
  root,
  plugins: [react(), cborXWithoutEval(), serviceWorker()],
  resolve: { alias },
  build: { outDir: resolve(root, 'dist'), emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 3000 },
  server: { host: '127.0.0.1', port: 5175, strictPort: true },
  preview: { host: '127.0.0.1', port: 5175, strictPort: true },
});
