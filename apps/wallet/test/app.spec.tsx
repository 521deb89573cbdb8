import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/app';
import { parseWalletConfig, WalletConfigError } from '../src/config';
import { launchIntent } from '../src/launch-intent';
import { MemoryStore } from '../src/storage/key-value-store';
import { CredentialRepository } from '../src/credentials/held-credential';
import { Vault, type SealedRecord } from '../src/storage/vault';
import { WalletService } from '../src/wallet-service';
import { sampleHeldMdoc } from './support/sample-mdoc';

afterEach(cleanup);

const config = parseWalletConfig({ identityUrl: 'https://identity.test', verificationUrl: 'https://verify.test' });
// Nothing answers: status checks report that they could not run.
const offline: typeof fetch = async () => new Response('not here', { status: 404 });
const pin = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the wallet app: PIN set-up, unlock, cards, lock', () => {
  it('sets a PIN on first start (both entries must match) and opens the empty wallet, which locks', async () => {
    const wallet = new WalletService(config, new MemoryStore(), offline, { iterations: 1_000 });
    render(<App wallet={wallet} />);
    await screen.findByRole('heading', { name: 'Set up your wallet' });
    pin('New PIN', '482916');
    pin('Repeat the PIN', '482917');
    expect(screen.getByText('The two PINs differ.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Set PIN' }) as HTMLButtonElement).disabled).toBe(true);
    pin('Repeat the PIN', '482916');
    fireEvent.click(screen.getByRole('button', { name: 'Set PIN' }));
    await screen.findByRole('heading', { name: 'Your credentials' });
    expect(await screen.findByText(/Your wallet is empty/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Unlock your wallet' });
    expect(wallet.isUnlocked).toBe(false);
  });

  it('a stored wallet opens only with its PIN and shows each credential as a card', async () => {
    const store = new MemoryStore();
    const held = await sampleHeldMdoc();
    await new CredentialRepository(await new Vault(store, { iterations: 1_000 }).create('482916')).save(held);
    expect(JSON.stringify([...store.stores.get('credentials')!.values()].map((record) => Buffer.from((record as SealedRecord).ciphertext).toString('latin1')))).not.toContain('Okonkwo');

    render(<App wallet={new WalletService(config, store, offline, { iterations: 1_000 })} />);
    await screen.findByRole('heading', { name: 'Unlock your wallet' });
    pin('PIN', '000000');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong PIN.');
    pin('PIN', '482916');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    const card = await screen.findByRole('article', { name: 'Driving licence' });
    expect(card.querySelector('[data-testid="holder-name"]')!.textContent).toBe('Adaeze Okonkwo');
    expect(card.querySelector('[data-testid="validity"]')!.textContent).toBe('2026-02-01 to 2031-02-01 (within validity)');
    expect((card.querySelector('img[alt="Portrait"]') as HTMLImageElement).src).toMatch(/^data:image\/jpeg;base64,/);
    // Offline here: the status stays unknown and says why.
    await screen.findByText(/the trust list is not available/);
    expect(card.querySelector('[data-testid="credential-status"]')!.textContent).toBe('Status unknown');
    await vi.waitFor(() => expect(screen.getByRole('main').getAttribute('aria-busy')).toBe('false'));
  });
});

describe('configuration and launch intents', () => {
  it('derives the relay and trust list from the verification service, and reports every problem', () => {
    expect(config).toEqual({ identityUrl: 'https://identity.test', verificationUrl: 'https://verify.test', relayUrl: 'wss://verify.test/relay/sessions', trustListUrl: 'https://verify.test/trust/bundle.pem', allowHttp: false });
    expect(() => parseWalletConfig({ identityUrl: 'ftp://x', relayUrl: 'https://not-ws', allowHttp: 'yes' })).toThrow(WalletConfigError);
    try {
      parseWalletConfig({ identityUrl: 'ftp://x', relayUrl: 'https://not-ws', allowHttp: 'yes' });
    } catch (error) {
      expect((error as WalletConfigError).problems).toEqual(['identityUrl must be a https: or http: URL', 'verificationUrl is required', 'relayUrl must be a wss: or ws: URL', 'trustListUrl is required', 'allowHttp must be true or false']);
    }
  });

  it('reads an offer or an OpenID4VP request from the wallet URL', () => {
    const offer = 'openid-credential-offer://?credential_offer=%7B%7D';
    expect(launchIntent(new URL(`https://wallet.test/?offer=${encodeURIComponent(offer)}`))).toEqual({ kind: 'offer', text: offer });
    expect(launchIntent(new URL('https://wallet.test/?credential_offer_uri=https%3A%2F%2Fi.test%2Fo'))).toEqual({ kind: 'offer', text: 'https://wallet.test/?credential_offer_uri=https%3A%2F%2Fi.test%2Fo' });
    expect(launchIntent(new URL(`https://wallet.test/?authorization_request=${encodeURIComponent('openid4vp://?client_id=x&request_uri=y')}`))).toEqual({ kind: 'authorization-request', text: 'openid4vp://?client_id=x&request_uri=y' });
    expect(launchIntent(new URL('https://wallet.test/?client_id=x509_san_dns%3Abank.test&request_uri=https%3A%2F%2Fbank.test%2Fr'))).toMatchObject({ kind: 'authorization-request' });
    expect(launchIntent(new URL('https://wallet.test/'))).toBeUndefined();
  });
});
