import type { PersonalData } from '../persons/person';

/** What a citizen applies for. */
export type ApplicationType = 'birth-registration' | 'national-id-first' | 'national-id-renewal' | 'national-id-replacement' | 'passport' | 'mdl';

export const APPLICATION_TYPES: readonly ApplicationType[] = ['birth-registration', 'national-id-first', 'national-id-renewal', 'national-id-replacement', 'passport', 'mdl'];

/**
 * draft → submitted → biometrics-captured → deduplication → review → approved/rejected → issued,
 * with `adjudication` between deduplication and review when the biometric service finds
 * possible duplicates (or does not answer in time).
 */
export type ApplicationState = 'draft' | 'submitted' | 'biometrics-captured' | 'deduplication' | 'adjudication' | 'review' | 'approved' | 'rejected' | 'issued';

/** Types that create a new person when approved; the others concern a registered person. */
export const CREATES_PERSON: ReadonlySet<ApplicationType> = new Set(['birth-registration', 'national-id-first']);

export interface DeduplicationOutcome {
  readonly outcome: 'no-match' | 'possible-duplicate' | 'failed' | 'timed-out';
  readonly candidates: readonly { readonly personId: string; readonly modality: string; readonly score: number }[];
  readonly models: readonly string[];
  readonly decidedAt: string;
}

/** A driving privilege for an mDL (ISO/IEC 18013-5 §7.2.4; categories per ISO/IEC 18013-1). */
export interface DrivingPrivilege {
  readonly vehicleCategoryCode: string;
  readonly issueDate?: string;
  readonly expiryDate?: string;
}

export interface Application {
  readonly id: string;
  readonly type: ApplicationType;
  readonly state: ApplicationState;
  /** The registered person it concerns (renewal, replacement, passport, mDL), or the person created at approval. */
  readonly personId?: string;
  /** The applicant's personal data, for applications that create a person (held encrypted). */
  readonly applicant?: PersonalData;
  /** Lost or stolen, for replacements. */
  readonly replacementReason?: 'lost' | 'stolen' | 'damaged';
  /** For an mDL application. */
  readonly drivingPrivileges?: readonly DrivingPrivilege[];
  readonly biometricReferences: readonly { readonly modality: 'face' | 'fingerprint'; readonly reference: string }[];
  readonly deduplication?: DeduplicationOutcome;
  readonly createdBy: string;
  readonly submittedBy?: string;
  readonly decidedBy?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface JournalEntry {
  readonly applicationId: string;
  readonly from: ApplicationState | null;
  readonly to: ApplicationState;
  readonly actor: string;
  readonly reason: string;
  readonly at: Date;
}
