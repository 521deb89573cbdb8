import { createIdentityClient, type IdentityClient } from '@citizen-zero/identity-client';

export interface Recorded {
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
  readonly authorization: string | null;
}

type Handler = (request: Recorded) => { status: number; body?: unknown } | undefined;

/** The real typed client over a scripted fetch: what the screens send is recorded, answers come from `handle`. */
export function fakeIdentity(handle: Handler): { identity: IdentityClient; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const identity = createIdentityClient({
    baseUrl: 'http://identity.test',
    token: () => 'access-token',
    fetch: async (request) => {
      const text = request.method === 'GET' ? '' : await request.text();
      const recorded: Recorded = { method: request.method, url: new URL(request.url), body: text ? (JSON.parse(text) as unknown) : undefined, authorization: request.headers.get('authorization') };
      requests.push(recorded);
      const answer = handle(recorded) ?? { status: 404, body: { code: 'NOT_FOUND', detail: 'no such route in the test' } };
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' } });
    },
  });
  return { identity, requests };
}
