/**
 * Generates the identity service's OpenAPI document and the typed client's `paths` from the
 * controllers and DTOs, without any running infrastructure:
 *
 *   libs/identity-client/openapi.json             the document (keys sorted, 2-space indent)
 *   libs/identity-client/src/identity-api.d.ts    its TypeScript types (openapi-typescript)
 *
 * Run with `npm run generate:identity-client`. It needs TypeScript's decorator metadata, hence
 * `node -r @swc-node/register` with SWC_NODE_PROJECT=apps/identity/tsconfig.json (tsx/esbuild do
 * not emit it). `--out-dir <dir>` writes the same two files under another directory (the drift
 * test compares them with the committed ones); `--routes` also writes `routes.json`, every route
 * the application declares, so the test can check that none is missing from the document.
 *
 * Nest builds the application in preview mode: modules are scanned and routes explored, but no
 * provider or controller is instantiated, so neither the DataSource nor the HSM key custody
 * factory runs. To keep it that way, any attempt to open a socket or load a PKCS#11 module
 * fails the generator.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { PKCS11 } from 'pkcs11js';
import { PUBLIC_KEY } from '@citizen-zero/nest-platform';
import { buildOpenApiDocument } from '../src/bootstrap';
import { loadIdentityConfig } from '../src/config/identity-config';
import { IdentityModule } from '../src/identity.module';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');
const DEFAULT_OUT_DIR = join(WORKSPACE_ROOT, 'libs/identity-client');
/** @nestjs/swagger's metadata keys for `@ApiExcludeController()` and `@ApiExcludeEndpoint()` (its constants are not exported). */
const API_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';
const API_EXCLUDE_ENDPOINT = 'swagger/apiExcludeEndpoint';

/** A route as Nest registers it, independent of what the OpenAPI explorer makes of it. */
interface DeclaredRoute {
  readonly method: string;
  /** OpenAPI path template, e.g. `/persons/{id}`. */
  readonly path: string;
  readonly handler: string;
  /** The status of a successful response (`@HttpCode`, else Nest's default: 201 for POST, 200 otherwise). */
  readonly status: number;
  readonly isPublic: boolean;
  /** Left out of the document on purpose (`@ApiExcludeEndpoint`/`@ApiExcludeController`). */
  readonly excluded: boolean;
}

function forbidInfrastructure(): void {
  const refuse = (what: string) => () => {
    throw new Error(`generate-openapi must not touch infrastructure, but something tried to ${what}`);
  };
  Socket.prototype.connect = refuse('open a network connection') as never;
  PKCS11.prototype.load = refuse('load a PKCS#11 module');
}

/** Unreachable on purpose: nothing may connect, and the values never reach the document. */
function offlineConfig() {
  return loadIdentityConfig({
    CZ_IDENTITY_DATABASE_URL: 'postgres://openapi.invalid/none',
    CZ_REDIS_URL: 'redis://openapi.invalid',
    CZ_HSM_MODULE: '/nonexistent/pkcs11.so',
    CZ_HSM_PIN: 'none',
    CZ_OIDC_ISSUER: 'https://openapi.invalid',
    CZ_IDENTITY_MDOC_CERTIFICATE: '/nonexistent/ds.pem',
    CZ_IDENTITY_SEAL_CERTIFICATE: '/nonexistent/seal.pem',
    CZ_IDENTITY_WORKERS: 'false',
    CZ_IDENTITY_RUN_MIGRATIONS: 'false',
  });
}

/** Every route of every controller, read from the routing metadata Nest itself registers routes from. */
function declaredRoutes(controllers: readonly (new (...args: never[]) => unknown)[]): DeclaredRoute[] {
  const segments = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);
  return controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    const controllerExcluded = Reflect.getMetadata(API_EXCLUDE_CONTROLLER, controller)?.[0] === true;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
      .flatMap((name) => {
        const handler = prototype[name] as object;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, controller) === true;
        const excluded = controllerExcluded || Reflect.getMetadata(API_EXCLUDE_ENDPOINT, handler)?.disable === true;
        return segments(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
          segments(Reflect.getMetadata(PATH_METADATA, handler)).map((own) => {
            const path = `/${[base, own].flatMap((part) => part.split('/')).filter(Boolean).join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
            return { method, path, handler: `${controller.name}.${name}`, status, isPublic, excluded };
          }),
        );
      });
  });
}

/** JSON with every object's keys sorted (arrays keep their order), 2-space indent, final newline. */
function stableJson(value: unknown): string {
  const sorted = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sorted);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.keys(node)
        .sort()
        .map((key) => [key, sorted((node as Record<string, unknown>)[key])]),
    );
  };
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, routes: { type: 'boolean', default: false } } });
  const outDir = resolve(values['out-dir'] ?? DEFAULT_OUT_DIR);
  forbidInfrastructure();

  const module = IdentityModule.forConfig(offlineConfig());
  const app = await NestFactory.create(module, { preview: true, logger: false, abortOnError: false });
  const document = JSON.parse(stableJson(buildOpenApiDocument(app))) as OpenAPI3;
  const types = astToString(await openapiTS(document, { silent: true }));

  const write = (file: string, text: string): void => {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    writeFileSync(join(outDir, file), text);
  };
  write('openapi.json', stableJson(document));
  write('src/identity-api.d.ts', `${COMMENT_HEADER.trimEnd()}\n/* Generated from openapi.json by apps/identity/scripts/generate-openapi.ts: run \`npm run generate:identity-client\`. */\n\n${types}`);
  if (values.routes) write('routes.json', stableJson(declaredRoutes(module.controllers ?? [])));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
