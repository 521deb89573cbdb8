import type { ReaderTrust, VerifiedAuthorizationRequest } from '@citizen-zero/mdoc';
import type { Signer } from '@citizen-zero/signing';
import type { WalletConfig } from './config';
import { loadDeviceKey, WebCryptoSigner } from './device/device-key';
import { refreshStatus } from './credentials/credential-status';
import { CredentialRepository, type HeldCredential, type HeldMdoc } from './credentials/held-credential';
import { parseCredentialOfferUri, type CredentialOffer } from './issuance/credential-offer';
import { claimOffer, describeIssuer, resolveOffer, type ClaimResult } from './issuance/oid4vci-client';
import { startInPersonSession, type InPersonSession, type StartInPersonSessionParams } from './presentation/in-person-session';
import { receiveAuthorizationRequest, sendAuthorizationResponse, sendRefusal } from './presentation/oid4vp-presentation';
import type { KeyValueStore } from './storage/key-value-store';
import { Vault, type UnlockedVault, type VaultOptions } from './storage/vault';
import { enrolPlatformAuthenticator, unlockWithPlatformAuthenticator } from './storage/webauthn-unlock';
import { trustBundle } from './trust/trust-bundles';

/**
 * The wallet's use cases behind the screens: the vault (PIN, platform authenticator), the
 * credentials (claim, list, status), and presentations (in person, online). The screens hold no
 * keys and no plaintext records beyond what they show.
 */
export class WalletService {
  readonly vault: Vault;
  private unlockedVault: UnlockedVault | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly config: WalletConfig,
    readonly store: KeyValueStore,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
    vaultOptions: VaultOptions = {},
  ) {
    this.vault = new Vault(store, vaultOptions);
  }

  /** Tells `listener` when the wallet locks or unlocks; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isUnlocked(): boolean {
    return this.unlockedVault !== undefined;
  }

  async hasPin(): Promise<boolean> {
    return this.vault.exists();
  }

  async hasAuthenticator(): Promise<boolean> {
    return (await this.vault.record())?.authenticator !== undefined;
  }

  async setUp(pin: string): Promise<void> {
    this.opened(await this.vault.create(pin));
  }

  async unlock(pin: string): Promise<void> {
    this.opened(await this.vault.unlock(pin));
  }

  async unlockWithAuthenticator(): Promise<void> {
    this.opened(await unlockWithPlatformAuthenticator(this.vault));
  }

  async enrolAuthenticator(pin: string): Promise<void> {
    await enrolPlatformAuthenticator(this.vault, pin);
  }

  /** The citizen's consent to a presentation: the PIN again (wrong PINs count towards the lock-out). */
  async confirmPin(pin: string): Promise<void> {
    await this.vault.unlock(pin);
  }

  lock(): void {
    this.unlockedVault = undefined;
    this.notify();
  }

  async credentials(): Promise<HeldCredential[]> {
    return this.repository().list();
  }

  async mdocs(): Promise<HeldMdoc[]> {
    return (await this.credentials()).filter((credential): credential is HeldMdoc => credential.kind === 'mdoc');
  }

  parseOffer(text: string) {
    return parseCredentialOfferUri(text, { allowHttp: this.config.allowHttp });
  }

  async resolveOffer(text: string): Promise<{ offer: CredentialOffer; issuerName: string; credentials: string[] }> {
    const offer = await resolveOffer(this.parseOffer(text), { fetch: this.fetchFn, allowHttp: this.config.allowHttp });
    const described = await describeIssuer(offer, { fetch: this.fetchFn });
    return { offer, issuerName: described.name, credentials: described.credentials };
  }

  /** Redeems the offer and keeps what it gave, encrypted; then reads the new credentials' status. */
  async claim(offer: CredentialOffer, txCode: string): Promise<ClaimResult> {
    const repository = this.repository();
    const issuers = await this.issuerTrustAnchors();
    const result = await claimOffer(offer, txCode, { store: this.store, fetch: this.fetchFn, issuerTrustAnchors: issuers, allowHttp: this.config.allowHttp });
    for (const credential of result.credentials) {
      const withStatus = credential.kind === 'mdoc' ? { ...credential, status: await refreshStatus(credential, { fetch: this.fetchFn, issuerTrustAnchors: issuers }) } : credential;
      await repository.save(withStatus);
    }
    return result;
  }

  /** Reads every mdoc's status from its status list (when online) and keeps it with the credential. */
  async refreshStatuses(): Promise<HeldCredential[]> {
    const repository = this.repository();
    const credentials = await repository.list();
    if (!credentials.some((credential) => credential.kind === 'mdoc')) return credentials;
    const issuers = await this.issuerTrustAnchors();
    const refreshed: HeldCredential[] = [];
    for (const credential of credentials) {
      if (credential.kind !== 'mdoc') {
        refreshed.push(credential);
        continue;
      }
      const updated: HeldMdoc = { ...credential, status: await refreshStatus(credential, { fetch: this.fetchFn, issuerTrustAnchors: issuers }) };
      await repository.save(updated);
      refreshed.push(updated);
    }
    return refreshed;
  }

  async signerFor(credential: HeldMdoc): Promise<Signer> {
    return new WebCryptoSigner(await loadDeviceKey(this.store, credential.deviceKeyId));
  }

  async issuerTrustAnchors(): Promise<readonly Uint8Array[]> {
    return (await trustBundle(this.store, 'issuers', this.config.trustListUrl, this.fetchFn))?.certificates ?? [];
  }

  async readerTrust(): Promise<ReaderTrust | undefined> {
    const bundle = await trustBundle(this.store, 'readers', this.config.readerTrustAnchorsUrl, this.fetchFn);
    return bundle ? { trustAnchors: bundle.certificates } : undefined;
  }

  async startInPerson(params: Pick<StartInPersonSessionParams, 'onRequest' | 'onEnd'>): Promise<InPersonSession> {
    this.repository();
    const readerTrust = await this.readerTrust();
    return startInPersonSession({ relayUrl: this.config.relayUrl, ...(readerTrust && { readerTrust }), ...params });
  }

  async receiveOnlineRequest(uri: string): Promise<VerifiedAuthorizationRequest> {
    this.repository();
    const bundle = await trustBundle(this.store, 'verifiers', this.config.verifierTrustAnchorsUrl, this.fetchFn);
    return receiveAuthorizationRequest(uri, { fetch: this.fetchFn, verifierTrustAnchors: bundle?.certificates ?? [], allowHttp: this.config.allowHttp });
  }

  async answerOnlineRequest(request: VerifiedAuthorizationRequest): Promise<{ redirectUri?: string }> {
    return sendAuthorizationResponse({ request, credentials: await this.mdocs(), signerFor: (credential) => this.signerFor(credential), fetch: this.fetchFn });
  }

  async refuseOnlineRequest(request: VerifiedAuthorizationRequest): Promise<void> {
    await sendRefusal(request, this.fetchFn);
  }

  private repository(): CredentialRepository {
    if (!this.unlockedVault) throw new Error('the wallet is locked');
    return new CredentialRepository(this.unlockedVault);
  }

  private opened(vault: UnlockedVault): void {
    this.unlockedVault = vault;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
