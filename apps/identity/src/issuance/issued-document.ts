/** What the identity service issues. Printed documents are PDFs with a signed QR seal; credentials are ISO 18013-5 mdocs. */
export type DocumentKind = 'birth-certificate' | 'id-card' | 'passport' | 'national-id-credential' | 'mdl-credential';

export const CREDENTIAL_KINDS: ReadonlySet<DocumentKind> = new Set(['national-id-credential', 'mdl-credential']);

/** pending → (offered →) issued. A credential waits in `offered` until the citizen's wallet redeems its offer. */
export type IssuanceState = 'pending' | 'offered' | 'issued';

/** Lifecycle status, published in the status list. */
export type DocumentStatus = 'valid' | 'suspended' | 'revoked' | 'expired';

export interface IssuedDocument {
  readonly id: string;
  readonly applicationId: string;
  readonly personId: string;
  readonly kind: DocumentKind;
  readonly state: IssuanceState;
  readonly status: DocumentStatus;
  readonly signingKey: string;
  readonly statusListIndex: number;
  readonly issuedAt: Date | undefined;
  readonly validUntil: Date | undefined;
  readonly createdAt: Date;
}

/** The sealed part of an issued document: its number and the exact signed bytes, so it can be reproduced. */
export interface IssuedArtefact {
  readonly documentNumber: string;
  /** ISO 8601 instant used for every date in the document (issue date, PDF metadata). */
  readonly issuedAt: string;
  readonly validUntil: string;
  /** Base64 of the signed bytes: the QR seal (printed documents) or IssuerSigned CBOR (credentials). */
  readonly signedBytes: string;
}
