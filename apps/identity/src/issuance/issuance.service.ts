import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { issuanceQueueFor } from '@citizen-zero/service-contracts';
import { base64UrlEncode, coseKeyFromJwk, docTypeDefinition, encodeCbor, issueMdoc, prepareClaims } from '@citizen-zero/mdoc';
import { createDocumentSeal } from '@citizen-zero/travel-documents';
import type { Application, ApplicationType, DrivingPrivilege } from '../applications/application';
import type { Person } from '../persons/person';
import { AuditLogService } from '../audit/audit-log.service';
import { Transactions } from '../database/transactions';
import { ApplicationReader } from '../applications/application-reader';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { EnvelopeEncryption, type SealedRecord } from '../crypto/envelope-encryption';
import { IdentityError } from '../identity-error';
import { PersonsService } from '../persons/persons.service';
import { PlatformMetrics, QueueConnection } from '@citizen-zero/nest-platform';
import { statusListUri } from '../status-list/status-list-publisher';
import { icaoCountryCode } from './country-codes';
import { mdlClaims, nationalIdClaims } from './credential-claims';
import { DocumentSigners } from './document-signers';
import { CREDENTIAL_KINDS, type DocumentKind, type IssuedArtefact, type IssuedDocument } from './issued-document';
import { DeadLetterRepository, IssuedDocumentRepository } from './issued-document.repository';
import { printedDocument, sealPayloadOf } from './printed-documents';

/** What each kind of application issues. */
export const DOCUMENTS_BY_APPLICATION: Readonly<Record<ApplicationType, readonly DocumentKind[]>> = {
  'birth-registration': ['birth-certificate'],
  'national-id-first': ['id-card', 'national-id-credential'],
  'national-id-renewal': ['id-card', 'national-id-credential'],
  'national-id-replacement': ['id-card', 'national-id-credential'],
  passport: ['passport'],
  mdl: ['mdl-credential'],
};

/** Validity of what is printed (years); credentials carry the same expiry, their MSO a shorter one. */
const VALIDITY_YEARS: Readonly<Record<DocumentKind, number | undefined>> = {
  'birth-certificate': undefined,
  'id-card': 10,
  passport: 10,
  'national-id-credential': 10,
  'mdl-credential': 5,
};

const DOCUMENT_NUMBER_PREFIX: Readonly<Record<DocumentKind, string>> = { 'birth-certificate': 'B', 'id-card': 'I', passport: 'P', 'national-id-credential': 'N', 'mdl-credential': 'M' };

export interface IssueDocumentJob {
  readonly documentId: string;
}

export interface SignCredentialJob {
  readonly documentId: string;
  /** The wallet's public device key, proven in the OpenID4VCI key proof. */
  readonly deviceKey: JsonWebKey;
}

/** What a credential will say, fixed when it becomes ready to offer (sealed in the document row until it is signed). */
interface CredentialDraft {
  readonly person: Pick<Person, 'nationalIdNumber' | 'data'>;
  readonly drivingPrivileges: readonly DrivingPrivilege[];
}

export const ISSUE_DOCUMENT = 'issue-document';
export const SIGN_CREDENTIAL = 'sign-credential';
const CREDENTIAL_TIMEOUT_MS = 30_000;
/** MSO validity (ISO/IEC 18013-5 §9.1.2.4): short, so credentials are refreshed and the DS key can rotate. */
const MSO_VALIDITY_MS = 365 * 86_400_000;
const ATTEMPTS = 3;

/**
 * The issuance pipeline. Approval creates one row per document to issue (unique per
 * application and kind: the idempotency key) and a job on the queue of the key that signs it;
 * each signing key's queue is worked with concurrency 1 (sequential per key, keys in parallel).
 * A job only moves its row forward from the state it read, so a retried, replayed or
 * duplicated job never issues twice. Three attempts with exponential backoff, then a dead letter.
 */
@Injectable()
export class IssuanceService {
  private readonly logger = new Logger(IssuanceService.name);
  private readonly issuedListeners: Array<(applicationId: string) => Promise<void>> = [];

  constructor(
    private readonly documents: IssuedDocumentRepository,
    private readonly deadLetters: DeadLetterRepository,
    private readonly reader: ApplicationReader,
    private readonly persons: PersonsService,
    private readonly encryption: EnvelopeEncryption,
    private readonly signers: DocumentSigners,
    private readonly queues: QueueConnection,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    private readonly metrics: PlatformMetrics,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** Called when every document of an application has been issued or offered. */
  onApplicationIssued(listener: (applicationId: string) => Promise<void>): void {
    this.issuedListeners.push(listener);
  }

  async schedule(application: Application): Promise<IssuedDocument[]> {
    if (!application.personId) throw new IdentityError('APPLICATION_CONFLICT', 'an approved application must name its person');
    const created: IssuedDocument[] = [];
    for (const kind of DOCUMENTS_BY_APPLICATION[application.type]) {
      const id = randomUUID();
      const document = await this.documents.createIfAbsent({ id, applicationId: application.id, personId: application.personId, kind, signingKey: CREDENTIAL_KINDS.has(kind) ? this.signers.mdocKeyFor(id) : this.config.signing.sealKeyLabel });
      created.push(document);
      if (document.state === 'pending') await this.enqueue(document);
    }
    return created;
  }

  async startWorkers(): Promise<void> {
    for (const label of this.signers.labels) {
      // Sequential per key across every worker process, not only within this one.
      await this.queues.queue(issuanceQueueFor(label)).setGlobalConcurrency(1);
      const worker = this.queues.worker<IssueDocumentJob | SignCredentialJob, string>(issuanceQueueFor(label), (job) => (job.name === SIGN_CREDENTIAL ? this.signCredentialNow(job.data as SignCredentialJob) : this.process(job as Job<IssueDocumentJob>)), { concurrency: 1 });
      worker.on('failed', (job, error) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void this.deadLetter(job, error);
      });
    }
  }

  /** After a crash: every pending document gets its job back (a job that still exists is left alone). */
  async rescheduleUnfinished(olderThanMs = 5_000): Promise<number> {
    const pending = await this.documents.findPending(new Date(Date.now() - olderThanMs), 1000);
    let rescheduled = 0;
    for (const document of pending) {
      const queue = this.queues.queue(issuanceQueueFor(document.signingKey));
      const job = await queue.getJob(jobIdOf(document.id));
      if (job && (await job.isFailed())) {
        await this.deadLetter(job, new Error(job.failedReason));
        continue;
      }
      if (!job) {
        await this.enqueue(document);
        rescheduled++;
      }
    }
    return rescheduled;
  }

  async replay(queueName: string, jobId: string, payload: IssueDocumentJob): Promise<void> {
    const queue = this.queues.queue(queueName);
    await (await queue.getJob(jobId))?.remove();
    await queue.add(ISSUE_DOCUMENT, payload, { jobId, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false });
  }

  /**
   * Issues a credential to the wallet's proven device key, through the signing key's queue (so
   * signing stays sequential per key), and waits for the signed credential: base64url IssuerSigned
   * (OpenID4VCI 1.0 Appendix A.2.4).
   */
  async signCredential(document: Pick<IssuedDocument, 'id' | 'signingKey'>, deviceKey: JsonWebKey): Promise<string> {
    const documentId = document.id;
    const queueName = issuanceQueueFor(document.signingKey);
    // Listen before adding, so a job that finishes at once is not missed.
    const events = await this.queues.queueEvents(queueName);
    const job = await this.queues.queue(queueName).add(SIGN_CREDENTIAL, { documentId, deviceKey }, { attempts: 2, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: 100, removeOnFail: 1000 });
    return (await job.waitUntilFinished(events, CREDENTIAL_TIMEOUT_MS)) as string;
  }

  /**
   * Snapshots what the credential will say — the approved person data and, for an mDL, the
   * driving privileges — sealed into the document row, and makes it ready to offer. The signing
   * job then needs one decryption instead of reading the person and the application again.
   */
  private async prepareCredential(document: IssuedDocument): Promise<void> {
    const person = await this.persons.readUnaudited(document.personId);
    if (!person.data.portrait) throw new IdentityError('PORTRAIT_MISSING', 'the person has no portrait on record: capture one before issuing a credential');
    const application = await this.reader.read(document.applicationId);
    const draft: CredentialDraft = { person: { nationalIdNumber: person.nationalIdNumber, data: person.data }, drivingPrivileges: application.drivingPrivileges ?? [] };
    const sealed = await this.encryption.seal(new TextEncoder().encode(JSON.stringify(draft)), documentContext(document.id));
    await this.documents.advance(document.id, 'pending', 'offered', { sealed });
  }

  private async signCredentialNow(job: SignCredentialJob): Promise<string> {
    const document = await this.documents.findById(job.documentId);
    if (!document) throw new IdentityError('DOCUMENT_NOT_FOUND', 'the credential to issue no longer exists');
    if (document.state === 'issued' && document.sealed) return this.openArtefact(document.id, document.sealed).then((artefact) => artefact.signedBytes);
    if (document.state !== 'offered' || !document.sealed) throw new IdentityError('DOCUMENT_NOT_ISSUED', 'the credential is not ready to be issued');
    const draft = JSON.parse(new TextDecoder().decode(await this.encryption.open(document.sealed, documentContext(document.id)))) as CredentialDraft;
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const validUntil = new Date(Date.UTC(issuedAt.getUTCFullYear() + (VALIDITY_YEARS[document.kind] ?? 1), issuedAt.getUTCMonth(), issuedAt.getUTCDate()));
    const issuance = { documentNumber: documentNumberOf(document), issuedAt, validUntil };
    const { docType, claims } =
      document.kind === 'mdl-credential'
        ? mdlClaims(draft.person, draft.drivingPrivileges, issuance, { ...this.config.issuer, unDistinguishingSign: icaoCountryCode(this.config.issuer.country).replace(/</g, '') })
        : nationalIdClaims(draft.person, issuance, this.config.issuer);
    const issuerSigned = await issueMdoc({
      docType,
      nameSpaces: prepareClaims(docTypeDefinition(docType), claims, issuedAt),
      deviceKey: coseKeyFromJwk(job.deviceKey),
      validity: { signed: issuedAt, validFrom: issuedAt, validUntil: new Date(Math.min(validUntil.getTime(), issuedAt.getTime() + MSO_VALIDITY_MS)) },
      signer: this.signers.mdoc(document.signingKey).signer,
      certificateChain: this.signers.mdoc(document.signingKey).certificateChain.slice(0, 1),
      status: { statusList: { idx: document.statusListIndex, uri: statusListUri(this.config.publicUrl) } },
    });
    const credential = base64UrlEncode(encodeCbor(issuerSigned.toCbor()));
    const artefact: IssuedArtefact = { documentNumber: issuance.documentNumber, issuedAt: issuedAt.toISOString(), validUntil: validUntil.toISOString(), signedBytes: credential };
    const sealed = await this.encryption.seal(new TextEncoder().encode(JSON.stringify(artefact)), documentContext(document.id));
    if (!(await this.recordIssued(document, 'offered', { sealed, issuedAt, validUntil }))) {
      const current = await this.documents.findById(document.id);
      if (current?.sealed) return (await this.openArtefact(document.id, current.sealed)).signedBytes;
    }
    return credential;
  }

  private async openArtefact(documentId: string, sealed: SealedRecord): Promise<IssuedArtefact> {
    return JSON.parse(new TextDecoder().decode(await this.encryption.open(sealed, documentContext(documentId)))) as IssuedArtefact;
  }

  private async enqueue(document: IssuedDocument): Promise<void> {
    await this.queues.queue(issuanceQueueFor(document.signingKey)).add(ISSUE_DOCUMENT, { documentId: document.id }, { jobId: jobIdOf(document.id), attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false });
  }

  private async process(job: Job<IssueDocumentJob>): Promise<string> {
    const document = await this.documents.findById(job.data.documentId);
    if (!document) throw new IdentityError('APPLICATION_CONFLICT', 'the document to issue no longer exists');
    await this.documents.countAttempt(document.id);
    if (document.state === 'pending') {
      if (CREDENTIAL_KINDS.has(document.kind)) await this.prepareCredential(document);
      else await this.issuePrinted(document);
    }
    const siblings = await this.documents.findByApplication(document.applicationId);
    if (siblings.every((sibling) => sibling.state !== 'pending')) for (const listener of this.issuedListeners) await listener(document.applicationId);
    return document.id;
  }

  /** Signs the QR seal of a printed document in the HSM and stores it with the document number. */
  private async issuePrinted(document: IssuedDocument): Promise<void> {
    const person = await this.persons.readUnaudited(document.personId);
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const years = VALIDITY_YEARS[document.kind];
    const validUntil = years ? new Date(Date.UTC(issuedAt.getUTCFullYear() + years, issuedAt.getUTCMonth(), issuedAt.getUTCDate())) : undefined;
    const documentNumber = documentNumberOf(document);
    const printed = printedDocument(document.kind, person, { documentNumber, issuedAt, validUntil }, this.config.issuer);
    const seal = await createDocumentSeal({ payload: sealPayloadOf(printed), signer: this.signers.seal.signer, certificateChain: this.signers.seal.certificateChain.slice(0, 1), signedAt: issuedAt });
    const artefact: IssuedArtefact = { documentNumber, issuedAt: issuedAt.toISOString(), validUntil: validUntil?.toISOString() ?? '', signedBytes: seal.text };
    const sealed = await this.encryption.seal(new TextEncoder().encode(JSON.stringify(artefact)), documentContext(document.id));
    await this.recordIssued(document, 'pending', { sealed, issuedAt, ...(validUntil && { validUntil }) });
  }

  /**
   * Moves the document to issued and audits it in one transaction. Only the first of several
   * concurrent or replayed attempts succeeds (compare-and-set on the state), so each document has
   * exactly one issuance entry in the audit log.
   */
  private recordIssued(document: IssuedDocument, from: 'pending' | 'offered', change: { sealed: SealedRecord; issuedAt: Date; validUntil?: Date }): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const advanced = await this.documents.advance(document.id, from, 'issued', change, transaction);
      if (advanced) this.metrics.counter('documents_issued_total', 'Documents and credentials issued, by kind', ['kind']).inc({ kind: document.kind });
      if (advanced) await this.audit.record('system:issuance', { action: 'document.issue', resourceType: 'document', resourceId: document.id, details: { kind: document.kind, signingKey: document.signingKey } }, transaction);
      return advanced;
    });
  }

  private async deadLetter(job: Job, error: Error): Promise<void> {
    try {
      await this.deadLetters.record({
        id: randomUUID(),
        queue: job.queueName,
        jobName: job.name,
        jobId: job.id ?? '',
        payload: job.data as Record<string, unknown>,
        errorCode: (error as { code?: string }).code ?? error.name,
        errorMessage: error.message.slice(0, 1000),
        attempts: job.attemptsMade,
        failedAt: new Date(),
      });
    } catch (recordError) {
      // The sweeper records it on its next pass (the failed job is kept in Redis until then).
      this.logger.error(`could not record a dead letter for ${job.queueName}/${job.id}: ${(recordError as Error).message}`);
    }
  }
}

export function documentContext(documentId: string): string {
  return `cz:document:${documentId}:v1`;
}

function jobIdOf(documentId: string): string {
  return `issue-${documentId}`;
}

/** Document numbers: a kind letter and eight base-36 digits of the document's unique status-list index (9 characters, the TD1/TD3 field width). */
export function documentNumberOf(document: Pick<IssuedDocument, 'kind' | 'statusListIndex'>): string {
  return `${DOCUMENT_NUMBER_PREFIX[document.kind]}${document.statusListIndex.toString(36).toUpperCase().padStart(8, '0')}`;
}

/** Hash used to store one-time codes and tokens. */
export function tokenHash(value: string): Uint8Array {
  return createHash('sha256').update(value).digest();
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
