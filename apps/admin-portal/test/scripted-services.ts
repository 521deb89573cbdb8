import { createIdentityClient } from '@citizen-zero/identity-client';
import { type PortalApis, ServiceClient } from '../src/api/service-client';

export type ServiceName = 'identity' | 'biometric' | 'verification' | 'monitor';

export interface ScriptedRequest {
  readonly service: ServiceName;
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
  readonly authorization: string | null;
  readonly accept: string | null;
}

/** An answer: JSON `body`, raw `text`, or a `stream` the test feeds (event streams, exports). */
export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly stream?: ReadableStream<Uint8Array>;
  readonly contentType?: string;
}

const BASE_URLS: Readonly<Record<ServiceName, string>> = { identity: 'http://identity.test', biometric: 'http://biometric.test', verification: 'http://verification.test', monitor: 'http://monitor.test' };

function respond(answer: ScriptedAnswer): Response {
  const contentType = answer.contentType ?? (answer.status >= 400 ? 'application/problem+json' : 'application/json');
  const payload = answer.stream ?? answer.text ?? (answer.body === undefined ? null : JSON.stringify(answer.body));
  return new Response(answer.status === 204 ? null : payload, { status: answer.status, headers: { 'content-type': contentType } });
}

/**
 * Every API the portal calls — the real identity client and the real ServiceClients — over a
 * scripted fetch: requests are recorded with the service they went to, answers come from `handle`
 * (unscripted routes answer 404 with a problem body).
 */
export function scriptedApis(handle: (request: ScriptedRequest) => ScriptedAnswer | undefined): { apis: PortalApis; requests: ScriptedRequest[] } {
  const requests: ScriptedRequest[] = [];
  const answer = (request: ScriptedRequest) => respond(handle(request) ?? { status: 404, body: { code: 'ROUTE_NOT_FOUND', detail: `no such route in the test: ${request.method} ${request.url.pathname}` } });
  const identity = createIdentityClient({
    baseUrl: BASE_URLS.identity,
    token: () => 'identity-token',
    fetch: async (request) => {
      const text = request.method === 'GET' ? '' : await request.text();
      const recorded: ScriptedRequest = { service: 'identity', method: request.method, url: new URL(request.url), body: text ? (JSON.parse(text) as unknown) : undefined, authorization: request.headers.get('authorization'), accept: request.headers.get('accept') };
      requests.push(recorded);
      return answer(recorded);
    },
  });
  const client = (service: Exclude<ServiceName, 'identity'>) =>
    new ServiceClient({
      baseUrl: BASE_URLS[service],
      token: async () => `${service}-token`,
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers);
        const recorded: ScriptedRequest = { service, method: init?.method ?? 'GET', url: new URL(String(input)), body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined, authorization: headers.get('authorization'), accept: headers.get('accept') };
        requests.push(recorded);
        return answer(recorded);
      },
    });
  return { apis: { identity, biometric: client('biometric'), verification: client('verification'), monitor: client('monitor') }, requests };
}

/** A byte stream the test writes to after the screen has started reading it. */
export function controlledStream(): { stream: ReadableStream<Uint8Array>; write: (text: string) => void; close: () => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(started) {
      controller = started;
    },
  });
  const encoder = new TextEncoder();
  return {
    stream,
    write: (text) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}
