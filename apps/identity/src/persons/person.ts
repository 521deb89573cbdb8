/** Sex as recorded for travel documents (ICAO 9303 Part 4 §4.1.1.1: F, M or X for unspecified). */
export type Sex = 'F' | 'M' | 'X';

export interface Address {
  readonly kind: 'residence' | 'postal';
  readonly lines: readonly string[];
  readonly locality: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** A parent as named on a birth registration; `personId` links to the registry when the parent is in it. */
export interface Parent {
  readonly role: 'mother' | 'father' | 'parent';
  readonly familyName: string;
  readonly givenNames: string;
  readonly personId?: string;
}

/** Everything personal about a person. Held only encrypted at rest (see EnvelopeEncryption). */
export interface PersonalData {
  readonly familyName: string;
  readonly givenNames: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly placeOfBirth: string;
  readonly sex: Sex;
  /** ISO 3166-1 alpha-2 nationalities. */
  readonly nationalities: readonly string[];
  readonly addresses: readonly Address[];
  readonly parents: readonly Parent[];
  /** The portrait printed on documents and put in credentials: JPEG, base64 (ISO/IEC 19794-5 / ICAO 9303 Part 3 §3.9 token image). */
  readonly portrait?: string;
  /** References into the biometric service (face and fingerprint templates); never the templates themselves. */
  readonly biometricReferences: readonly { readonly modality: 'face' | 'fingerprint'; readonly reference: string }[];
}

export type PersonStatus = 'active' | 'deceased';

export interface Person {
  readonly id: string;
  readonly nationalIdNumber: string;
  readonly status: PersonStatus;
  readonly data: PersonalData;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}
