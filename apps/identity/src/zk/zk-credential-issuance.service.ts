import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AGE_NATIONALITY_CLAIMS, AGE_NATIONALITY_SCHEMA, ageNationalityClaims, BBS_CIPHERSUITE, BBS_DRAFT, DISCLOSABLE_CLAIMS, issueZkCredential, OPENID4VCI_ZK_FORMAT, type ZkCredential, ZkCredentialError } from '@citizen-zero/zk-credentials';
import { AuditLogService } from '../audit/audit-log.service';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { Transactions } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { CREDENTIAL_KINDS } from '../issuance/issued-document';
import { IssuedDocumentRepository } from '../issuance/issued-document.repository';
import { PersonsService } from '../persons/persons.service';
import { ZkIssuer } from './zk-issuer';

/** The OpenID4VCI credential configuration of the zero-knowledge credential (OpenID4VCI 1.0 §12.2.4). */
export const ZK_CREDENTIAL_CONFIGURATION_ID = 'citizen-zero-zk-age-nationality';

/**
 * Issues the BBS age and nationality credential alongside a wallet credential (mDL or national
 * ID) through the same OpenID4VCI offer: the access token of that offer may also redeem this
 * configuration. The claims are computed from the person's record at redemption (not from the
 * mdoc), and the credential is bound to nothing device-specific: a BBS proof is bound to the
 * verifier's nonce and audience through its presentation header instead, and a device key would
 * be a constant that every proof would have to carry or prove — a correlation handle.
 */
@Injectable()
export class ZkCredentialIssuance {
  constructor(
    private readonly issuer: ZkIssuer,
    private readonly documents: IssuedDocumentRepository,
    private readonly persons: PersonsService,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  get enabled(): boolean {
    return this.issuer.enabled;
  }

  /** The credential configuration for the issuer metadata; non-standard format, documented in libs/zk-credentials. */
  configurationMetadata(): Record<string, unknown> {
    const issuer = this.config.publicUrl.replace(/\/$/, '');
    return {
      format: OPENID4VCI_ZK_FORMAT,
      cz_zk: {
        schema: AGE_NATIONALITY_SCHEMA,
        proof_system: 'bbs',
        specification: BBS_DRAFT,
        ciphersuite: BBS_CIPHERSUITE,
        issuer_keys_uri: `${issuer}/zk/issuer-keys`,
        disclosable_claims: [...DISCLOSABLE_CLAIMS],
        validity_months: this.issuer.validityMonths,
      },
      credential_metadata: {
        display: [{ name: 'Age and nationality (zero-knowledge)', locale: 'en' }],
        claims: AGE_NATIONALITY_CLAIMS.filter((name) => name !== 'credential_id').map((name) => ({ path: [name] })),
      },
    };
  }

  /**
   * The credential for the person behind an offered or issued wallet credential. Refused when the
   * document is not a wallet credential, not yet approved for issuance, or no longer valid, and
   * when the person is deceased or has no nationality on record. Each issuance is audited with its
   * random credential id (never disclosed in proofs; recorded so a future revocation scheme can
   * name it).
   */
  async credentialFor(documentId: string): Promise<{ credentials: { credential: ZkCredential }[] }> {
    const document = await this.documents.findSummaryById(documentId);
    if (!document || !CREDENTIAL_KINDS.has(document.kind)) throw new IdentityError('DOCUMENT_NOT_FOUND', 'no wallet credential for this offer');
    if (document.state === 'pending') throw new IdentityError('DOCUMENT_NOT_ISSUED', 'the credential is not ready to be issued');
    if (document.status !== 'valid') throw new IdentityError('APPLICATION_CONFLICT', `the credential is ${document.status}`);
    const person = await this.persons.readUnaudited(document.personId);
    if (person.status !== 'active') throw new IdentityError('APPLICATION_CONFLICT', `the person is ${person.status}`);
    const nationality = person.data.nationalities[0];
    if (!nationality) throw new IdentityError('APPLICATION_CONFLICT', 'the person has no nationality on record');
    const credentialId = randomBytes(16).toString('hex');
    let claims;
    try {
      claims = ageNationalityClaims({ birthDate: person.data.birthDate, nationality, issuedAt: new Date(), validityMonths: this.issuer.validityMonths, credentialId });
    } catch (error) {
      if (error instanceof ZkCredentialError) throw new IdentityError('APPLICATION_CONFLICT', `the record does not fit the credential: ${error.message}`, {}, { cause: error });
      throw error;
    }
    const credential = await issueZkCredential(this.issuer.bbsSigner, claims);
    await this.transactions.run((transaction) =>
      this.audit.record('system:issuance', { action: 'credential.zk-issue', resourceType: 'document', resourceId: document.id, details: { schema: AGE_NATIONALITY_SCHEMA, kid: credential.kid, credentialId, validUntil: claims.valid_until } }, transaction),
    );
    return { credentials: [{ credential }] };
  }
}
