import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDeviceResponse } from '@citizen-zero/mdoc';
import { parsePemBundle } from '@citizen-zero/pki';
import { statusOf, StatusType, verifyStatusListToken } from '@citizen-zero/status-list';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';
import { TestWallet } from './support/test-wallet';

const registrar = { roles: ['registrar'], subject: 'registrar-eve' };
const approver = { roles: ['approver'], subject: 'approver-fox' };
const admin = { roles: ['admin'], subject: 'admin-gil' };

/** A relying party's webhook receiver: records what arrives, answers 503 to the first delivery so the retry is exercised. */
class WebhookReceiver {
  readonly received: Array<{ headers: Record<string, string>; body: string }> = [];
  private failuresLeft = 1;
  private constructor(private readonly server: Server, readonly url: string) {}
  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const receiver = holder.receiver!;
        if (receiver.failuresLeft-- > 0) return void response.writeHead(503).end();
        receiver.received.push({ headers: request.headers as Record<string, string>, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/citizen-zero`);
    return holder.receiver;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('scenario: birth, adult enrolment, mDL and ID card, verification, revocation seen in the status list and by webhook', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    identity = await startIdentity({ CZ_WEBHOOKS_ALLOW_HTTP: 'true', CZ_WEBHOOKS_RETRY_BASE_MS: '50' });
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await biometric?.close();
    await receiver?.close();
    await identity?.close();
  });

  const post = (path: string, as: { roles: string[]; subject: string }, body: object) => identity.request('POST', path, { ...as, body });
  const stateOf = async (id: string) => (await identity.request('GET', `/applications/${id}`, approver)).body.state as string;
  const until = (id: string, state: string) => eventually(async () => ((await stateOf(id)) === state ? true : undefined), `${id} → ${state}`);

  it('runs end to end', async () => {
    const subscription = await post('/webhooks', admin, { relyingParty: 'First Bank of Utopia', url: receiver.url, events: ['document.status-changed'] });
    expect(subscription.status).toBe(201);
    const secret: string = subscription.body.secret;
    expect(secret).toMatch(/^whsec_/);

    // 1. A birth is registered.
    const birth = await post('/applications', registrar, {
      type: 'birth-registration',
      applicant: { familyName: 'Tesfaye', givenNames: 'Lulit', birthDate: new Date().toISOString().slice(0, 10), placeOfBirth: 'Utopia General Hospital', sex: 'F', nationalities: ['UT'], addresses: [], parents: [{ role: 'mother', familyName: 'Tesfaye', givenNames: 'Hanna' }] },
      reason: 'hospital birth notification',
    });
    await post(`/applications/${birth.body.id}/submission`, registrar, { reason: 'mother present' });
    await post(`/applications/${birth.body.id}/approval`, approver, { reason: 'notification verified' });
    await until(birth.body.id, 'issued');

    // 2. An adult is enrolled for a national ID and approved by a second official.
    const enrolment = await post('/applications', registrar, {
      type: 'national-id-first',
      applicant: { familyName: 'Tesfaye', givenNames: 'Hanna', birthDate: '1994-09-11', placeOfBirth: 'Lakeside', sex: 'F', nationalities: ['UT'], addresses: [{ kind: 'residence', lines: ['1 Lake Road'], locality: 'Lakeside', country: 'UT' }], portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64') },
      reason: 'first national ID',
    });
    await post(`/applications/${enrolment.body.id}/submission`, registrar, { reason: 'signed' });
    await post(`/applications/${enrolment.body.id}/biometrics`, registrar, { reason: 'live capture', references: [{ modality: 'face', reference: 'face-hanna' }] });
    await until(enrolment.body.id, 'review');
    const approved = await post(`/applications/${enrolment.body.id}/approval`, approver, { reason: 'identity established' });
    const personId: string = approved.body.personId;
    await until(enrolment.body.id, 'issued');

    // 3. The ID card PDF, reproducible byte for byte.
    const documents = (await identity.request('GET', `/persons/${personId}/documents`, approver)).body as Array<{ id: string; kind: string; statusListIndex: number }>;
    const idCard = documents.find((document) => document.kind === 'id-card')!;
    const pdf = async () => new Uint8Array(await (await fetch(`${identity.baseUrl}/documents/${idCard.id}/pdf`, { headers: { authorization: `Bearer ${await identity.idp.token(approver.subject, approver.roles)}` } })).arrayBuffer());
    const first = await pdf();
    expect(Buffer.from(first.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(await pdf()).equals(Buffer.from(first))).toBe(true);

    // 4. An mDL: application, approval, offer, wallet redemption; it verifies with libs/mdoc.
    const mdlApplication = await post('/applications', registrar, { type: 'mdl', personId, drivingPrivileges: [{ vehicleCategoryCode: 'B' }], reason: 'driving test passed' });
    await post(`/applications/${mdlApplication.body.id}/submission`, registrar, { reason: 'signed' });
    await post(`/applications/${mdlApplication.body.id}/biometrics`, registrar, { reason: 'live', references: [{ modality: 'face', reference: 'face-hanna-2' }] });
    await until(mdlApplication.body.id, 'review');
    await post(`/applications/${mdlApplication.body.id}/approval`, approver, { reason: 'ok' });
    await until(mdlApplication.body.id, 'issued');
    const mdl = ((await identity.request('GET', `/persons/${personId}/documents`, approver)).body as Array<{ id: string; kind: string; statusListIndex: number }>).find((document) => document.kind === 'mdl-credential')!;
    const offer = await post(`/documents/${mdl.id}/offer`, approver, {});
    const wallet = await TestWallet.create();
    const redeemed = await wallet.redeem(offer.body.uri, offer.body.txCode);
    const { response, transcript, issuerSigned } = await wallet.present(redeemed.credential.credentials[0].credential);
    const trustAnchors = parsePemBundle(identity.iacaPem);
    expect((await verifyDeviceResponse(response, { trustAnchors, transcript })).valid).toBe(true);
    const reference = issuerSigned.mso.status!.statusList;
    expect(reference).toEqual({ idx: mdl.statusListIndex, uri: `${identity.baseUrl}/status-lists/1` });

    const statusNow = async () => {
      const token = new Uint8Array(await (await fetch(reference.uri)).arrayBuffer());
      const verdict = await verifyStatusListToken(token, { trustAnchors, expectedUri: reference.uri });
      expect(verdict.errors).toEqual([]);
      return statusOf(reference, verdict);
    };
    expect(await statusNow()).toMatchObject({ value: StatusType.VALID, stale: false });

    // 5. The mDL is revoked: the status list says so, and the relying party's webhook arrives (after one retry), signed.
    const revoked = await post(`/documents/${mdl.id}/lifecycle`, approver, { action: 'revoke', reason: 'fraud-confirmed' });
    expect(revoked.body.status).toBe('revoked');
    expect(await statusNow()).toMatchObject({ value: StatusType.INVALID });
    const delivery = await eventually(async () => receiver.received[0], 'the webhook delivery');
    const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = delivery.headers;
    expect(signature).toBe(`v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${id}.${timestamp}.${delivery.body}`).digest('base64')}`);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({ type: 'document.status-changed', data: { statusListIndex: mdl.statusListIndex, status: 'revoked', statusListUri: reference.uri } });
    expect(delivery.body).not.toMatch(/Tesfaye|Hanna|1994/);
    const deliveries = await eventually(async () => {
      const list = (await identity.request('GET', `/webhooks/${subscription.body.id}/deliveries`, admin)).body as Array<{ state: string; attempts: number }>;
      return list[0]?.state === 'delivered' ? list : undefined;
    }, 'the delivery to be recorded');
    expect(deliveries[0]).toMatchObject({ state: 'delivered', attempts: 2 });

    // 6. Recording the death revokes everything else she holds.
    const death = await post(`/persons/${personId}/lifecycle`, approver, { action: 'record-death', reason: 'death' });
    expect(death.body.map((document: { kind: string }) => document.kind).sort()).toEqual(['id-card', 'national-id-credential']);
    expect((await identity.request('GET', `/persons/${personId}`, approver)).body.status).toBe('deceased');
    expect((await post(`/persons/${personId}/lifecycle`, approver, { action: 'suspend', reason: 'fraud-suspected' })).status).toBe(409);

    // 7. What Prometheus scrapes: latency per route pattern (never a concrete id), issuance, HSM, queues.
    const metrics = await (await fetch(`${identity.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/applications\/:id\/approval"[^}]*status="200"/);
    expect(metrics).not.toContain(personId);
    expect(metrics).toMatch(/documents_issued_total\{[^}]*kind="mdl-credential"[^}]*\} 1/);
    expect(metrics).toMatch(/hsm_sign_duration_seconds_count\{[^}]*key="ds"/);
    expect(metrics).toMatch(/queue_jobs\{[^}]*queue="identity.issuance.seal"/);
    expect(metrics).toMatch(/dead_letters_open\{[^}]*\} 0/);
  });

  it('delivers an event recorded before a crash (left unpublished in the outbox) on the next sweep', async () => {
    const before = receiver.received.length;
    await identity.app.get(DataSource).query(`INSERT INTO outbox_events (id, type, payload, created_at) VALUES (gen_random_uuid(), 'document.status-changed', '{"statusListIndex": 99999, "status": "suspended"}', now())`);
    const delivery = await eventually(async () => receiver.received[before], 'the recovered event');
    expect(JSON.parse(delivery.body).data).toEqual({ statusListIndex: 99999, status: 'suspended' });

    const [subscription] = (await identity.request('GET', '/webhooks', admin)).body as Array<{ id: string; active: boolean }>;
    expect(subscription).toMatchObject({ active: true });
    expect((await identity.request('DELETE', `/webhooks/${subscription!.id}`, admin)).status).toBe(204);
    expect((await identity.request('GET', '/webhooks', admin)).body[0].active).toBe(false);
    const unknown = await identity.request('DELETE', '/webhooks/00000000-0000-4000-8000-000000000000', admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('WEBHOOK_NOT_FOUND');
  });
});
