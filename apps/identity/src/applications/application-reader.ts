import { Injectable } from '@nestjs/common';
import { EnvelopeEncryption } from '../crypto/envelope-encryption';
import { IdentityError } from '../identity-error';
import type { PersonalData } from '../persons/person';
import type { Application, DrivingPrivilege } from './application';
import { ApplicationRepository, type StoredApplication } from './application.repository';

/** What an application holds sealed: the applicant's data and what is to be issued. */
export interface SealedApplicationData {
  readonly applicant?: PersonalData;
  readonly replacementReason?: Application['replacementReason'];
  readonly drivingPrivileges?: readonly DrivingPrivilege[];
  readonly biometricReferences: Application['biometricReferences'];
}

/** Opens sealed applications; shared by the workflow and the issuance pipeline. */
@Injectable()
export class ApplicationReader {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly encryption: EnvelopeEncryption,
  ) {}

  async read(id: string): Promise<Application> {
    const stored = await this.applications.findById(id);
    if (!stored) throw new IdentityError('APPLICATION_NOT_FOUND', 'no application with this id');
    return this.toApplication(stored, await this.open(stored));
  }

  async open(stored: StoredApplication): Promise<SealedApplicationData> {
    return JSON.parse(new TextDecoder().decode(await this.encryption.open(stored.sealed, applicationContext(stored.id)))) as SealedApplicationData;
  }

  seal(id: string, data: SealedApplicationData) {
    return this.encryption.seal(new TextEncoder().encode(JSON.stringify(data)), applicationContext(id));
  }

  toApplication(stored: StoredApplication, data: SealedApplicationData): Application {
    return {
      id: stored.id,
      type: stored.type,
      state: stored.state,
      ...(stored.personId && { personId: stored.personId }),
      ...(data.applicant && { applicant: data.applicant }),
      ...(data.replacementReason && { replacementReason: data.replacementReason }),
      ...(data.drivingPrivileges && { drivingPrivileges: data.drivingPrivileges }),
      biometricReferences: data.biometricReferences,
      ...(stored.deduplication && { deduplication: stored.deduplication }),
      createdBy: stored.createdBy,
      ...(stored.submittedBy && { submittedBy: stored.submittedBy }),
      ...(stored.decidedBy && { decidedBy: stored.decidedBy }),
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      version: stored.version,
    };
  }
}

function applicationContext(id: string): string {
  return `cz:application:${id}:v1`;
}
