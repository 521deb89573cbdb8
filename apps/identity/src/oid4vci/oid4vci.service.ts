import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader, EmbeddedJWK, errors as joseErrors, jwtVerify } from 'jose';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { KeyCustody } from '../crypto/key-custody';
import { Transactions } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { CredentialOfferRepository } from '../issuance/credential-offer.repository';
import { IssuanceService, randomToken, tokenHash } from '../issuance/issuance.service';
import type { DocumentKind } from '../issuance/issued-document';
import { IssuedDocumentRepository } from '../issuance/issued-document.repository';
import { ZK_CREDENTIAL_CONFIGURATION_ID, ZkCredentialIssuance } from '../zk/zk-credential-issuance.service';
import { Oid4vciError } from './oid4vci-error';

/** The pre-authorised code grant type (OpenID4VCI 1.0 §4.1.1). */
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** Credential configurations this issuer offers (OpenID4VCI 1.0 §12.2.4, Appendix A.2 for mso_mdoc). */
export const CREDENTIAL_CONFIGURATIONS: Readonly<Record<string, { kind: DocumentKind; doctype: string }>> = {
  'org.iso.18013.5.1.mDL': { kind: 'mdl-credential', doctype: 'org.iso.18013.5.1.mDL' },
  'eu.europa.ec.eudi.pid.1': { kind: 'national-id-credential', doctype: 'eu.europa.ec.eudi.pid.1' },
};

const OFFER_LIFETIME_MS = 7 * 86_400_000;
const ACCESS_TOKEN_LIFETIME_S = 300;
const NONCE_LIFETIME_MS = 300_000;
const MAX_TX_CODE_FAILURES = 5;

export interface CredentialOffer {
  /** `openid-credential-offer://?credential_offer=…` (OpenID4VCI 1.0 §4.1.2), for the QR code. */
  readonly uri: string;
  readonly offer: Record<string, unknown>;
  /** Given to the citizen separately (printed slip, SMS): the QR code alone cannot be redeemed. */
  readonly txCode: string;
  readonly expiresAt: Date;
}

/**
 * OpenID for Verifiable Credential Issuance 1.0 (final), pre-authorised code flow: an official
 * creates a one-time offer with a transaction code; the citizen's wallet exchanges the code for
 * an access token, fetches a nonce, proves possession of its device key with a JWT proof bound
 * to that nonce, and receives the mdoc issued to that key.
 */
@Injectable()
export class Oid4vciService {
  constructor(
    private readonly offers: CredentialOfferRepository,
    private readonly documents: IssuedDocumentRepository,
    private readonly issuance: IssuanceService,
    private readonly keys: KeyCustody,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly zk: ZkCredentialIssuance,
  ) {}

  get issuerIdentifier(): string {
    return this.config.publicUrl.replace(/\/$/, '');
  }

  /** Credential issuer metadata (OpenID4VCI 1.0 §12.2). */
  metadata(): Record<string, unknown> {
    const issuer = this.issuerIdentifier;
    return {
      credential_issuer: issuer,
      credential_endpoint: `${issuer}/oid4vci/credential`,
      nonce_endpoint: `${issuer}/oid4vci/nonce`,
      display: [{ name: this.config.issuer.authority, locale: 'en' }],
      credential_configurations_supported: {
        ...Object.fromEntries(
          Object.entries(CREDENTIAL_CONFIGURATIONS).map(([id, configuration]) => [
            id,
            {
              format: 'mso_mdoc',
              doctype: configuration.doctype,
              cryptographic_binding_methods_supported: ['cose_key'],
              credential_signing_alg_values_supported: [-7],
              proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'ES384', 'ES512'] } },
            },
          ]),
        ),
        // The zero-knowledge age and nationality credential (BBS), offered with every wallet credential when configured.
        ...(this.zk.enabled && { [ZK_CREDENTIAL_CONFIGURATION_ID]: this.zk.configurationMetadata() }),
      },
    };
  }

  /** OAuth authorization server metadata (RFC 8414) for the token endpoint. */
  authorizationServerMetadata(): Record<string, unknown> {
    const issuer = this.issuerIdentifier;
    return { issuer, token_endpoint: `${issuer}/oid4vci/token`, grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT], 'pre-authorized_grant_anonymous_access_supported': true };
  }

  async createOffer(actor: Actor, documentId: string): Promise<CredentialOffer> {
    const document = await this.documents.findSummaryById(documentId);
    if (!document) throw new IdentityError('DOCUMENT_NOT_FOUND', 'no issued document with this id');
    const configurationId = Object.entries(CREDENTIAL_CONFIGURATIONS).find(([, configuration]) => configuration.kind === document.kind)?.[0];
    if (!configurationId) throw new IdentityError('APPLICATION_CONFLICT', `a ${document.kind} is printed, not offered to a wallet`);
    if (document.state !== 'offered') throw new IdentityError('DOCUMENT_NOT_ISSUED', document.state === 'issued' ? 'this credential has already been claimed by a wallet' : 'this credential is not ready to be offered yet');
    if (document.status !== 'valid') throw new IdentityError('DOCUMENT_NOT_VALID', `the credential is ${document.status}`);
    const code = randomToken();
    const txCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + OFFER_LIFETIME_MS);
    await this.offers.replace({ id: randomUUID(), documentId, codeHash: tokenHash(code), txCodeHash: tokenHash(`${documentId}:${txCode}`), expiresAt });
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'credential.offer', resourceType: 'document', resourceId: documentId, details: { kind: document.kind } }, transaction));
    const offer = {
      credential_issuer: this.issuerIdentifier,
      credential_configuration_ids: [configurationId, ...(this.zk.enabled ? [ZK_CREDENTIAL_CONFIGURATION_ID] : [])],
      grants: { [PRE_AUTHORIZED_CODE_GRANT]: { 'pre-authorized_code': code, tx_code: { input_mode: 'numeric', length: 6, description: 'The code on the slip the official gave you' } } },
    };
    return { uri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`, offer, txCode, expiresAt };
  }

  /** Token endpoint (OpenID4VCI 1.0 §6): the pre-authorised code and transaction code for an access token, once. */
  async token(form: Record<string, string | undefined>): Promise<Record<string, unknown>> {
    if (form['grant_type'] !== PRE_AUTHORIZED_CODE_GRANT) throw new Oid4vciError('unsupported_grant_type', `only ${PRE_AUTHORIZED_CODE_GRANT} is supported`);
    const code = form['pre-authorized_code'];
    if (!code) throw new Oid4vciError('invalid_request', 'pre-authorized_code is missing');
    const offer = await this.offers.findByCode(tokenHash(code));
    if (!offer || offer.expiresAt.getTime() <= Date.now() || offer.accessTokenExpiresAt || offer.failedAttempts >= MAX_TX_CODE_FAILURES) throw new Oid4vciError('invalid_grant', 'the offer is unknown, expired or already used');
    if (!form['tx_code'] || !Buffer.from(tokenHash(`${offer.documentId}:${form['tx_code']}`)).equals(Buffer.from(offer.txCodeHash))) {
      const failures = await this.offers.countFailure(offer.id);
      throw new Oid4vciError('invalid_grant', failures >= MAX_TX_CODE_FAILURES ? 'wrong transaction code; the offer is now void, ask for a new one' : 'wrong transaction code');
    }
    const accessToken = randomToken();
    if (!(await this.offers.exchange(offer.id, { hash: tokenHash(accessToken), expiresAt: new Date(Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000) }))) throw new Oid4vciError('invalid_grant', 'the offer has already been used');
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S };
  }

  /** Nonce endpoint (OpenID4VCI 1.0 §7): a stateless nonce, MAC'd in the HSM, valid for five minutes. */
  async nonce(): Promise<{ c_nonce: string }> {
    const issuedAt = Date.now().toString(36);
    return { c_nonce: `${issuedAt}.${Buffer.from(await this.nonceMac(issuedAt)).toString('base64url')}` };
  }

  /** Credential endpoint (OpenID4VCI 1.0 §8): verifies the key proof and issues the mdoc to the proven key. */
  async credential(authorization: string | undefined, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new Oid4vciError('invalid_token', 'a Bearer access token is required');
    const offer = await this.offers.findByAccessToken(tokenHash(token));
    if (!offer || !offer.accessTokenExpiresAt || offer.accessTokenExpiresAt.getTime() <= Date.now()) throw new Oid4vciError('invalid_token', 'the access token is unknown or expired');
    if (body['credential_configuration_id'] === ZK_CREDENTIAL_CONFIGURATION_ID && this.zk.enabled) return this.zkCredential(offer.documentId);
    const configuration = CREDENTIAL_CONFIGURATIONS[String(body['credential_configuration_id'])];
    const document = await this.documents.findSummaryById(offer.documentId);
    if (!configuration || !document || configuration.kind !== document.kind) throw new Oid4vciError('unknown_credential_configuration', 'this access token is for another credential configuration');
    const proofs = (body['proofs'] as { jwt?: unknown } | undefined)?.jwt;
    if (!Array.isArray(proofs) || proofs.length !== 1 || typeof proofs[0] !== 'string') throw new Oid4vciError('invalid_proof', 'exactly one JWT key proof is required in proofs.jwt');
    const deviceKey = await this.verifyProof(proofs[0]);
    if (offer.redeemedAt && document.state !== 'issued') throw new Oid4vciError('credential_request_denied', 'the offer has been used');
    const credential = await this.issuance.signCredential(document, deviceKey);
    await this.offers.markRedeemed(offer.id, new Date());
    return { credentials: [{ credential }] };
  }

  /**
   * The zero-knowledge credential for the offer's person: no key proof (the configuration lists no
   * cryptographic binding method, OpenID4VCI 1.0 §8.2), any number of times while the access token
   * is valid; refusals in the OAuth shape.
   */
  private async zkCredential(documentId: string): Promise<Record<string, unknown>> {
    try {
      return await this.zk.credentialFor(documentId);
    } catch (error) {
      if (error instanceof IdentityError && error.code !== 'ZK_ISSUER_KEY_UNAVAILABLE' && error.code !== 'RECORD_DECRYPTION_FAILED') throw new Oid4vciError('credential_request_denied', error.message);
      throw error;
    }
  }

  /** Key proof of possession (OpenID4VCI 1.0 Appendix F.1): typ, alg, embedded jwk, aud, iat, and our fresh nonce. */
  private async verifyProof(jwt: string): Promise<JsonWebKey> {
    let header;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      throw new Oid4vciError('invalid_proof', 'the key proof is not a JWT');
    }
    if (header.typ !== 'openid4vci-proof+jwt') throw new Oid4vciError('invalid_proof', 'the key proof must have typ openid4vci-proof+jwt');
    if (!header.jwk || header.jwk.kty !== 'EC' || 'd' in header.jwk) throw new Oid4vciError('invalid_proof', 'the key proof must carry the public EC device key in its jwk header');
    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, EmbeddedJWK, { audience: this.issuerIdentifier, algorithms: ['ES256', 'ES384', 'ES512'], typ: 'openid4vci-proof+jwt', maxTokenAge: '5m', clockTolerance: 60 }));
    } catch (error) {
      throw new Oid4vciError('invalid_proof', error instanceof joseErrors.JOSEError ? `the key proof does not verify (${error.code})` : 'the key proof does not verify');
    }
    if (typeof payload['nonce'] !== 'string' || !(await this.nonceIsFresh(payload['nonce']))) throw new Oid4vciError('invalid_nonce', 'the key proof must carry a fresh c_nonce from the nonce endpoint');
    return header.jwk as JsonWebKey;
  }

  private async nonceIsFresh(nonce: string): Promise<boolean> {
    const [issuedAt, mac] = nonce.split('.');
    if (!issuedAt || !mac) return false;
    const age = Date.now() - parseInt(issuedAt, 36);
    return age >= -60_000 && age <= NONCE_LIFETIME_MS && Buffer.from(await this.nonceMac(issuedAt)).toString('base64url') === mac;
  }

  /**
   * Nonces are MAC'd with a key derived once from the HSM's blind-index key (so every replica
   * derives the same one) and then held in memory: a nonce only proves freshness for five
   * minutes, which does not warrant an HSM operation per request.
   */
  private async nonceMac(issuedAt: string): Promise<Uint8Array> {
    this.nonceKey ??= this.keys.hmac(new TextEncoder().encode('cz-oid4vci-nonce-key:v1'));
    return createHmac('sha256', await this.nonceKey).update(issuedAt).digest();
  }

  private nonceKey: Promise<Uint8Array> | undefined;
}
