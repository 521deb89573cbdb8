import { AGE_NATIONALITY_CLAIMS, type DisclosedClaims, checkClaimValue, NEVER_DISCLOSED_CLAIM } from '../claim-set/age-nationality-v1';
import { ZK_PROOF_FORMAT, ZK_PROOF_FORMAT_VERSION } from '../draft';
import { base64UrlDecode } from '../encoding/bytes';
import { ZkCredentialError } from '../zk-error';

/**
 * A zero-knowledge presentation as it travels from wallet to verifier: compact JSON, versioned,
 * naming its proof system and the specification revision. The same envelope carries any system
 * (`sys`); only `proof` is system-specific bytes.
 *
 * ```json
 * { "fmt": "cz-zk-proof", "v": 1, "sys": "bbs", "spec": "draft-irtf-cfrg-bbs-signatures-08",
 *   "suite": "BLS12-381-SHA-256", "kid": "bbs-…", "schema": "cz-zk-age-nationality/1",
 *   "disclosed": { "age_over_18": true, "valid_until": "2027-11" }, "proof": "<base64url>" }
 * ```
 *
 * Everything in it except `disclosed` and `proof` is the same for every holder of a credential
 * from the same issuer key; `proof` is fresh randomness on every derivation (see the README).
 * The audience and nonce are not in it: the verifier supplies its own.
 */
export interface ZkProofEnvelope {
  readonly fmt: typeof ZK_PROOF_FORMAT;
  readonly v: typeof ZK_PROOF_FORMAT_VERSION;
  /** Proof system id: `bbs` today; a range-proof or mdoc-ZK system registers its own. */
  readonly sys: string;
  /** The specification revision the proof follows (e.g. the BBS draft). */
  readonly spec: string;
  /** Ciphersuite within the system, when it has several. */
  readonly suite: string;
  /** The issuer key the proof verifies with. */
  readonly kid: string;
  readonly schema: string;
  readonly disclosed: DisclosedClaims;
  /** base64url of the proof bytes. */
  readonly proof: string;
}

const MEMBERS = ['fmt', 'v', 'sys', 'spec', 'suite', 'kid', 'schema', 'disclosed', 'proof'];
const MAX_PROOF_CHARS = 64 * 1024;

/** Serialises an envelope with its members in a fixed order (every holder's envelopes look alike). */
export function serializeProofEnvelope(envelope: ZkProofEnvelope): string {
  const disclosed = Object.fromEntries(AGE_NATIONALITY_CLAIMS.filter((name) => name in envelope.disclosed).map((name) => [name, (envelope.disclosed as Record<string, unknown>)[name]]));
  return JSON.stringify({ fmt: envelope.fmt, v: envelope.v, sys: envelope.sys, spec: envelope.spec, suite: envelope.suite, kid: envelope.kid, schema: envelope.schema, disclosed, proof: envelope.proof });
}

/**
 * Reads an envelope (JSON text or parsed), checking its shape only — exactly the members above,
 * their types, base64url proof, disclosed values of the schema's types, `credential_id` never —
 * and not the cryptography. Throws ZK_ENVELOPE_MALFORMED (or ZK_FORMAT_UNSUPPORTED for another
 * format or version, ZK_DISCLOSURE_INVALID for a claim that may not be disclosed).
 */
export function parseProofEnvelope(value: unknown): ZkProofEnvelope {
  const malformed = (message: string, cause?: unknown): never => {
    throw new ZkCredentialError('ZK_ENVELOPE_MALFORMED', message, {}, cause === undefined ? undefined : { cause });
  };
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch (error) {
      return malformed('the proof envelope is not JSON', error);
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return malformed('the proof envelope must be an object');
  const record = object as Record<string, unknown>;
  if (record['fmt'] !== ZK_PROOF_FORMAT || record['v'] !== ZK_PROOF_FORMAT_VERSION) throw new ZkCredentialError('ZK_FORMAT_UNSUPPORTED', `not a ${ZK_PROOF_FORMAT} v${ZK_PROOF_FORMAT_VERSION} envelope`);
  const keys = Object.keys(record);
  if (keys.length !== MEMBERS.length || !MEMBERS.every((member) => keys.includes(member))) return malformed(`the envelope must have exactly: ${MEMBERS.join(', ')}`);
  for (const member of ['sys', 'spec', 'suite', 'kid', 'schema', 'proof']) {
    const text = record[member];
    if (typeof text !== 'string' || text.length === 0 || text.length > (member === 'proof' ? MAX_PROOF_CHARS : 200)) return malformed(`${member} must be a non-empty string`);
  }
  if (!base64UrlDecode(record['proof'] as string)) return malformed('proof must be base64url without padding');
  const disclosed = record['disclosed'];
  if (typeof disclosed !== 'object' || disclosed === null || Array.isArray(disclosed)) return malformed('disclosed must be an object');
  for (const [name, claim] of Object.entries(disclosed)) {
    if (name === NEVER_DISCLOSED_CLAIM) throw new ZkCredentialError('ZK_DISCLOSURE_INVALID', 'credential_id is never disclosed');
    if (!(AGE_NATIONALITY_CLAIMS as readonly string[]).includes(name)) return malformed(`disclosed names an unknown claim: ${name}`);
    try {
      checkClaimValue(name as (typeof AGE_NATIONALITY_CLAIMS)[number], claim);
    } catch (error) {
      return malformed(`disclosed.${name} has the wrong type or format`, error);
    }
  }
  return record as unknown as ZkProofEnvelope;
}
