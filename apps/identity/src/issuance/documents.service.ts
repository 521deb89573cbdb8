import { Inject, Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../auth/permissions';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { EnvelopeEncryption } from '../crypto/envelope-encryption';
import { Transactions } from '../database/transactions';
import { IdentityError } from '../identity-error';
import { PersonsService } from '../persons/persons.service';
import { documentContext, documentNumberOf } from './issuance.service';
import { CREDENTIAL_KINDS, type IssuedArtefact, type IssuedDocument } from './issued-document';
import { IssuedDocumentRepository } from './issued-document.repository';
import { printedDocument, renderPrintedDocument } from './printed-documents';

export interface DocumentView extends IssuedDocument {
  readonly documentNumber?: string;
  /** The QR seal text printed on the document. */
  readonly seal?: string;
}

/** Issued documents as officials see them: every view of a document's content is an audited read. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: IssuedDocumentRepository,
    private readonly persons: PersonsService,
    private readonly encryption: EnvelopeEncryption,
    private readonly audit: AuditLogService,
    private readonly transactions: Transactions,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** A person's documents without their content; the number of an issued one is derived, not decrypted (documentNumberOf). */
  async listForPerson(personId: string): Promise<DocumentView[]> {
    return (await this.documents.findByPerson(personId)).map((document) => (document.state === 'issued' ? { ...document, documentNumber: documentNumberOf(document) } : document));
  }

  async read(actor: Actor, id: string): Promise<DocumentView> {
    const { document, artefact } = await this.load(id);
    await this.audited(actor, 'document.read', document);
    return { ...stripSealed(document), ...(artefact && { documentNumber: artefact.documentNumber, ...(!CREDENTIAL_KINDS.has(document.kind) && { seal: artefact.signedBytes }) }) };
  }

  /** Renders the PDF from the person's record and the issuance event (same inputs, same bytes). */
  async pdf(actor: Actor, id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const { document, artefact } = await this.load(id);
    if (CREDENTIAL_KINDS.has(document.kind)) throw new IdentityError('DOCUMENT_NOT_ISSUED', 'a wallet credential has no printed form');
    if (!artefact) throw new IdentityError('DOCUMENT_NOT_ISSUED', 'the document has not been issued yet');
    const person = await this.persons.readUnaudited(document.personId);
    const printed = printedDocument(document.kind, person, { documentNumber: artefact.documentNumber, issuedAt: new Date(artefact.issuedAt), validUntil: artefact.validUntil ? new Date(artefact.validUntil) : undefined }, this.config.issuer);
    const bytes = await renderPrintedDocument(printed, artefact.signedBytes);
    await this.audited(actor, 'document.render', document);
    return { bytes, filename: `${document.kind}-${artefact.documentNumber}.pdf` };
  }

  private async load(id: string): Promise<{ document: IssuedDocument & { sealed?: unknown }; artefact: IssuedArtefact | undefined }> {
    const document = await this.documents.findById(id);
    if (!document) throw new IdentityError('DOCUMENT_NOT_FOUND', 'no issued document with this id');
    // Until it is issued, a credential's sealed data is its draft, not an artefact.
    const artefact = document.sealed && document.state === 'issued' ? (JSON.parse(new TextDecoder().decode(await this.encryption.open(document.sealed, documentContext(document.id)))) as IssuedArtefact) : undefined;
    return { document, artefact };
  }

  private audited(actor: Actor, action: string, document: IssuedDocument): Promise<unknown> {
    return this.transactions.run((transaction) => this.audit.record(actor, { action, resourceType: 'document', resourceId: document.id, details: { kind: document.kind, person: document.personId } }, transaction));
  }
}

function stripSealed<T extends { sealed?: unknown }>(document: T): Omit<T, 'sealed'> {
  const { sealed: _sealed, ...rest } = document;
  return rest;
}
