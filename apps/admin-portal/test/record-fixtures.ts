import { createIdentityClient, type IdentityClient } from '@citizen-zero/identity-client';
import { ServiceClient } from '../src/api/service-client';
import type { Official } from '../src/auth/oidc-session';
import type { ScreenProps } from '../src/screens/screen-props';

export interface RecordedCall {
  readonly method: string;
  readonly url: URL;
  readonly body: any;
}

/** An answer: JSON (`body`), or bytes with their media type (`bytes`, `type`). */
export type Answer = { readonly status: number; readonly body?: unknown; readonly bytes?: Uint8Array; readonly type?: string };

/**
 * The real typed identity client over a scripted fetch, like fake-identity.ts, that can also
 * answer with bytes (the PDFs). What the screens send is recorded; `handle` answers.
 */
export function scriptedIdentity(handle: (call: RecordedCall) => Answer | Promise<Answer> | undefined): { identity: IdentityClient; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const identity = createIdentityClient({
    baseUrl: 'http://identity.test',
    token: () => 'access-token',
    fetch: async (request) => {
      const text = request.method === 'GET' ? '' : await request.text();
      const call: RecordedCall = { method: request.method, url: new URL(request.url), body: text ? JSON.parse(text) : undefined };
      calls.push(call);
      const answer = (await handle(call)) ?? { status: 404, body: { code: 'NOT_FOUND', detail: 'no such route in the test' } };
      if (answer.bytes) return new Response(new Uint8Array(answer.bytes), { status: answer.status, headers: { 'content-type': answer.type ?? 'application/octet-stream' } });
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' } });
    },
  });
  return { identity, calls };
}

/** A client for a service the test does not expect to be called: any call fails the test's expectations. */
export function unusedService(name: string): ServiceClient {
  return new ServiceClient({ baseUrl: `http://${name}.test`, token: async () => 'token', fetch: async () => new Response(JSON.stringify({ code: 'UNEXPECTED', detail: `${name} was not expected to be called` }), { status: 500 }) });
}

export function screenProps(identity: IdentityClient, roles: Official['roles'], params: Record<string, string> = {}, biometric: ServiceClient = unusedService('biometric')): ScreenProps {
  return {
    apis: { identity, biometric, verification: unusedService('verification'), monitor: unusedService('monitor') },
    official: { subject: 'bello.approver', name: 'Bello Adeyemi', roles },
    params,
  };
}

export const PERSON_ID = '5d8c1c7e-0000-4000-8000-000000000001';
/** A 1×1 JPEG is enough for an <img>; the screen only shows it. */
export const PORTRAIT = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==';

export const santos = {
  id: PERSON_ID,
  nationalIdNumber: '1000000017',
  status: 'active',
  familyName: 'Santos',
  givenNames: 'Maria Luz',
  birthDate: '1978-03-09',
  placeOfBirth: 'Port Utopia',
  sex: 'F',
  nationalities: ['UT'],
  addresses: [{ kind: 'residence', lines: ['7 Quay Road'], locality: 'Port Utopia', country: 'UT' }],
  parents: [],
  biometricReferences: [{ modality: 'face', reference: 'face-1' }],
  portrait: PORTRAIT,
  createdAt: '2026-01-05T10:00:00.000Z',
  version: 1,
};

const APPLICATION_ID = '0b7d3f0e-1111-4c4c-8888-000000000001';

export const idCard = {
  id: 'd0c00000-0000-4000-8000-000000000001',
  applicationId: APPLICATION_ID,
  personId: PERSON_ID,
  kind: 'id-card',
  state: 'issued',
  status: 'valid',
  statusListIndex: 7,
  issuedAt: '2026-01-05T10:05:00.000Z',
  validUntil: '2036-01-05T00:00:00.000Z',
  documentNumber: 'I00000007',
};

export const nationalIdCredential = {
  id: 'd0c00000-0000-4000-8000-000000000002',
  applicationId: APPLICATION_ID,
  personId: PERSON_ID,
  kind: 'national-id-credential',
  state: 'offered',
  status: 'valid',
  statusListIndex: 8,
};

export const santosHistory = {
  applications: [
    {
      id: APPLICATION_ID,
      type: 'national-id-first',
      state: 'issued',
      createdBy: 'amara.registrar',
      submittedBy: 'amara.registrar',
      decidedBy: 'platform-approver',
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-05T10:05:00.000Z',
      journal: [
        { from: null, to: 'draft', actor: 'amara.registrar', reason: 'demo: first national ID', at: '2026-01-05T09:00:00.000Z' },
        { from: 'review', to: 'approved', actor: 'platform-approver', reason: 'demo: documents verified, no duplicate', at: '2026-01-05T10:00:00.000Z' },
        { from: 'approved', to: 'issued', actor: 'system:issuance', reason: 'all documents issued', at: '2026-01-05T10:05:00.000Z' },
      ],
    },
  ],
  events: [
    { sequence: 10, at: '2026-01-05T10:00:00.000Z', actor: 'platform-approver', action: 'person.register' },
    { sequence: 12, at: '2026-01-05T10:05:00.000Z', actor: 'system:issuance', action: 'document.issue', documentId: idCard.id, documentKind: 'id-card' },
    { sequence: 20, at: '2026-01-06T08:00:00.000Z', actor: 'bello.approver', action: 'document.suspend', documentId: idCard.id, documentKind: 'id-card', reason: 'lost' },
    { sequence: 21, at: '2026-01-07T08:00:00.000Z', actor: 'bello.approver', action: 'document.reinstate', documentId: idCard.id, documentKind: 'id-card', reason: 'investigation-closed' },
  ],
};
