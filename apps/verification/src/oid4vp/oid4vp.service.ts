import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  authorizationRequestUri,
  checkDcqlSatisfied,
  createMdocDcqlQuery,
  createNonce,
  createRequestObjectPayload,
  docTypeDefinition,
  DOCTYPES,
  MDL_DOCTYPE,
  Oid4vpError,
  openId4VpSessionTranscript,
  parseAuthorizationResponse,
  signRequestObject,
  type DisclosedDocument,
  type OpenId4VpProfile,
} from '@citizen-zero/mdoc';
import { CitizenZeroError } from '@citizen-zero/errors';
import { type Actor, PlatformMetrics } from '@citizen-zero/nest-platform';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { RelyingPartiesService } from '../relying-parties/relying-parties.service';
import { type Check, type DocumentResult, type ElementRequest, type PresentationVerdict, VerificationService } from '../verification/verification.service';
import type { Oid4vpConfig } from './oid4vp-config';
import { Oid4vpEndpointError } from './oid4vp-endpoint-error';
import { type Oid4vpTransaction, Oid4vpTransactionRepository } from './oid4vp-transaction.repository';
import { RequestSigningKey } from './request-signing-key';
import { createResultKeyPair, openResult, sealResult } from './sealed-result';

/** The id of the one Credential Query of this verifier's DCQL queries; the key of the `vp_token` answer. */
const CREDENTIAL_QUERY_ID = 'mdoc';
const REQUEST_ID = /^[A-Za-z0-9_-]{43}$/;

export interface CreateOid4vpRequest {
  readonly docType?: string;
  /** namespace → element identifiers. */
  readonly elements: ElementRequest;
  readonly intentToRetain?: boolean;
  readonly purpose?: string;
  /** The profile the relying party expects; refused unless it is the configured one. */
  readonly profile?: string;
  /** Same-device flow: where the wallet sends the holder back, with a response_code (§8.2, §14.2). */
  readonly redirectUri?: string;
}

export interface CreatedOid4vpRequest {
  readonly transactionId: string;
  readonly profile: OpenId4VpProfile;
  /** `openid4vp://?client_id=…&request_uri=…`, for a QR code or a link. */
  readonly authorizationRequestUri: string;
  readonly requestUri: string;
  readonly expiresAt: Date;
  /**
   * The private key the disclosed element values are sealed to (PKCS #8, base64url): shown only in
   * this answer, never stored; send it (`X-Oid4vp-Result-Key`) to collect the values.
   */
  readonly resultKey: string;
}

/** What the relying party reads back: the verdict of POST /verifications plus the OpenID4VP checks, the element values once. */
export interface Oid4vpResult {
  readonly transactionId: string;
  readonly profile: OpenId4VpProfile;
  readonly status: 'pending' | 'completed' | 'failed' | 'expired';
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly requestFetchedAt?: Date;
  readonly respondedAt?: Date;
  /** `included`: the element values are in this answer, the only one that has them; `collected`: an earlier answer had them; `erased`: nobody collected them in time. */
  readonly disclosure?: 'included' | 'collected' | 'erased';
  readonly verdict?: PresentationVerdict;
  /** Why there is no verdict: the wallet's Authorization Error Response, or the code the response was refused with. */
  readonly error?: { readonly error?: string; readonly code?: string; readonly message: string };
}

/** The stored outcome: never element values. */
type Outcome = { readonly kind: 'verdict'; readonly verdict: Omit<PresentationVerdict, 'documents'> & { readonly documents: ReadonlyArray<Omit<DocumentResult, 'elements'>> } } | { readonly kind: 'error'; readonly error?: string; readonly code?: string; readonly message: string };

/**
 * Online presentation of mdocs with OpenID4VP 1.0 (redirect flow, Response Mode `direct_post`,
 * OpenID4VP 1.0 §13.3 reference design): a relying party creates a transaction and shows its
 * Authorization Request; the wallet fetches the signed Request Object and posts its `vp_token` to
 * the Response URI; the relying party polls for the verdict.
 *
 * The verdict is VerificationService's, the one POST /verifications gives (ISO/IEC 18013-5 §9.3
 * checks, credential status, the record of element names), computed over the SessionTranscript this
 * service rebuilds from its own stored request (Appendix B.2.6.1), with the DCQL check added. The
 * relying party's purpose and elements are authorised (and metered) when it creates the transaction;
 * the verification runs on the wallet's request under the relying party's subject, without a second
 * authorisation. Each transaction takes one response; its element values are handed to the relying
 * party once and erased, or erased unread after the result TTL.
 */
@Injectable()
export class Oid4vpService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Oid4vpService.name);
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig,
    private readonly signingKey: RequestSigningKey,
    private readonly transactions: Oid4vpTransactionRepository,
    private readonly verification: VerificationService,
    private readonly relyingParties: RelyingPartiesService,
    private readonly metrics: PlatformMetrics,
  ) {}

  /** Erases uncollected element values once a minute, besides on every create and poll. */
  onModuleInit(): void {
    this.sweep = setInterval(() => {
      this.transactions.eraseUncollected(new Date(Date.now() - this.settings.resultTtlSeconds * 1000)).catch((error: unknown) => this.logger.warn(`erasing uncollected OpenID4VP results failed: ${(error as Error).message}`));
    }, 60_000);
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  private get settings(): Oid4vpConfig {
    return this.config.oid4vp!;
  }

  private count(outcome: string): void {
    this.metrics.counter('oid4vp_responses_total', 'OpenID4VP responses by outcome', ['outcome']).inc({ outcome });
  }

  async createRequest(actor: Actor, input: CreateOid4vpRequest): Promise<CreatedOid4vpRequest> {
    const settings = this.settings;
    if (input.profile !== undefined && input.profile !== settings.profile) {
      throw new Oid4vpEndpointError('OID4VP_PROFILE_UNSUPPORTED', `this verifier speaks ${settings.profile} (CZ_OPENID4VP_PROFILE), not "${input.profile.slice(0, 40)}"`);
    }
    const docType = input.docType ?? MDL_DOCTYPE;
    const elements = checkedElements(docType, input.elements);
    await this.relyingParties.authorise(actor, 'oid4vp', input.purpose, elements.map((element) => element.elementIdentifier));

    const now = new Date();
    const expiresAt = new Date(now.getTime() + settings.transactionTtlSeconds * 1000);
    const id = randomUUID();
    const requestId = createNonce();
    const nonce = createNonce();
    const state = createNonce();
    const responseUri = `${settings.publicUrl}/oid4vp/responses/${requestId}`;
    const requestUri = `${settings.publicUrl}/oid4vp/requests/${requestId}/request-object`;
    const dcqlQuery = createMdocDcqlQuery({ id: CREDENTIAL_QUERY_ID, docType, elements: elements.map((element) => ({ ...element, intentToRetain: input.intentToRetain ?? false })) });
    const payload = createRequestObjectPayload({ clientId: settings.clientId, responseUri, nonce, state, dcqlQuery, issuedAt: now, expiresAt });
    const requestObject = await signRequestObject({ payload, signer: this.signingKey.signer, certificateChain: this.signingKey.certificateChain });
    const resultKeys = await createResultKeyPair();
    await this.transactions.insert({
      id,
      requestId,
      relyingParty: actor.subject,
      profile: settings.profile,
      clientId: settings.clientId,
      responseUri,
      nonce,
      state,
      dcqlQuery,
      elementRequest: input.elements,
      ...(input.purpose && { purpose: input.purpose }),
      requestObject,
      ...(input.redirectUri && { redirectUri: input.redirectUri }),
      createdAt: now,
      expiresAt,
    }, resultKeys.publicKey);
    await this.transactions.eraseUncollected(new Date(now.getTime() - settings.resultTtlSeconds * 1000));
    return { transactionId: id, profile: settings.profile, authorizationRequestUri: authorizationRequestUri({ authorizationEndpoint: settings.authorizationEndpoint, clientId: settings.clientId, requestUri }), requestUri, expiresAt, resultKey: resultKeys.resultKey };
  }

  /** The signed Request Object for the wallet (OpenID4VP 1.0 §5.10.1), while the transaction awaits its response. */
  async requestObject(requestId: string): Promise<string> {
    const transaction = await this.walletTransaction(requestId);
    await this.transactions.noteRequestFetched(transaction.id, new Date());
    return transaction.requestObject;
  }

  /**
   * The wallet's `direct_post` (OpenID4VP 1.0 §8.2). A body whose `state` is not the transaction's is
   * refused and leaves the transaction open (§14.3.2); any other response consumes it, once.
   */
  async receiveResponse(requestId: string, contentType: string | undefined, form: unknown): Promise<{ redirect_uri?: string }> {
    if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') || typeof form !== 'object' || form === null) {
      throw new Oid4vpEndpointError('OID4VP_RESPONSE_INVALID', 'the Authorization Response must be application/x-www-form-urlencoded (§8.2)', 'invalid_request');
    }
    const transaction = await this.walletTransaction(requestId);
    if ((form as Record<string, unknown>)['state'] !== transaction.state) throw new Oid4vpEndpointError('OID4VP_STATE_MISMATCH', 'the response state is not the state of the request (§14.3.2)', 'invalid_request');
    const now = new Date();
    if (!(await this.transactions.claimForResponse(transaction.id, now))) {
      const current = await this.transactions.findByRequestId(requestId);
      throw current && current.status === 'pending' ? expired() : replayed();
    }
    const responseCode = transaction.redirectUri ? createNonce() : undefined;
    const codeHash = responseCode ? sha256(responseCode) : undefined;
    const answer = transaction.redirectUri && responseCode ? { redirect_uri: `${transaction.redirectUri}#response_code=${responseCode}` } : {};
    try {
      const parsed = parseAuthorizationResponse(form as Record<string, unknown>, { state: transaction.state, dcqlQuery: transaction.dcqlQuery });
      if (parsed.kind === 'error') {
        await this.transactions.fail(transaction.id, { kind: 'error', error: parsed.error, message: 'the wallet answered with an Authorization Error Response (§8.5)' } satisfies Outcome, codeHash);
        this.count(`wallet-${parsed.error === 'access_denied' ? 'access-denied' : 'error'}`);
        return answer;
      }
      const presentation = parsed.presentations.get(CREDENTIAL_QUERY_ID)?.[0];
      const transcript = await openId4VpSessionTranscript({ clientId: transaction.clientId, nonce: transaction.nonce, jwkThumbprint: null, responseUri: transaction.responseUri });
      const relyingParty: Actor = { subject: transaction.relyingParty, roles: [], permissions: new Set() };
      const verdict: PresentationVerdict = presentation
        ? await this.verification.verifyPresentation(relyingParty, { deviceResponse: presentation, sessionTranscript: transcript.bytes, request: transaction.elementRequest })
        : { valid: false, verifiedAt: now, documents: [], problems: [], recordId: '' };
      const disclosed = new Map<string, DisclosedDocument[]>();
      if (presentation) disclosed.set(CREDENTIAL_QUERY_ID, verdict.documents.map((document) => ({ docType: document.docType, elements: new Map(Object.entries(document.elements).map(([namespace, values]) => [namespace, new Set(Object.keys(values))])) })));
      const dcql: Check = checkDcqlSatisfied(transaction.dcqlQuery, disclosed);
      const valid = verdict.valid && dcql.passed;
      const outcome: Outcome = { kind: 'verdict', verdict: { ...verdict, valid, documents: verdict.documents.map(({ elements: _elements, ...document }) => document), problems: [...verdict.problems, dcql] } };
      // The element values are sealed to the relying party's result key before they reach the database.
      const publicKey = await this.transactions.resultPublicKey(transaction.id);
      if (!publicKey) throw new Error('the transaction has no result key');
      const sealed = await sealResult(publicKey, transaction.id, new TextEncoder().encode(JSON.stringify(verdict.documents.map((document) => document.elements))));
      await this.transactions.complete(transaction.id, outcome, sealed, codeHash);
      this.count(valid ? 'valid' : 'invalid');
      return answer;
    } catch (error) {
      const known = error instanceof CitizenZeroError;
      await this.transactions.fail(transaction.id, { kind: 'error', code: known ? error.code : 'INTERNAL_ERROR', message: known ? error.message : 'the response could not be processed' } satisfies Outcome, codeHash);
      this.count('rejected');
      if (error instanceof Oid4vpError) throw Oid4vpEndpointError.forWallet(error);
      if (known) throw new Oid4vpEndpointError('OID4VP_VP_TOKEN_INVALID', `the presentation is not a usable DeviceResponse: ${error.message}`, 'invalid_request', { cause: error });
      throw error;
    }
  }

  /** The relying party's view of its transaction; the element values come in one answer only. */
  async result(actor: Actor, transactionId: string, responseCode: string | undefined, resultKey?: string): Promise<Oid4vpResult> {
    const transaction = await this.transactions.findForRelyingParty(transactionId, actor.subject);
    if (!transaction) throw new Oid4vpEndpointError('OID4VP_TRANSACTION_NOT_FOUND', 'no OpenID4VP transaction with this id for this relying party');
    const now = new Date();
    await this.transactions.eraseUncollected(new Date(now.getTime() - this.settings.resultTtlSeconds * 1000));
    const base = {
      transactionId: transaction.id,
      profile: transaction.profile,
      createdAt: transaction.createdAt,
      expiresAt: transaction.expiresAt,
      ...(transaction.requestFetchedAt && { requestFetchedAt: transaction.requestFetchedAt }),
      ...(transaction.respondedAt && { respondedAt: transaction.respondedAt }),
    };
    if (transaction.status === 'pending' || transaction.status === 'responding') {
      // 'responding' past the expiry: the response was taken but its processing never finished (e.g. a restart).
      return { ...base, status: transaction.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending' };
    }
    if (transaction.responseCodeHash && !(responseCode && timingSafeEqual(sha256(responseCode), transaction.responseCodeHash))) {
      throw new Oid4vpEndpointError('OID4VP_RESPONSE_CODE_INVALID', 'this transaction redirected the holder back with a response_code: pass it as ?response_code= (OpenID4VP 1.0 §14.2)');
    }
    const outcome = transaction.outcome as Outcome;
    if (outcome.kind === 'error') return { ...base, status: 'failed', error: { ...(outcome.error && { error: outcome.error }), ...(outcome.code && { code: outcome.code }), message: outcome.message } };
    const values = await this.collect(transaction.id, resultKey, now);
    const verdict: PresentationVerdict = {
      ...outcome.verdict,
      verifiedAt: new Date(outcome.verdict.verifiedAt),
      documents: outcome.verdict.documents.map((document, index) => ({ ...document, elements: values?.[index] ?? {} })),
    };
    return { ...base, status: 'completed', disclosure: values ? 'included' : transaction.collectedAt ? 'collected' : 'erased', verdict };
  }

  /** Opens the sealed values with the relying party's key and erases them: the values go out in one answer only. */
  private async collect(transactionId: string, resultKey: string | undefined, now: Date): Promise<Array<Record<string, Record<string, unknown>>> | undefined> {
    const sealed = await this.transactions.sealedDisclosed(transactionId);
    if (!sealed) return undefined;
    if (!resultKey) throw new Oid4vpEndpointError('OID4VP_RESULT_KEY_REQUIRED', 'the verified element values are waiting, sealed: send the resultKey given when the request was created (X-Oid4vp-Result-Key)');
    const values = JSON.parse(new TextDecoder().decode(await openResult(resultKey, transactionId, sealed))) as Array<Record<string, Record<string, unknown>>>;
    return (await this.transactions.markCollected(transactionId, now)) ? values : undefined;
  }

  private async walletTransaction(requestId: string): Promise<Oid4vpTransaction> {
    const transaction = REQUEST_ID.test(requestId) ? await this.transactions.findByRequestId(requestId) : undefined;
    if (!transaction) throw new Oid4vpEndpointError('OID4VP_TRANSACTION_NOT_FOUND', 'no OpenID4VP transaction at this address', 'invalid_request');
    if (transaction.profile !== this.settings.profile) {
      throw new Oid4vpEndpointError('OID4VP_PROFILE_UNSUPPORTED', `this transaction was created for ${transaction.profile}; the verifier now speaks ${this.settings.profile}`, 'invalid_request');
    }
    if (transaction.status !== 'pending') throw replayed();
    if (transaction.expiresAt.getTime() <= Date.now()) throw expired();
    return transaction;
  }
}

/** The requested elements, each a data element of the doctype's namespaces (the registry of libs/mdoc). */
function checkedElements(docType: string, request: ElementRequest): Array<{ namespace: string; elementIdentifier: string }> {
  if (!DOCTYPES.some((definition) => definition.docType === docType)) throw new Oid4vpEndpointError('OID4VP_ELEMENTS_INVALID', `unknown doctype ${docType}; known: ${DOCTYPES.map((definition) => definition.docType).join(', ')}`);
  const definition = docTypeDefinition(docType);
  const elements: Array<{ namespace: string; elementIdentifier: string }> = [];
  for (const [namespace, identifiers] of Object.entries(request)) {
    const ns = definition.namespaces.find((candidate) => candidate.namespace === namespace);
    if (!ns) throw new Oid4vpEndpointError('OID4VP_ELEMENTS_INVALID', `${namespace} is not a namespace of ${docType}`);
    for (const identifier of new Set(identifiers)) {
      const known = ns.elements.some((element) => element.identifier === identifier) || (ns.patterns ?? []).some((pattern) => pattern.pattern.test(identifier));
      if (!known) throw new Oid4vpEndpointError('OID4VP_ELEMENTS_INVALID', `${namespace}/${identifier} is not a data element of ${docType}`);
      elements.push({ namespace, elementIdentifier: identifier });
    }
  }
  if (elements.length === 0) throw new Oid4vpEndpointError('OID4VP_ELEMENTS_INVALID', 'ask for at least one element');
  return elements;
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text).digest());
}

function replayed(): Oid4vpEndpointError {
  return new Oid4vpEndpointError('OID4VP_RESPONSE_REPLAYED', 'this transaction already received its response; each takes one', 'invalid_request');
}

function expired(): Oid4vpEndpointError {
  return new Oid4vpEndpointError('OID4VP_TRANSACTION_EXPIRED', 'this transaction has expired', 'invalid_request');
}
