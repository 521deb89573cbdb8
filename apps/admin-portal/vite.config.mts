import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin portal's production build (`npx vite build --config apps/admin-portal/vite.config.mts`),
 * written to apps/admin-portal/dist and served by `npm start` (tools/platform/src/portal-server.ts).
 * Settings that differ per deployment (IdP, API URLs) are not baked in: the page reads /config.json.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: { '@citizen-zero/identity-client': resolve(import.meta.dirname, '../../libs/identity-client/src/index.ts') } },
  build: { outDir: resolve(import.meta.dirname, 'dist'), emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
