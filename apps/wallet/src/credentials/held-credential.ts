import { base64UrlDecode, decodeCbor, elementValueToJson, IssuerSigned, MDL_DOCTYPE, PID_DOCTYPE } from '@citizen-zero/mdoc';
import type { ZkCredential } from '@citizen-zero/zk-credentials';
import type { UnlockedVault } from '../storage/vault';

/** The last known status of a credential, from its issuer's status list. */
export interface CredentialStatusRecord {
  readonly state: 'valid' | 'suspended' | 'revoked' | 'unknown';
  /** When the status list was fetched and verified (absent: never). */
  readonly checkedAt?: string;
  /** The status list had expired or passed its ttl when read. */
  readonly stale?: boolean;
  /** Why the status is unknown. */
  readonly problem?: string;
}

/** An mdoc, bound to one of the wallet's device keys. */
export interface HeldMdoc {
  readonly kind: 'mdoc';
  readonly id: string;
  readonly docType: string;
  /** IssuerSigned exactly as the issuer sent it (base64url CBOR, OpenID4VCI Appendix A.2.4): never re-encoded. */
  readonly issuerSigned: string;
  readonly deviceKeyId: string;
  readonly credentialIssuer: string;
  readonly configurationId: string;
  readonly receivedAt: string;
  readonly status?: CredentialStatusRecord;
}

/** The BBS age and nationality credential (libs/zk-credentials): no device key, proofs are unlinkable. */
export interface HeldZkCredential {
  readonly kind: 'zk';
  readonly id: string;
  readonly credential: ZkCredential;
  readonly credentialIssuer: string;
  readonly configurationId: string;
  readonly receivedAt: string;
}

export type HeldCredential = HeldMdoc | HeldZkCredential;

export function parseHeldIssuerSigned(credential: HeldMdoc): IssuerSigned {
  return IssuerSigned.fromCbor(decodeCbor(base64UrlDecode(credential.issuerSigned), 'IssuerSigned'));
}

/** The encrypted credential records of the unlocked wallet. */
export class CredentialRepository {
  constructor(private readonly vault: UnlockedVault) {}

  async list(): Promise<HeldCredential[]> {
    const entries = await this.vault.allJson<HeldCredential>('credentials');
    return entries.map(([, credential]) => credential).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async get(id: string): Promise<HeldCredential | undefined> {
    return this.vault.getJson<HeldCredential>('credentials', id);
  }

  async save(credential: HeldCredential): Promise<void> {
    await this.vault.putJson('credentials', credential.id, credential);
  }
}

export const DOCTYPE_TITLES: Readonly<Record<string, string>> = {
  [MDL_DOCTYPE]: 'Driving licence',
  [PID_DOCTYPE]: 'National ID',
};

export function credentialTitle(credential: HeldCredential): string {
  if (credential.kind === 'zk') return 'Age and nationality (private proofs)';
  return DOCTYPE_TITLES[credential.docType] ?? credential.docType;
}

/** What a card shows of one data element. */
export interface DisplayedElement {
  readonly namespace: string;
  readonly identifier: string;
  readonly label: string;
  /** Text for the card; pictures are given as `image` instead. */
  readonly text?: string;
  /** A data: URL for a portrait or signature. */
  readonly image?: string;
}

const PICTURES = new Set(['portrait', 'signature_usual_mark', 'biometric_template_face']);

export function elementLabel(identifier: string): string {
  const label = identifier.replace(/_/g, ' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The elements of an mdoc for its card, portrait first. */
export function displayedElements(issuerSigned: IssuerSigned): DisplayedElement[] {
  const elements: DisplayedElement[] = [];
  for (const [namespace, items] of issuerSigned.nameSpaces) {
    for (const { item } of items) {
      const identifier = item.elementIdentifier;
      const value = item.elementValue;
      if (PICTURES.has(identifier) && value instanceof Uint8Array) {
        elements.push({ namespace, identifier, label: elementLabel(identifier), image: `data:${pictureType(value)};base64,${base64(value)}` });
      } else {
        elements.push({ namespace, identifier, label: elementLabel(identifier), text: displayText(elementValueToJson(value)) });
      }
    }
  }
  return elements.sort((a, b) => Number(b.identifier === 'portrait') - Number(a.identifier === 'portrait'));
}

function displayText(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') {
    if (Array.isArray(value)) return value.map(displayText).join('; ');
    if ('$bytes' in value) return `${String((value as { $bytes: number }).$bytes)} bytes`;
    return Object.entries(value)
      .map(([key, entry]) => `${elementLabel(key)}: ${displayText(entry)}`)
      .join(', ');
  }
  return String(value);
}

function pictureType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  return 'image/jpeg';
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
