import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DeduplicationResult } from '@citizen-zero/service-contracts';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { Transactions, type Transaction } from '../database/transactions';
import { IdentityError } from '../identity-error';
import type { Person, PersonalData } from '../persons/person';
import { PersonRepository } from '../persons/person.repository';
import { PersonsService } from '../persons/persons.service';
import { type Application, type ApplicationState, type ApplicationType, CREATES_PERSON, type DeduplicationOutcome, type DrivingPrivilege, type JournalEntry } from './application';
import { ApplicationReader, type SealedApplicationData } from './application-reader';
import { type ApplicationCommand, nextState } from './application-state-machine';
import { ApplicationRepository, type StoredApplication } from './application.repository';
import { ApplicationEvents } from './application-events';

/** An application's deduplication candidates for adjudication (see {@link ApplicationsService.deduplicationCandidates}). */
export interface DeduplicationCandidates {
  readonly applicationId: string;
  readonly outcome: DeduplicationOutcome;
  /** The score from which the biometric service reports a candidate, per modality (`CZ_DEDUP_*_THRESHOLD`). */
  readonly thresholds: Readonly<Record<'face' | 'fingerprint', number>>;
  readonly candidates: readonly (DeduplicationOutcome['candidates'][number] & { readonly threshold: number | undefined; readonly person: Person | undefined })[];
}

export interface NewApplication {
  readonly type: ApplicationType;
  readonly personId?: string;
  readonly applicant?: PersonalData;
  readonly replacementReason?: Application['replacementReason'];
  readonly drivingPrivileges?: readonly DrivingPrivilege[];
}

/**
 * The enrolment workflow. Every command locks the application row, checks the transition
 * against the state machine, writes the new state, a journal entry and an audit entry in one
 * transaction, and only then tells the outside world (queues) — a crash in between is
 * recovered by the sweepers, which re-send what a state says is pending.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly persons: PersonRepository,
    private readonly personsService: PersonsService,
    private readonly reader: ApplicationReader,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    private readonly events: ApplicationEvents,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async create(actor: Actor, input: NewApplication, reason: string): Promise<Application> {
    if (CREATES_PERSON.has(input.type)) {
      if (!input.applicant) throw new IdentityError('VALIDATION_FAILED', `a ${input.type} application needs the applicant's data`);
      if (input.personId) throw new IdentityError('VALIDATION_FAILED', `a ${input.type} application registers a new person and takes no personId`);
    } else {
      if (!input.personId) throw new IdentityError('VALIDATION_FAILED', `a ${input.type} application concerns a registered person: personId is required`);
      if (input.applicant) throw new IdentityError('VALIDATION_FAILED', `a ${input.type} application takes the person's registered data, not applicant data`);
      if (!(await this.persons.findById(input.personId))) throw new IdentityError('PERSON_NOT_FOUND', 'no person with this id');
    }
    if (input.type === 'national-id-replacement' && !input.replacementReason) throw new IdentityError('VALIDATION_FAILED', 'a replacement needs a reason: lost, stolen or damaged');
    if ((input.type === 'mdl') !== Boolean(input.drivingPrivileges?.length)) throw new IdentityError('VALIDATION_FAILED', 'driving privileges are given with, and only with, an mDL application');
    const id = randomUUID();
    const now = new Date();
    const data: SealedApplicationData = {
      ...(input.applicant && { applicant: input.applicant }),
      ...(input.replacementReason && { replacementReason: input.replacementReason }),
      ...(input.drivingPrivileges && { drivingPrivileges: input.drivingPrivileges }),
      biometricReferences: [],
    };
    const stored: StoredApplication = {
      id,
      type: input.type,
      state: 'draft',
      personId: input.personId,
      sealed: await this.reader.seal(id, data),
      deduplication: undefined,
      deduplicationRequestedAt: undefined,
      createdBy: actor.subject,
      submittedBy: undefined,
      decidedBy: undefined,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.transactions.run(async (transaction) => {
      await this.applications.insert(stored, transaction);
      await this.applications.appendJournal({ applicationId: id, from: null, to: 'draft', actor: actor.subject, reason, at: now }, transaction);
      await this.audit.record(actor, { action: 'application.create', resourceType: 'application', resourceId: id, details: { type: input.type } }, transaction);
    });
    return this.reader.toApplication(stored, data);
  }

  submit(actor: Actor, id: string, reason: string): Promise<Application> {
    return this.transition(actor.subject, id, 'submit', reason, {}, (stored) => ({ ...stored, submittedBy: actor.subject }));
  }

  /** Records the applicant's biometric references and asks the biometric service for deduplication. */
  async captureBiometrics(actor: Actor, id: string, references: Application['biometricReferences'], reason: string): Promise<Application> {
    const configured = this.config.deduplication.modalities;
    if (!configured.some((modality) => references.some((reference) => reference.modality === modality))) {
      throw new IdentityError('VALIDATION_FAILED', `deduplication needs at least one of: ${configured.join(', ')}`);
    }
    await this.transition(actor.subject, id, 'capture-biometrics', reason, {}, (stored, data) => ({ stored, data: { ...data, biometricReferences: references } }));
    const application = await this.transition(actor.subject, id, 'start-deduplication', 'deduplication requested', {}, (stored) => ({ ...stored, deduplicationRequestedAt: new Date() }));
    await this.requestDeduplication(application);
    return application;
  }

  /** The biometric service's answer (from the results queue). Duplicate deliveries are ignored. */
  async recordDeduplication(result: DeduplicationResult): Promise<void> {
    const stored = await this.applications.findById(result.applicationId);
    if (!stored || stored.state !== 'deduplication') return;
    const outcome: DeduplicationOutcome = { outcome: result.outcome, candidates: result.candidates.map((candidate) => ({ ...candidate })), models: [...result.models], decidedAt: new Date().toISOString() };
    const clear = result.outcome === 'no-match';
    await this.transition('service:biometric', result.applicationId, 'record-deduplication', clear ? 'no possible duplicate found' : result.outcome === 'failed' ? `deduplication failed (${result.errorCode ?? 'unknown'}): manual adjudication` : `${result.candidates.length} possible duplicate(s): manual adjudication`, { outcome: clear ? 'clear' : 'possible-duplicate' }, (application) => ({ ...application, deduplication: outcome }));
  }

  /** Applications whose deduplication answer is overdue go to adjudication, so nothing waits forever. */
  async expireOverdueDeduplications(now = new Date()): Promise<number> {
    const overdue = await this.applications.findAwaitingDeduplication(new Date(now.getTime() - this.config.deduplication.timeoutSeconds * 1000), 100);
    for (const stored of overdue) {
      await this.transition('system', stored.id, 'record-deduplication', `no answer from the biometric service within ${this.config.deduplication.timeoutSeconds} s: manual adjudication`, { outcome: 'possible-duplicate' }, (application) => ({
        ...application,
        deduplication: { outcome: 'timed-out', candidates: [], models: [], decidedAt: now.toISOString() },
      })).catch((error: unknown) => {
        if (!(error instanceof IdentityError && error.code === 'APPLICATION_TRANSITION_INVALID')) throw error;
      });
    }
    return overdue.length;
  }

  /** Decides a possible duplicate (maker–checker: never by the official who created or submitted the application). */
  adjudicate(actor: Actor, id: string, decision: 'duplicate' | 'not-duplicate', reason: string): Promise<Application> {
    return this.transition(actor.subject, id, 'adjudicate', reason, { outcome: decision }, (stored) => {
      refuseMaker(actor, stored, 'adjudicate');
      return { ...stored, ...(decision === 'duplicate' && { decidedBy: actor.subject }) };
    });
  }

  /**
   * The deduplication candidates of an application waiting in adjudication, each with the
   * registered person's portrait and the data an adjudicator compares. Every candidate's record is
   * another citizen's decrypted data: each is audited as a `person.read` for this adjudication,
   * in one transaction with the view, before anything is returned.
   */
  async deduplicationCandidates(actor: Actor, id: string): Promise<DeduplicationCandidates> {
    const stored = await this.applications.findById(id);
    if (!stored) throw new IdentityError('APPLICATION_NOT_FOUND', 'no application with this id');
    if (stored.state !== 'adjudication' || !stored.deduplication) {
      throw new IdentityError('APPLICATION_NOT_IN_ADJUDICATION', `candidates are shown only while an application waits in adjudication; this one is ${stored.state}`, { state: stored.state });
    }
    const outcome = stored.deduplication;
    const persons = new Map<string, Person | undefined>();
    for (const personId of new Set(outcome.candidates.map((candidate) => candidate.personId))) {
      persons.set(
        personId,
        await this.personsService.readUnaudited(personId).catch((error: unknown) => {
          // A candidate the registry does not hold (erased since, or a gallery subject without a record) is shown without data.
          if (error instanceof IdentityError && error.code === 'PERSON_NOT_FOUND') return undefined;
          throw error;
        }),
      );
    }
    await this.transactions.run(async (transaction) => {
      await this.audit.record(actor, { action: 'application.candidates-view', resourceType: 'application', resourceId: id, details: { candidates: outcome.candidates.length } }, transaction);
      for (const [personId, person] of persons) {
        if (person) await this.audit.record(actor, { action: 'person.read', resourceType: 'person', resourceId: personId, details: { purpose: 'adjudication', applicationId: id } }, transaction);
      }
    });
    const thresholds = this.config.deduplication.thresholds;
    return {
      applicationId: id,
      outcome,
      thresholds: { ...thresholds },
      candidates: outcome.candidates.map((candidate) => ({ ...candidate, threshold: thresholds[candidate.modality as 'face' | 'fingerprint'], person: persons.get(candidate.personId) })),
    };
  }

  /**
   * Approves (maker–checker: never by the official who created or submitted it). Applications
   * that register a person create the person record in the same transaction.
   */
  async approve(actor: Actor, id: string, reason: string): Promise<Application> {
    const application = await this.transition(actor.subject, id, 'approve', reason, {}, async (stored, data, transaction) => {
      refuseMaker(actor, stored, 'approve');
      let personId = stored.personId;
      if (CREATES_PERSON.has(stored.type)) {
        const person = await this.personsService.registerIn(transaction, actor, { ...data.applicant!, biometricReferences: data.biometricReferences });
        personId = person.id;
      }
      return { ...stored, personId, decidedBy: actor.subject };
    });
    await this.events.approved(application);
    return application;
  }

  /** Rejects (maker–checker, as for approval). */
  reject(actor: Actor, id: string, reason: string): Promise<Application> {
    return this.transition(actor.subject, id, 'reject', reason, {}, (stored) => {
      refuseMaker(actor, stored, 'reject');
      return { ...stored, decidedBy: actor.subject };
    });
  }

  markIssued(actorName: string, id: string, reason: string): Promise<Application> {
    return this.transition(actorName, id, 'mark-issued', reason, {}, (stored) => stored);
  }

  /** The decrypted application (an audited read when it holds applicant data). */
  async read(actor: Actor, id: string): Promise<{ application: Application; journal: JournalEntry[] }> {
    const stored = await this.applications.findById(id);
    if (!stored) throw new IdentityError('APPLICATION_NOT_FOUND', 'no application with this id');
    const application = this.reader.toApplication(stored, await this.reader.open(stored));
    await this.transactions.run((transaction) => this.audit.record(actor, { action: 'application.read', resourceType: 'application', resourceId: id }, transaction));
    return { application, journal: await this.applications.journal(id) };
  }

  /** Work queues for officials: ids, types, states and dates only. */
  async list(states: readonly ApplicationState[], limit: number): Promise<StoredApplication[]> {
    return this.applications.listByStates(states, limit);
  }

  /** Re-sends deduplication requests still pending (idempotent: the job id is the application id). */
  async resendPendingDeduplications(): Promise<number> {
    // Biometrics recorded but deduplication never started: the process died between the two steps.
    for (const stored of (await this.applications.listByStates(['biometrics-captured'], 100)).filter((application) => Date.now() - application.updatedAt.getTime() > 5_000)) {
      const started = await this.transition('system', stored.id, 'start-deduplication', 'deduplication requested (resumed)', {}, (application) => ({ ...application, deduplicationRequestedAt: new Date() })).catch((error: unknown) => {
        if (error instanceof IdentityError && error.code === 'APPLICATION_TRANSITION_INVALID') return undefined;
        throw error;
      });
      if (started) await this.requestDeduplication(started);
    }
    const pending = await this.applications.findAwaitingDeduplication(new Date(), 500);
    for (const stored of pending) await this.requestDeduplication(this.reader.toApplication(stored, await this.reader.open(stored)));
    return pending.length;
  }

  private async requestDeduplication(application: Application): Promise<void> {
    const modalities = this.config.deduplication.modalities;
    await this.events.deduplicationRequested({
      applicationId: application.id,
      correlationId: application.id,
      probes: application.biometricReferences.filter((reference) => modalities.includes(reference.modality)),
      thresholds: Object.fromEntries(modalities.map((modality) => [modality, this.config.deduplication.thresholds[modality]])),
      excludePersonIds: application.personId ? [application.personId] : [],
    });
  }

  private async transition(
    actor: string,
    id: string,
    command: ApplicationCommand,
    reason: string,
    options: { outcome?: Parameters<typeof nextState>[3] },
    change: (stored: StoredApplication, data: SealedApplicationData, transaction: Transaction) => StoredApplication | { stored: StoredApplication; data: SealedApplicationData } | Promise<StoredApplication>,
  ): Promise<Application> {
    return this.transactions.run(async (transaction) => {
      const stored = await this.applications.findForUpdate(id, transaction);
      if (!stored) throw new IdentityError('APPLICATION_NOT_FOUND', 'no application with this id');
      const to = nextState(stored.type, stored.state, command, options.outcome);
      let data = await this.reader.open(stored);
      const changed = await change(stored, data, transaction);
      let next: StoredApplication;
      if ('data' in changed) {
        data = changed.data;
        next = { ...changed.stored, sealed: await this.reader.seal(id, data) };
      } else {
        next = changed;
      }
      const now = new Date();
      next = { ...next, state: to, updatedAt: now, version: stored.version + 1 };
      await this.applications.save(next, transaction);
      await this.applications.appendJournal({ applicationId: id, from: stored.state, to, actor, reason, at: now }, transaction);
      await this.audit.record(actor, { action: `application.${command}`, resourceType: 'application', resourceId: id, details: { from: stored.state, to } }, transaction);
      return this.reader.toApplication(next, data);
    });
  }
}

/** Maker–checker: the official who created or submitted an application never decides it. */
function refuseMaker(actor: Actor, stored: StoredApplication, decision: 'approve' | 'reject' | 'adjudicate'): void {
  if (stored.submittedBy === actor.subject || stored.createdBy === actor.subject) {
    throw new IdentityError('MAKER_CHECKER_VIOLATION', `the official who created or submitted an application cannot ${decision} it; another approver must`, { decision });
  }
}
