import type { ItemsRequest } from '../mdoc/device-request';
import { Oid4vpError } from './oid4vp-error';

/** The Credential Format Identifier of mdocs (OpenID4VP 1.0 Appendix B.2). */
export const MSO_MDOC_FORMAT = 'mso_mdoc';

/** A Claims Query for an mdoc (OpenID4VP 1.0 §6.3, Appendix B.2.4): `path` is `[namespace, data element identifier]` (§7.2). */
export interface DcqlMdocClaimQuery {
  readonly id?: string;
  readonly path: readonly [string, string];
  /** IntentToRetain of ISO/IEC 18013-5:2021 §8.3.2.1.2.1. */
  readonly intent_to_retain?: boolean;
}

/** A Credential Query for an mdoc (OpenID4VP 1.0 §6.1 with `meta.doctype_value`, Appendix B.2.3). */
export interface DcqlMdocCredentialQuery {
  readonly id: string;
  readonly format: typeof MSO_MDOC_FORMAT;
  readonly meta: { readonly doctype_value: string };
  readonly claims?: readonly DcqlMdocClaimQuery[];
  readonly multiple?: boolean;
  readonly require_cryptographic_holder_binding?: boolean;
}

/** A DCQL query (OpenID4VP 1.0 §6) of mdoc Credential Queries, without `credential_sets`. */
export interface DcqlQuery {
  readonly credentials: readonly DcqlMdocCredentialQuery[];
}

/** An element to ask for. */
export interface RequestedMdocElement {
  readonly namespace: string;
  readonly elementIdentifier: string;
  readonly intentToRetain?: boolean;
}

const ID = /^[A-Za-z0-9_-]+$/;
const UNSUPPORTED_QUERY_MEMBERS = ['credential_sets'] as const;
const UNSUPPORTED_CREDENTIAL_MEMBERS = ['claim_sets', 'trusted_authorities'] as const;

/** A DCQL query asking for one mdoc of `docType` with `elements` (OpenID4VP 1.0 §6, Appendix B.2). */
export function createMdocDcqlQuery(params: { id: string; docType: string; elements: readonly RequestedMdocElement[] }): DcqlQuery {
  const query: DcqlQuery = {
    credentials: [
      {
        id: params.id,
        format: MSO_MDOC_FORMAT,
        meta: { doctype_value: params.docType },
        claims: params.elements.map((element) => ({ path: [element.namespace, element.elementIdentifier] as const, intent_to_retain: element.intentToRetain ?? false })),
      },
    ],
  };
  return parseDcqlQuery(query);
}

/**
 * Validates a DCQL query as this implementation evaluates it (OpenID4VP 1.0 §6): a non-empty
 * `credentials` array of `mso_mdoc` Credential Queries with unique ids of `[A-Za-z0-9_-]`, a
 * `meta.doctype_value`, and Claims Queries whose paths are exactly two strings (§7.2), each claim
 * at most once (§6.1). `credential_sets`, `claim_sets`, `values` and `trusted_authorities` are
 * refused (`OID4VP_DCQL_UNSUPPORTED`) rather than ignored, since ignoring them would answer a
 * different question; other unknown members are ignored as §6 requires.
 */
export function parseDcqlQuery(value: unknown): DcqlQuery {
  const query = object(value, 'dcql_query');
  for (const member of UNSUPPORTED_QUERY_MEMBERS) if (member in query) throw new Oid4vpError('OID4VP_DCQL_UNSUPPORTED', `dcql_query.${member} is not supported`);
  const credentials = query['credentials'];
  if (!Array.isArray(credentials) || credentials.length === 0) throw new Oid4vpError('OID4VP_DCQL_INVALID', 'dcql_query.credentials must be a non-empty array (§6)');
  const ids = new Set<string>();
  const parsed = credentials.map((raw, index): DcqlMdocCredentialQuery => {
    const where = `dcql_query.credentials[${index}]`;
    const credential = object(raw, where);
    const id = credential['id'];
    if (typeof id !== 'string' || !ID.test(id)) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${where}.id must be a non-empty string of [A-Za-z0-9_-] (§6.1)`);
    if (ids.has(id)) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${where}.id "${id}" appears twice (§6.1)`);
    ids.add(id);
    if (credential['format'] !== MSO_MDOC_FORMAT) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${where}.format must be "${MSO_MDOC_FORMAT}": only mdocs are presented here`);
    for (const member of UNSUPPORTED_CREDENTIAL_MEMBERS) if (member in credential) throw new Oid4vpError('OID4VP_DCQL_UNSUPPORTED', `${where}.${member} is not supported`);
    const meta = object(credential['meta'], `${where}.meta`);
    const docType = meta['doctype_value'];
    if (typeof docType !== 'string' || docType.length === 0) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${where}.meta.doctype_value must be a doctype (Appendix B.2.3)`);
    const multiple = optionalBoolean(credential['multiple'], `${where}.multiple`);
    const binding = optionalBoolean(credential['require_cryptographic_holder_binding'], `${where}.require_cryptographic_holder_binding`);
    let claims: DcqlMdocClaimQuery[] | undefined;
    if (credential['claims'] !== undefined) {
      if (!Array.isArray(credential['claims']) || credential['claims'].length === 0) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${where}.claims must be a non-empty array (§6.1)`);
      const seen = new Set<string>();
      claims = credential['claims'].map((rawClaim, claimIndex) => {
        const at = `${where}.claims[${claimIndex}]`;
        const claim = object(rawClaim, at);
        if ('values' in claim) throw new Oid4vpError('OID4VP_DCQL_UNSUPPORTED', `${at}.values (value matching) is not supported`);
        const path = claim['path'];
        if (!Array.isArray(path) || path.length !== 2 || !path.every((part) => typeof part === 'string' && part.length > 0)) {
          throw new Oid4vpError('OID4VP_DCQL_INVALID', `${at}.path must be [namespace, element identifier] for an mdoc (§7.2)`);
        }
        const key = JSON.stringify(path);
        if (seen.has(key)) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${at}.path points to a claim already queried (§6.1)`);
        seen.add(key);
        const claimId = claim['id'];
        if (claimId !== undefined && (typeof claimId !== 'string' || !ID.test(claimId))) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${at}.id must be a string of [A-Za-z0-9_-] (§6.3)`);
        const retain = optionalBoolean(claim['intent_to_retain'], `${at}.intent_to_retain`);
        return { ...(claimId !== undefined && { id: claimId as string }), path: [path[0] as string, path[1] as string] as const, ...(retain !== undefined && { intent_to_retain: retain }) };
      });
    }
    return {
      id,
      format: MSO_MDOC_FORMAT,
      meta: { doctype_value: docType },
      ...(claims && { claims }),
      ...(multiple !== undefined && { multiple }),
      ...(binding !== undefined && { require_cryptographic_holder_binding: binding }),
    };
  });
  return { credentials: parsed };
}

/** The ISO/IEC 18013-5 ItemsRequest a Credential Query amounts to (namespace → element → IntentToRetain). */
export function itemsRequestFor(credential: DcqlMdocCredentialQuery): ItemsRequest {
  const nameSpaces = new Map<string, Map<string, boolean>>();
  for (const claim of credential.claims ?? []) {
    const [namespace, element] = claim.path;
    nameSpaces.set(namespace, (nameSpaces.get(namespace) ?? new Map()).set(element, claim.intent_to_retain ?? false));
  }
  return { docType: credential.meta.doctype_value, nameSpaces };
}

/** What a verified presentation disclosed for one Credential Query: per document, its doctype and the names of the verified elements. */
export interface DisclosedDocument {
  readonly docType: string;
  readonly elements: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The outcome of a check the OpenID4VP layer adds to the ISO/IEC 18013-5 §9.3 checks. */
export interface Oid4vpCheck {
  readonly check: 'vp-token' | 'dcql-query';
  readonly passed: boolean;
  readonly code?: string;
  /** What was checked or what went wrong; names only, never element values. */
  readonly message: string;
}

/**
 * Whether the presentations answer the DCQL query (OpenID4VP 1.0 §8.6 step 2.2 and step 3; §6.4):
 * every Credential Query is answered (there are no `credential_sets`, so all are required), by one
 * document unless `multiple`, of the requested doctype, disclosing every requested claim (there are no
 * `claim_sets`, so all are requested). The verifier checks this itself rather than trusting the wallet (§14.9).
 */
export function checkDcqlSatisfied(query: DcqlQuery, presentations: ReadonlyMap<string, readonly DisclosedDocument[]>): Oid4vpCheck {
  const problems: string[] = [];
  for (const credential of query.credentials) {
    const documents = presentations.get(credential.id);
    if (!documents || documents.length === 0) {
      problems.push(`Credential Query "${credential.id}" was not answered`);
      continue;
    }
    if (documents.length > 1 && credential.multiple !== true) problems.push(`Credential Query "${credential.id}" allows one presentation, got ${documents.length}`);
    for (const document of documents) {
      if (document.docType !== credential.meta.doctype_value) problems.push(`Credential Query "${credential.id}" asked for ${credential.meta.doctype_value}, got ${document.docType}`);
      const missing = (credential.claims ?? []).filter((claim) => !document.elements.get(claim.path[0])?.has(claim.path[1])).map((claim) => claim.path.join('/'));
      if (missing.length > 0) problems.push(`Credential Query "${credential.id}": not disclosed and verified: ${missing.join(', ')}`);
    }
  }
  for (const id of presentations.keys()) if (!query.credentials.some((credential) => credential.id === id)) problems.push(`"${id}" is not a Credential Query of the request`);
  return problems.length === 0
    ? { check: 'dcql-query', passed: true, message: `the presentations answer all ${query.credentials.length} Credential Quer${query.credentials.length === 1 ? 'y' : 'ies'}` }
    : { check: 'dcql-query', passed: false, code: 'OID4VP_DCQL_NOT_SATISFIED', message: problems.join('; ') };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Oid4vpError('OID4VP_DCQL_INVALID', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Oid4vpError('OID4VP_DCQL_INVALID', `${what} must be a boolean`);
  return value;
}
