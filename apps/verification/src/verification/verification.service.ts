import { Injectable } from '@nestjs/common';
import { type Actor, PlatformMetrics } from '@citizen-zero/nest-platform';
import { type CheckResult, DeviceResponse, elementValueToJson, MdocError, SessionTranscript, verifyParsedDeviceResponse } from '@citizen-zero/mdoc';
import { failedSealChecks, verifyDocumentSeal } from '@citizen-zero/travel-documents';
import { type CredentialStatus, StatusListCache } from '../status/status-list-cache';
import { TrustListService } from '../trust/trust-list.service';
import { RelyingPartiesService } from '../relying-parties/relying-parties.service';
import { VerificationError } from '../verification-error';
import { VerificationRecordRepository } from './verification-record.repository';

/** Which elements the relying party asked for, per namespace; only these are returned and recorded. */
export type ElementRequest = Readonly<Record<string, readonly string[]>>;

export interface Check {
  readonly check: string;
  readonly passed: boolean;
  readonly code?: string;
  readonly message: string;
}

export interface DocumentResult {
  readonly docType: string;
  readonly valid: boolean;
  readonly issuer?: string;
  /** namespace → element → value (JSON), only the verified elements the relying party asked for. */
  readonly elements: Record<string, Record<string, unknown>>;
  readonly checks: readonly Check[];
  readonly status: CredentialStatus;
}

export interface PresentationVerdict {
  readonly valid: boolean;
  readonly verifiedAt: Date;
  readonly documents: readonly DocumentResult[];
  readonly problems: readonly Check[];
  readonly recordId: string;
}

/**
 * Verifies presentations for relying parties: ISO/IEC 18013-5 §9.3 inspection of a DeviceResponse
 * against the trusted IACAs, plus the credential's status from its Token Status List; and the
 * offline seal of printed documents. The answer and the record hold only what was disclosed and
 * asked for; the record keeps element names, never values.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly trust: TrustListService,
    private readonly statusLists: StatusListCache,
    private readonly records: VerificationRecordRepository,
    private readonly metrics: PlatformMetrics,
    private readonly relyingParties: RelyingPartiesService,
  ) {}

  private count(kind: 'mdoc' | 'seal', valid: boolean): void {
    this.metrics.counter('verifications_total', 'Verifications by kind and outcome', ['kind', 'outcome']).inc({ kind, outcome: valid ? 'valid' : 'invalid' });
  }

  async verifyPresentation(actor: Actor, input: { deviceResponse: Uint8Array; sessionTranscript: Uint8Array; request?: ElementRequest; purpose?: string }): Promise<PresentationVerdict> {
    if (actor.relyingParty && !input.request) throw new VerificationError('REQUEST_REQUIRED', 'a relying party must name the elements it asks for (request); only those are returned');
    await this.relyingParties.authorise(actor, 'mdoc', input.purpose, input.request && Object.values(input.request).flat());
    let transcript: SessionTranscript;
    try {
      transcript = SessionTranscript.fromBytes(input.sessionTranscript);
    } catch (error) {
      throw new VerificationError('PRESENTATION_MALFORMED', 'sessionTranscript is not SessionTranscriptBytes (ISO/IEC 18013-5 §9.1.5.1)', {}, { cause: error });
    }
    // Malformed input is refused with its precise code (400) before any check runs; a parsable
    // response that fails its checks gets a verdict (200, valid false).
    let response: DeviceResponse;
    try {
      response = DeviceResponse.fromBytes(input.deviceResponse);
    } catch (error) {
      if (error instanceof MdocError) throw error;
      throw new VerificationError('PRESENTATION_MALFORMED', 'deviceResponse is not a DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2)', {}, { cause: error });
    }
    const trustAnchors = await this.trust.anchors();
    const verifiedAt = new Date();
    const verdict = await verifyParsedDeviceResponse(response, { trustAnchors, transcript, at: verifiedAt });
    // The MSO's status reference (documents are in the verdict's order).
    const statusReferences = verdict.problems.length === 0 ? response.documents.map((document) => document.issuerSigned.mso.status?.statusList) : [];

    const documents: DocumentResult[] = [];
    for (const [index, document] of verdict.documents.entries()) {
      const reference = statusReferences[index];
      const status: CredentialStatus = reference ? await this.statusLists.statusOf(reference, trustAnchors, verifiedAt) : { status: 'unknown', stale: false, code: 'STATUS_NOT_PUBLISHED', checkedAt: verifiedAt };
      const statusCheck: Check = {
        check: 'status',
        passed: status.status === 'valid',
        ...(status.code && { code: status.code }),
        message: status.status === 'valid' ? `status list says valid${status.stale ? ' (stale: last known status)' : ''}` : `credential status: ${status.status}`,
      };
      const elements: Record<string, Record<string, unknown>> = {};
      for (const [namespace, values] of document.issuerSigned) {
        const wanted = input.request ? new Set(input.request[namespace] ?? []) : undefined;
        for (const [identifier, value] of values) {
          if (wanted && !wanted.has(identifier)) continue;
          (elements[namespace] ??= {})[identifier] = elementValueToJson(value);
        }
      }
      documents.push({
        docType: document.docType,
        valid: document.valid && statusCheck.passed,
        ...(document.issuerCertificate && { issuer: document.issuerCertificate.subject }),
        elements,
        checks: [...document.checks.map(toCheck), statusCheck],
        status,
      });
    }
    const valid = verdict.valid && documents.length > 0 && documents.every((document) => document.valid);
    const recordId = await this.records.insert({
      relyingParty: actor.subject,
      kind: 'mdoc',
      docTypes: documents.map((document) => document.docType),
      disclosedElements: documents.flatMap((document) => Object.entries(document.elements).flatMap(([namespace, values]) => Object.keys(values).map((identifier) => `${namespace}/${identifier}`))),
      valid,
      failedChecks: [...verdict.problems.map(toCheck), ...documents.flatMap((document) => document.checks)].filter((check) => !check.passed).map((check) => check.code ?? check.check),
      statusStale: documents.some((document) => document.status.stale),
      verifiedAt,
    });
    this.count('mdoc', valid);
    return { valid, verifiedAt, documents, problems: verdict.problems.map(toCheck), recordId };
  }

  /** A printed document's QR seal, verified offline against the trusted IACAs. */
  async verifySeal(actor: Actor, seal: string, purpose?: string) {
    await this.relyingParties.authorise(actor, 'seal', purpose, undefined);
    const verdict = await verifyDocumentSeal(seal, { trustAnchors: await this.trust.anchors() });
    const recordId = await this.records.insert({
      relyingParty: actor.subject,
      kind: 'seal',
      docTypes: verdict.payload ? [verdict.payload.documentType] : [],
      disclosedElements: verdict.payload ? Object.keys(verdict.payload) : [],
      valid: verdict.valid,
      failedChecks: failedSealChecks(verdict).map((check) => check.code ?? check.check),
      statusStale: false,
      verifiedAt: new Date(),
    });
    this.count('seal', verdict.valid);
    return { ...verdict, recordId };
  }

  listRecords(relyingParty: string | undefined, limit: number) {
    return this.records.list(relyingParty, limit);
  }
}

function toCheck(check: CheckResult): Check {
  return { check: check.check, passed: check.passed, ...(check.code && { code: check.code }), message: check.message };
}
