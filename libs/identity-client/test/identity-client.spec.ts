import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CORRELATION_ID_HEADER, createIdentityClient, type IdentityClient, type IdentitySchemas } from '@citizen-zero/identity-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PERSON_ID = '0b9a3f4e-5d41-4c1a-9d7e-3f1c2b8a6e10';

/** A stand-in identity service: records each request and answers with the given JSON. */
function fakeService(status = 200, body: unknown = {}) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  };
  return { requests, fetch };
}

// Type-level usage, checked by `tsc` (the workspace type check covers libs/*/test): these are how
// the portals call the service, and they must keep compiling against the generated `paths`.

async function readPerson(client: IdentityClient, id: string): Promise<IdentitySchemas['PersonResponseDto'] | undefined> {
  const { data } = await client.GET('/persons/{id}', { params: { path: { id } } });
  return data;
}

async function registerPerson(client: IdentityClient, person: IdentitySchemas['RegisterPersonDto']): Promise<string | undefined> {
  const { data } = await client.POST('/persons', { body: person });
  return data?.nationalIdNumber;
}

async function pendingReviews(client: IdentityClient): Promise<IdentitySchemas['ApplicationSummaryDto'][]> {
  const { data } = await client.GET('/applications', { params: { query: { state: ['review', 'adjudication'], limit: 20 } } });
  return data ?? [];
}

async function suspendDocument(client: IdentityClient, id: string): Promise<void> {
  await client.POST('/documents/{id}/lifecycle', { params: { path: { id } }, body: { action: 'suspend', reason: 'lost' } });
}

function typeMistakes(client: IdentityClient): void {
  // @ts-expect-error the path parameter is required
  void client.GET('/persons/{id}', {});
  // @ts-expect-error no such route
  void client.GET('/people/{id}', { params: { path: { id: PERSON_ID } } });
  // @ts-expect-error sex is one of F, M, X
  void client.POST('/persons', { body: { familyName: 'A', givenNames: 'B', birthDate: '1990-01-01', placeOfBirth: 'C', sex: 'female', nationalities: ['UT'], addresses: [] } });
  // @ts-expect-error the state filter takes application states only
  void client.GET('/applications', { params: { query: { state: ['pending'] } } });
}

describe('the generated types', () => {
  it('type the responses from the document', () => {
    expectTypeOf(readPerson).returns.resolves.toEqualTypeOf<IdentitySchemas['PersonResponseDto'] | undefined>();
    expectTypeOf<IdentitySchemas['PersonResponseDto']['status']>().toEqualTypeOf<'active' | 'deceased'>();
    expectTypeOf<Awaited<ReturnType<IdentityClient['GET']>>>().not.toBeAny();
    expect([registerPerson, pendingReviews, suspendDocument, typeMistakes].every((fn) => typeof fn === 'function')).toBe(true);
  });
});

describe('createIdentityClient', () => {
  it('sends the bearer token and a correlation id, and parses the typed response', async () => {
    const service = fakeService(200, { id: PERSON_ID, familyName: 'Okonkwo' });
    const client = createIdentityClient({ baseUrl: 'https://identity.example/', token: () => 'token-1', fetch: service.fetch });
    const person = await readPerson(client, PERSON_ID);
    expect(person).toMatchObject({ id: PERSON_ID, familyName: 'Okonkwo' });
    const [request] = service.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(`https://identity.example/persons/${PERSON_ID}`);
    expect(request?.headers.get('authorization')).toBe('Bearer token-1');
    expect(request?.headers.get(CORRELATION_ID_HEADER)).toMatch(UUID);
  });

  it('asks for the token before each request (an async provider may refresh it)', async () => {
    const service = fakeService();
    let issued = 0;
    const client = createIdentityClient({ baseUrl: 'https://identity.example', token: async () => `token-${++issued}`, fetch: service.fetch });
    await client.GET('/health/live');
    await client.GET('/audit/verification');
    expect(service.requests.map((request) => request.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('uses a new correlation id for every request, unless the caller gives one', async () => {
    const service = fakeService();
    const client = createIdentityClient({ baseUrl: 'https://identity.example', token: () => 't', fetch: service.fetch });
    await client.GET('/persons', { params: { query: { familyName: 'Okonkwo' } } });
    await client.GET('/persons', { params: { query: { familyName: 'Okonkwo' } } });
    await client.GET('/persons', { params: { query: { familyName: 'Okonkwo' } }, headers: { [CORRELATION_ID_HEADER]: 'from-the-portal' } });
    const [first, second, third] = service.requests.map((request) => request.headers.get(CORRELATION_ID_HEADER));
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
    expect(third).toBe('from-the-portal');
    expect(service.requests[0]?.url).toBe('https://identity.example/persons?familyName=Okonkwo');
  });

  it('sends JSON bodies and hands back the problem details of a refusal as the error', async () => {
    const problem = { type: 'urn:citizen-zero:problem:VALIDATION_FAILED', status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'sex', message: 'must be one of F, M, X' }] };
    const service = fakeService(400, problem);
    const client = createIdentityClient({ baseUrl: 'https://identity.example', token: () => 't', fetch: service.fetch });
    const { data, error, response } = await client.POST('/persons', { body: { familyName: 'A', givenNames: 'B', birthDate: '1990-01-01', placeOfBirth: 'C', sex: 'F', nationalities: ['UT'], addresses: [] } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual(problem);
    expect(service.requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(await service.requests[0]?.json()).toMatchObject({ familyName: 'A', sex: 'F' });
  });
});

describe('browser portability', () => {
  it('type-checks the library source with only the DOM and ES libraries (no Node types)', () => {
    const root = join(import.meta.dirname, '..', 'src');
    const files = readdirSync(root).filter((file) => file.endsWith('.ts')).map((file) => join(root, file));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      esModuleInterop: true,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
  });
});
