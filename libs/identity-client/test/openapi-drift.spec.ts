import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The committed OpenAPI document and client types are what the identity service's code says
 * today. The generator needs TypeScript's decorator metadata (SWC), so it runs as a child
 * process, into a temporary directory, exactly as `npm run generate:identity-client` runs it.
 */
const workspace = resolve(import.meta.dirname, '../../..');
const library = join(workspace, 'libs/identity-client');
const generator = join(workspace, 'apps/identity/scripts/generate-openapi.ts');
const REGENERATE = 'out of date: run `npm run generate:identity-client` and commit the result';

/** Routes outside the document on purpose: the document itself, the Prometheus scrape endpoint, and the OAuth wire-format endpoints a wallet calls (token, credential). */
const EXCLUDED_ROUTES = ['GET /metrics', 'GET /openapi.json', 'POST /oid4vci/credential', 'POST /oid4vci/token'];
/** Operations anyone may call: health, the status list, the wallet-facing OpenID4VCI endpoints and metadata, and the BBS issuer keys. */
const PUBLIC_OPERATIONS = ['GET /.well-known/oauth-authorization-server', 'GET /.well-known/openid-credential-issuer', 'GET /health/live', 'GET /health/ready', 'GET /status-lists/1', 'GET /zk/issuer-keys', 'POST /oid4vci/nonce'];

interface DeclaredRoute {
  method: string;
  path: string;
  handler: string;
  status: number;
  isPublic: boolean;
  excluded: boolean;
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

let out: string;
let routes: DeclaredRoute[];
const committed = JSON.parse(readFileSync(join(library, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: { securitySchemes?: Record<string, { type: string; scheme?: string }> } };
const operations = Object.entries(committed.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })));
const key = (route: DeclaredRoute) => `${route.method.toUpperCase()} ${route.path}`;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cz-identity-openapi-'));
  await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', generator, '--out-dir', out, '--routes'], {
    cwd: workspace,
    env: { ...process.env, SWC_NODE_PROJECT: 'apps/identity/tsconfig.json' },
    timeout: 120_000,
  });
  routes = JSON.parse(readFileSync(join(out, 'routes.json'), 'utf8')) as DeclaredRoute[];
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('generated artefacts match the identity service', () => {
  for (const file of ['openapi.json', 'src/identity-api.d.ts']) {
    it(`libs/identity-client/${file} is byte for byte what the generator writes`, () => {
      const generated = readFileSync(join(out, file));
      const inRepository = readFileSync(join(library, file));
      expect(generated.toString('utf8'), `libs/identity-client/${file} is ${REGENERATE}`).toBe(inRepository.toString('utf8'));
      expect(generated.equals(inRepository), `libs/identity-client/${file} is ${REGENERATE}`).toBe(true);
    });
  }
});

describe('the OpenAPI document', () => {
  it('finds the routes (so the next checks are not vacuous)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it('has every route the application declares, and nothing else', () => {
    const documented = operations.map((operation) => operation.key).sort();
    expect(documented).toEqual(routes.filter((route) => !route.excluded).map(key).sort());
  });

  it('leaves out only the routes meant to be left out', () => {
    expect(routes.filter((route) => route.excluded).map(key).sort()).toEqual(EXCLUDED_ROUTES);
  });

  it('declares bearer security on every operation except the public ones, and on no public one', () => {
    expect(committed.components.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const bearer = (operation: Operation) => operation.security?.some((requirement) => 'bearer' in requirement) === true;
    expect(operations.filter(({ operation }) => !bearer(operation)).map((operation) => operation.key).sort()).toEqual(PUBLIC_OPERATIONS);
  });

  it('agrees with the access guard: an operation is documented as public exactly when its route is @Public()', () => {
    const publicRoutes = routes.filter((route) => route.isPublic && !route.excluded).map(key).sort();
    expect(publicRoutes).toEqual(PUBLIC_OPERATIONS);
  });

  it('gives every operation a unique, stable operationId (controller_method)', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.fromEntries(operations.filter(({ key }) => key.startsWith('GET /persons')).map(({ key, operation }) => [key, operation.operationId]))).toEqual({
      'GET /persons': 'persons_search',
      'GET /persons/{id}': 'persons_read',
      'GET /persons/{id}/documents': 'documents_listForPerson',
      'GET /persons/{id}/history': 'persons_history',
    });
  });

  it('documents the success status each route really answers with (201 for a POST without @HttpCode)', () => {
    const documented = Object.fromEntries(operations.map(({ key, operation }) => [key, Object.keys(operation.responses).filter((status) => status.startsWith('2'))]));
    const answered = Object.fromEntries(routes.filter((route) => !route.excluded).map((route) => [key(route), [String(route.status)]]));
    expect(documented).toEqual(answered);
    expect(Object.keys(documented).filter((route) => documented[route]?.[0] === '201').sort()).toEqual(['POST /applications', 'POST /persons', 'POST /webhooks']);
  });
});
