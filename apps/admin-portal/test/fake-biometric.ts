import { ServiceClient } from '../src/api/service-client';

export interface RecordedBiometric {
  readonly method: string;
  readonly path: string;
  readonly body: any;
  readonly authorization: string | null;
}

type Handler = (request: RecordedBiometric) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }> | undefined;

/** The portal's real biometric client over a scripted fetch: what the screens send is recorded, answers come from `handle`. */
export function fakeBiometric(handle: Handler): { biometric: ServiceClient; requests: RecordedBiometric[] } {
  const requests: RecordedBiometric[] = [];
  const biometric = new ServiceClient({
    baseUrl: 'http://biometric.test',
    token: async () => 'biometric-token',
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const recorded: RecordedBiometric = { method: init?.method ?? 'GET', path: url.pathname, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined, authorization: headers.get('authorization') };
      requests.push(recorded);
      const answer = (await handle(recorded)) ?? { status: 404, body: { code: 'ROUTE_NOT_FOUND', detail: 'no such route in the test' } };
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' } });
    },
  });
  return { biometric, requests };
}

/** A scripted `/assessments/face` answer. */
export function assessment(overrides: Partial<{ acceptable: boolean; refusals: { code: string; message: string }[]; score: number; liveness: 'bona-fide' | 'attack-suspected' | 'none' }> = {}) {
  const acceptable = overrides.acceptable ?? true;
  const liveness = overrides.liveness ?? 'bona-fide';
  return {
    purpose: 'enrolment',
    acceptable,
    refusals: overrides.refusals ?? [],
    face: { box: { x: 10, y: 10, width: 100, height: 120 }, detectorScore: 0.98, faces: 1 },
    quality: { score: overrides.score ?? 78, minimum: 50, components: [{ name: 'inter_eye_distance', value: 64, normalised: 100 }, { name: 'yaw', value: 4, normalised: 87 }], rejections: (overrides.refusals ?? []).filter((refusal) => refusal.code.startsWith('QUALITY_') && refusal.code !== 'QUALITY_SCORE_LOW') },
    ...(liveness !== 'none' && {
      liveness: {
        bonaFideScore: liveness === 'bona-fide' ? 0.91 : 0.12,
        decision: liveness,
        threshold: 0.5,
        components: {},
        models: ['human/antispoof'],
        detector: 'cz-pad-fusion@1',
        notice: 'Non-certified presentation attack detection baseline: image cues and a hand-set logistic fusion, tuned on synthetic attacks only; not evaluated under ISO/IEC 30107-3 on real attack instruments.',
        enforced: false,
      },
    }),
  };
}

/** Bytes that start like a JPEG (the portal keeps small JPEGs as they are; the scripted service does not decode them). */
export function jpegFile(name = 'portrait.jpg'): File {
  return new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01])], name, { type: 'image/jpeg' });
}

export const JPEG_BASE64 = '/9j/4AAQSkZJRgAB';
