/**
 * Serves the admin portal's production build (apps/admin-portal/dist) for `npm start`: static
 * files, the single-page fallback to index.html, and `/config.json` with this deployment's URLs
 * (the bundle holds none). Settings come from the environment and are checked before listening:
 *
 * | variable | meaning |
 * | --- | --- |
 * | `CZ_ADMIN_PORTAL_PORT` | port on 127.0.0.1 (default 5173) |
 * | `CZ_ADMIN_PORTAL_DIST` | the built portal (default apps/admin-portal/dist) |
 * | `CZ_OIDC_ISSUER` | the OpenID provider |
 * | `CZ_IDENTITY_URL` | the identity API |
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface PortalServerSettings {
  readonly port: number;
  readonly dist: string;
  readonly issuer: string;
  readonly identityUrl: string;
}

export function readPortalServerSettings(env: NodeJS.ProcessEnv, root: string): PortalServerSettings {
  const problems: string[] = [];
  const httpUrl = (name: string): string => {
    const value = env[name]?.trim() ?? '';
    try {
      if (['http:', 'https:'].includes(new URL(value).protocol)) return value.replace(/\/$/, '');
    } catch {
      // reported below
    }
    problems.push(`${name} must be an http(s) URL`);
    return '';
  };
  const port = Number(env['CZ_ADMIN_PORTAL_PORT'] ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('CZ_ADMIN_PORTAL_PORT must be an integer from 0 to 65535');
  const dist = resolve(env['CZ_ADMIN_PORTAL_DIST'] ?? join(root, 'apps/admin-portal/dist'));
  if (!existsSync(join(dist, 'index.html'))) problems.push(`${dist}/index.html is missing: build the portal (npx vite build --config apps/admin-portal/vite.config.mts)`);
  const settings = { port, dist, issuer: httpUrl('CZ_OIDC_ISSUER'), identityUrl: httpUrl('CZ_IDENTITY_URL') };
  if (problems.length > 0) throw new Error(`admin portal server configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return settings;
}

export function createPortalServer(settings: PortalServerSettings) {
  const config = JSON.stringify({ issuer: settings.issuer, clientId: 'admin-portal', identityUrl: settings.identityUrl, identityResource: 'urn:citizen-zero:identity' });
  // The page may talk to itself, the provider and the identity API, and nothing else.
  const csp = [`default-src 'self'`, `connect-src 'self' ${settings.issuer} ${settings.identityUrl}`, `img-src 'self' data:`, `frame-ancestors 'none'`, `base-uri 'none'`, `form-action ${settings.issuer}`].join('; ');
  const send = (response: ServerResponse, status: number, type: string, cache: string) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': cache, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  };
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://portal').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain', 'no-store');
      response.end('method not allowed');
      return;
    }
    if (path === '/config.json') {
      send(response, 200, TYPES['.json']!, 'no-store');
      response.end(config);
      return;
    }
    const file = normalize(join(settings.dist, path));
    const inside = file.startsWith(settings.dist + sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      // Hashed asset names never change content; everything else is revalidated.
      send(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      createReadStream(file).pipe(response);
      return;
    }
    if (extname(path) !== '' || !inside) {
      send(response, 404, 'text/plain', 'no-store');
      response.end('not found');
      return;
    }
    // A screen's path (/review, /callback…): the single-page application answers it.
    send(response, 200, TYPES['.html']!, 'no-cache');
    createReadStream(join(settings.dist, 'index.html')).pipe(response);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  const settings = readPortalServerSettings(process.env, resolve(__dirname, '../../..'));
  createPortalServer(settings).listen(settings.port, '127.0.0.1', () => console.log(`admin portal at http://127.0.0.1:${settings.port} (from ${settings.dist})`));
}
