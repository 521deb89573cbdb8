/**
 * Serves a web app's production build (the admin portal, the wallet, the verifier) for `npm start`
 * and for the web apps' container images: static files, the single-page fallback to index.html,
 * and `/config.json` with this deployment's URLs (the bundles hold none). Settings come from the
 * environment and are checked before listening:
 *
 * | variable | meaning |
 * | --- | --- |
 * | `CZ_WEB_APP_NAME` | what is served, for messages (e.g. `admin portal`) |
 * | `CZ_WEB_APP_HOST` | address to listen on (default 127.0.0.1; 0.0.0.0 in a container) |
 * | `CZ_WEB_APP_PORT` | port (default 5173) |
 * | `CZ_WEB_APP_DIST` | the built app (a directory holding index.html) |
 * | `CZ_WEB_APP_CONFIG` | the JSON object served as `/config.json` |
 * | `CZ_WEB_APP_CONFIG_FILES` | `field=path` pairs, comma-separated: each file's text becomes a string field of `/config.json` (e.g. a pinned PEM certificate written by the key ceremony) |
 * | `CZ_WEB_APP_CONNECT_SRC` | space-separated origins the page may call (CSP `connect-src`, besides itself) |
 * | `CZ_WEB_APP_FORM_ACTION` | space-separated origins forms may post to (CSP `form-action`; the OpenID provider for sign-in) |
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // ES module files kept under their own extension (PDF.js's worker); with nosniff, any other type stops them loading.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Files that must be revalidated on every load even though they sit at fixed names. */
const NEVER_CACHED = new Set(['/index.html', '/sw.js', '/service-worker.js', '/manifest.webmanifest']);

export interface WebAppServerSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly dist: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly connectSrc: readonly string[];
  readonly formAction: readonly string[];
}

/**
 * Reads and checks the settings, reporting every problem at once. `requireBuild: false` skips
 * looking for the built files and reading the configuration files (for checking a deployment's
 * settings away from its image and volumes).
 */
export function readWebAppServerSettings(env: Readonly<Record<string, string | undefined>>, options: { readonly requireBuild?: boolean } = {}): WebAppServerSettings {
  const problems: string[] = [];
  const name = env['CZ_WEB_APP_NAME']?.trim() || 'web app';
  const port = Number(env['CZ_WEB_APP_PORT'] ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('CZ_WEB_APP_PORT must be an integer from 0 to 65535');
  const distSetting = env['CZ_WEB_APP_DIST']?.trim();
  const dist = distSetting ? resolve(distSetting) : '';
  if (!dist) problems.push('CZ_WEB_APP_DIST is required');
  else if (options.requireBuild !== false && !existsSync(join(dist, 'index.html'))) problems.push(`${dist}/index.html is missing: build the app first (vite build)`);
  let config: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(env['CZ_WEB_APP_CONFIG'] ?? '');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    config = parsed as Record<string, unknown>;
  } catch {
    problems.push('CZ_WEB_APP_CONFIG must be a JSON object');
  }
  const origins = (variable: string): string[] => {
    const list = (env[variable] ?? '').split(/\s+/).filter((value) => value !== '');
    for (const value of list) {
      try {
        if (!['http:', 'https:', 'ws:', 'wss:'].includes(new URL(value).protocol)) throw new Error('scheme');
      } catch {
        problems.push(`${variable}: ${value} is not an http(s) or ws(s) URL`);
      }
    }
    return list.map((value) => value.replace(/\/$/, ''));
  };
  for (const pair of (env['CZ_WEB_APP_CONFIG_FILES'] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const [field, path] = pair.split('=').map((part) => part.trim());
    if (!field || !path || !/^[A-Za-z][A-Za-z0-9]*$/.test(field)) {
      problems.push(`CZ_WEB_APP_CONFIG_FILES: "${pair}" is not field=path`);
      continue;
    }
    if (field in config) problems.push(`CZ_WEB_APP_CONFIG_FILES: ${field} is also in CZ_WEB_APP_CONFIG`);
    if (options.requireBuild === false) {
      config[field] = `(the text of ${path})`;
      continue;
    }
    try {
      config[field] = readFileSync(path, 'utf8');
    } catch {
      problems.push(`CZ_WEB_APP_CONFIG_FILES: ${field}: ${path} cannot be read`);
    }
  }
  const connectSrc = origins('CZ_WEB_APP_CONNECT_SRC');
  const formAction = origins('CZ_WEB_APP_FORM_ACTION');
  if (problems.length > 0) throw new Error(`${name} server configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return { name, host: env['CZ_WEB_APP_HOST']?.trim() || '127.0.0.1', port, dist, config, connectSrc, formAction };
}

export function createWebAppServer(settings: WebAppServerSettings) {
  const config = JSON.stringify(settings.config);
  // The page may talk to itself and the listed services, and nothing else.
  const csp = [
    `default-src 'self'`,
    `connect-src 'self' ${settings.connectSrc.join(' ')}`.trim(),
    `img-src 'self' data: blob:`,
    `media-src 'self' blob:`,
    `worker-src 'self'`,
    `frame-ancestors 'none'`,
    `base-uri 'none'`,
    `form-action ${settings.formAction.length > 0 ? settings.formAction.join(' ') : `'self'`}`,
  ].join('; ');
  const send = (response: ServerResponse, status: number, type: string, cache: string) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': cache, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  };
  return createServer((request, response) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://web-app').pathname);
    } catch {
      send(response, 400, 'text/plain', 'no-store');
      response.end('bad request');
      return;
    }
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
    if (path === '/healthz') {
      send(response, 200, 'text/plain', 'no-store');
      response.end('ok');
      return;
    }
    const file = normalize(join(settings.dist, path));
    const inside = file.startsWith(settings.dist + sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      // Hashed asset names never change content; everything else is revalidated.
      send(response, 200, TYPES[extname(file)] ?? 'application/octet-stream', path.startsWith('/assets/') && !NEVER_CACHED.has(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      stream(file, response);
      return;
    }
    if (extname(path) !== '' || !inside) {
      send(response, 404, 'text/plain', 'no-store');
      response.end('not found');
      return;
    }
    // A screen's path (/review, /callback…): the single-page application answers it.
    const page = join(settings.dist, 'index.html');
    if (!existsSync(page)) {
      send(response, 503, 'text/plain', 'no-store');
      response.end('the app is being rebuilt: reload in a moment');
      return;
    }
    send(response, 200, TYPES['.html']!, 'no-cache');
    stream(page, response);
  });
}

/**
 * Sends a file already answered with 200. A file that vanishes in between (a rebuild emptying
 * dist/) ends the response instead of throwing out of the server: the browser retries the page.
 */
function stream(file: string, response: ServerResponse): void {
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  const settings = readWebAppServerSettings(process.env);
  createWebAppServer(settings).listen(settings.port, settings.host, () => console.log(`${settings.name} at http://${settings.host}:${settings.port} (from ${settings.dist})`));
}
