import { MDL_DOCTYPE, MDL_NAMESPACE, PID_DOCTYPE, PID_NAMESPACE, type ItemsRequest } from '@citizen-zero/mdoc';

export type ProfileId = 'age-over-18' | 'identity' | 'driving-privileges' | 'age-over-18-zk';

interface DocumentRequest {
  readonly docType: string;
  readonly namespace: string;
  readonly elements: readonly string[];
}

/**
 * What a clerk can ask, and what makes the answer green. ISO/IEC 18013-5 requests (§8.3.2.1.2.1) name
 * the data elements of the mDL (org.iso.18013.5.1) and of the national ID (EU PID doctype); the
 * wallet answers from whichever it holds. The zero-knowledge profile asks for a BBS proof instead.
 */
export interface VerificationProfile {
  readonly id: ProfileId;
  readonly title: string;
  /** The question, as the verdict answers it. */
  readonly question: string;
  readonly kind: 'mdoc' | 'zk';
  readonly documents: readonly DocumentRequest[];
  /** An element that must be disclosed and true in a valid document for a green answer (e.g. age_over_18). */
  readonly mustBeTrue?: string;
  /** Elements at least one valid document must disclose for a green answer. */
  readonly mustDisclose: readonly string[];
  /** Zero-knowledge profile: the claims asked for and the age checked. */
  readonly zk?: { readonly claims: readonly string[]; readonly minimumAge: number };
}

const IDENTITY_PID = ['family_name', 'given_name', 'birth_date', 'nationality', 'portrait', 'document_number', 'expiry_date', 'issuing_country', 'issuing_authority'];
const IDENTITY_MDL = ['family_name', 'given_name', 'birth_date', 'nationality', 'portrait', 'document_number', 'expiry_date', 'issuing_country', 'issuing_authority'];

export const PROFILES: readonly VerificationProfile[] = [
  {
    id: 'age-over-18',
    title: 'Age over 18',
    question: 'Is the holder over 18?',
    kind: 'mdoc',
    documents: [
      { docType: PID_DOCTYPE, namespace: PID_NAMESPACE, elements: ['age_over_18', 'portrait'] },
      { docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elements: ['age_over_18', 'portrait'] },
    ],
    mustBeTrue: 'age_over_18',
    mustDisclose: ['age_over_18', 'portrait'],
  },
  {
    id: 'identity',
    title: 'Identity with portrait',
    question: 'Who is the holder?',
    kind: 'mdoc',
    documents: [
      { docType: PID_DOCTYPE, namespace: PID_NAMESPACE, elements: IDENTITY_PID },
      { docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elements: IDENTITY_MDL },
    ],
    mustDisclose: ['family_name', 'given_name', 'birth_date', 'portrait'],
  },
  {
    id: 'driving-privileges',
    title: 'Driving privileges',
    question: 'May the holder drive?',
    kind: 'mdoc',
    documents: [{ docType: MDL_DOCTYPE, namespace: MDL_NAMESPACE, elements: ['family_name', 'given_name', 'portrait', 'driving_privileges', 'document_number', 'expiry_date', 'issuing_country'] }],
    mustDisclose: ['family_name', 'given_name', 'portrait', 'driving_privileges'],
  },
  {
    id: 'age-over-18-zk',
    title: 'Age over 18 (zero-knowledge)',
    question: 'Is the holder over 18? (unlinkable proof, no other data)',
    kind: 'zk',
    documents: [],
    mustDisclose: [],
    zk: { claims: ['age_over_18'], minimumAge: 18 },
  },
];

export function profileById(id: ProfileId): VerificationProfile {
  const profile = PROFILES.find((candidate) => candidate.id === id);
  if (!profile) throw new Error(`unknown profile ${id}`);
  return profile;
}

/** The DeviceRequest's ItemsRequests for a profile, with IntentToRetain set as configured. */
export function itemsRequestsOf(profile: VerificationProfile, intentToRetain: boolean): ItemsRequest[] {
  return profile.documents.map((document) => ({ docType: document.docType, nameSpaces: new Map([[document.namespace, new Map(document.elements.map((element) => [element, intentToRetain]))]]) }));
}

const LABELS: Readonly<Record<string, string>> = {
  family_name: 'Family name',
  given_name: 'Given names',
  birth_date: 'Date of birth',
  birth_place: 'Place of birth',
  nationality: 'Nationality',
  portrait: 'Portrait',
  document_number: 'Document number',
  personal_administrative_number: 'National ID number',
  expiry_date: 'Valid until',
  issue_date: 'Issued on',
  issuing_country: 'Issuing country',
  issuing_authority: 'Issuing authority',
  driving_privileges: 'Driving privileges',
  age_over_18: 'Over 18',
  age_over_21: 'Over 21',
  sex: 'Sex',
};

export function elementLabel(identifier: string): string {
  return LABELS[identifier] ?? identifier.replace(/_/g, ' ');
}

export function documentTitle(docType: string): string {
  if (docType === PID_DOCTYPE) return 'National identity card';
  if (docType === MDL_DOCTYPE) return 'Driving licence';
  return docType;
}
