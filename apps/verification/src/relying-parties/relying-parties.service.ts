import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Actor, type ApiKeyVerifier, PlatformError, RateLimitedError } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { VerificationError } from '../verification-error';
import { issueApiKey, parseApiKey, secretMatches } from './api-keys';
import { elementsOutside, type Purpose } from './purposes';
import { type RelyingParty, RelyingPartyRepository, type RelyingPartyKey } from './relying-party.repository';
import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter';
import { type DailyUsage, UsageMeter } from './usage-meter';

/** The permissions a relying party's API key grants: verifying presentations and seals, nothing else. */
const RELYING_PARTY_PERMISSIONS: ReadonlySet<string> = new Set([Permission.Verify]);

/**
 * Relying parties (banks, employers, shops, counters) registered by security officers: their
 * purposes, their API keys (hashes only; a key is shown once; rotation by issuing a new key and
 * revoking the old one), a sliding-window rate limit per key, and usage metering per day.
 */
@Injectable()
export class RelyingPartiesService implements ApiKeyVerifier {
  constructor(
    private readonly parties: RelyingPartyRepository,
    private readonly limiter: SlidingWindowRateLimiter,
    private readonly meter: UsageMeter,
  ) {}

  async register(actor: Actor, input: { name: string; purposes: readonly Purpose[]; rateLimitPerMinute: number }): Promise<{ party: RelyingParty; apiKey: string; keyId: string }> {
    const issued = issueApiKey();
    const now = new Date();
    const party: RelyingParty = { id: randomUUID(), name: input.name, purposes: [...new Set(input.purposes)], rateLimitPerMinute: input.rateLimitPerMinute, registeredBy: actor.subject, registeredAt: now, suspendedAt: undefined };
    const registered = await this.parties.register(party, { id: issued.keyId, relyingPartyId: party.id, secretHash: issued.secretHash, createdBy: actor.subject, createdAt: now });
    if (!registered) throw new VerificationError('RELYING_PARTY_EXISTS', 'a relying party with this name is already registered');
    return { party, apiKey: issued.key, keyId: issued.keyId };
  }

  list(): Promise<RelyingParty[]> {
    return this.parties.list();
  }

  async describe(id: string): Promise<{ party: RelyingParty; keys: RelyingPartyKey[] }> {
    const party = await this.parties.find(id);
    if (!party) throw new VerificationError('RELYING_PARTY_NOT_FOUND', 'no relying party with this id');
    return { party, keys: await this.parties.keysOf(id) };
  }

  /** A new key for the party (rotation: issue, deploy, then revoke the old one). The key is in this answer only. */
  async issueKey(actor: Actor, id: string): Promise<{ apiKey: string; keyId: string }> {
    await this.describe(id);
    const issued = issueApiKey();
    await this.parties.addKey({ id: issued.keyId, relyingPartyId: id, secretHash: issued.secretHash, createdBy: actor.subject, createdAt: new Date() });
    return { apiKey: issued.key, keyId: issued.keyId };
  }

  async revokeKey(id: string, keyId: string): Promise<void> {
    if (!(await this.parties.revokeKey(id, keyId))) throw new VerificationError('API_KEY_NOT_FOUND', 'the relying party has no active key with this id');
  }

  async usage(id: string, days: number): Promise<DailyUsage[]> {
    await this.describe(id);
    return this.meter.usage(id, days);
  }

  /** ApiKeyVerifier: the key's relying party as the actor, after the key's rate limit. */
  async verify(apiKey: string): Promise<Actor> {
    const parsed = parseApiKey(apiKey);
    const found = parsed && (await this.parties.findKey(parsed.keyId));
    if (!parsed || !found || found.key.revokedAt || found.party.suspendedAt || !secretMatches(parsed.secret, found.key.secretHash)) {
      throw new PlatformError('AUTH_API_KEY_INVALID', 'the API key is unknown, revoked or malformed');
    }
    const decision = await this.limiter.take(`relying-party-key:${found.key.id}`, found.party.rateLimitPerMinute);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new RateLimitedError(seconds, `this key's limit of ${found.party.rateLimitPerMinute} requests a minute is reached; retry in ${seconds} s`);
    }
    void this.parties.touchKey(found.key.id).catch(() => undefined);
    return { subject: `relying-party:${found.party.id}`, roles: ['relying-party'], permissions: RELYING_PARTY_PERMISSIONS, relyingParty: { id: found.party.id, keyId: found.key.id, purposes: found.party.purposes } };
  }

  /**
   * A relying party asks only for elements of a purpose it is registered for; officials (OIDC
   * callers) are not bound to purposes. Counts the request in the party's usage.
   */
  async authorise(actor: Actor, operation: string, purpose: string | undefined, requestedElements: readonly string[] | undefined): Promise<void> {
    const party = actor.relyingParty;
    if (!party) return;
    if (!purpose) throw new VerificationError('PURPOSE_REQUIRED', 'a relying party must name the purpose of the verification (one of its registered purposes)');
    if (!party.purposes.includes(purpose)) throw new VerificationError('PURPOSE_NOT_ALLOWED', `this relying party is not registered for the purpose ${purpose}`, { purpose });
    if (requestedElements !== undefined) {
      const outside = elementsOutside(purpose as Purpose, requestedElements);
      if (outside.length > 0) throw new VerificationError('PURPOSE_NOT_ALLOWED', `the purpose ${purpose} does not cover ${outside.join(', ')}`, { purpose, elements: outside.length });
    }
    await this.meter.record(party.id, party.keyId, operation);
  }
}
