import { Inject, Injectable } from '@nestjs/common';
import type { KeyInfo } from '@citizen-zero/hsm';
import { type CertificateDescription, describeCertificate } from '@citizen-zero/pki';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { DocumentSigners } from '../issuance/document-signers';
import { PersonRepository } from '../persons/person.repository';
import { KeyCustody } from './key-custody';

/** What the identity service uses a key for. */
export type KeyPurpose = 'mdoc-signer' | 'status-list-signer' | 'seal-signer' | 'record-encryption-current' | 'record-encryption-previous' | 'blind-index';

/** One key on the token (its private and public objects together): attributes only, never key material. */
export interface InventoryKey {
  readonly label: string;
  /** CKA_ID, hex. */
  readonly id: string;
  readonly keyType: KeyInfo['keyType'];
  readonly curve?: string;
  readonly bits?: number;
  readonly objects: readonly KeyInfo['keyClass'][];
  /** The private or secret object's protection: generated in the HSM, never readable out of it. */
  readonly sensitive: boolean;
  readonly extractable: boolean;
  readonly neverExtractable: boolean;
  readonly capabilities: readonly string[];
  /** Empty: the identity service does not use it (another service's, or the ceremony's, such as the IACA key). */
  readonly purposes: readonly KeyPurpose[];
  /** Record-encryption keys: how many person records have their data key wrapped under it. */
  readonly records?: number;
}

export interface InventoryCertificate {
  readonly keyLabel: string;
  readonly purpose: 'mdoc-signer' | 'seal-signer';
  /** 0: the signer's own certificate; 1…: the chain above it, as configured. */
  readonly chainIndex: number;
  readonly description: CertificateDescription;
}

export interface KeyInventory {
  readonly tokenLabel: string;
  readonly keys: readonly InventoryKey[];
  readonly certificates: readonly InventoryCertificate[];
}

/**
 * The security officers' read-only view of the keys the identity service relies on: every key
 * object on its HSM token with its attributes and what the service uses it for, and the
 * certificates of its signing keys with their validity. Nothing here can read, export or change
 * a key.
 */
@Injectable()
export class KeyInventoryService {
  constructor(
    private readonly custody: KeyCustody,
    private readonly signers: DocumentSigners,
    private readonly persons: PersonRepository,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async inventory(): Promise<KeyInventory> {
    const [objects, recordsByKey] = await Promise.all([this.custody.hsm.listKeys(), this.persons.countByKeyLabel()]);
    const purposes = this.purposesByLabel(recordsByKey);
    const grouped = new Map<string, KeyInfo[]>();
    for (const object of objects) grouped.set(`${object.label}\u0000${object.id}`, [...(grouped.get(`${object.label}\u0000${object.id}`) ?? []), object]);
    const keys = [...grouped.values()].map((group): InventoryKey => {
      const main = group.find((object) => object.keyClass !== 'public') ?? group[0]!;
      const label = main.label;
      return {
        label,
        id: main.id,
        keyType: main.keyType,
        ...(main.curve !== undefined && { curve: main.curve }),
        ...(main.bits !== undefined && { bits: main.bits }),
        objects: group.map((object) => object.keyClass),
        sensitive: main.sensitive,
        extractable: main.extractable,
        neverExtractable: main.neverExtractable,
        capabilities: [...new Set(group.flatMap((object) => object.capabilities))],
        purposes: purposes.get(label) ?? [],
        ...(recordsByKey[label] !== undefined && { records: recordsByKey[label] }),
      };
    });
    const certificates: InventoryCertificate[] = [];
    const described = async (label: string, purpose: InventoryCertificate['purpose'], chain: readonly Uint8Array[]) => {
      for (const [chainIndex, der] of chain.entries()) certificates.push({ keyLabel: label, purpose, chainIndex, description: await describeCertificate(der) });
    };
    for (const { keyLabel } of this.config.signing.mdocSigners) await described(keyLabel, 'mdoc-signer', this.signers.mdoc(keyLabel).certificateChain);
    await described(this.signers.seal.label, 'seal-signer', this.signers.seal.certificateChain);
    return { tokenLabel: this.config.hsm.tokenLabel, keys, certificates };
  }

  private purposesByLabel(recordsByKey: Readonly<Record<string, number>>): Map<string, KeyPurpose[]> {
    const purposes = new Map<string, KeyPurpose[]>();
    const add = (label: string, purpose: KeyPurpose) => purposes.set(label, [...(purposes.get(label) ?? []), purpose]);
    this.config.signing.mdocSigners.forEach(({ keyLabel }, index) => {
      add(keyLabel, 'mdoc-signer');
      // The first document signer also signs the status list (StatusListPublisher).
      if (index === 0) add(keyLabel, 'status-list-signer');
    });
    add(this.config.signing.sealKeyLabel, 'seal-signer');
    add(this.custody.currentKeyEncryptionKey, 'record-encryption-current');
    for (const label of Object.keys(recordsByKey)) if (label !== this.custody.currentKeyEncryptionKey) add(label, 'record-encryption-previous');
    add(this.custody.blindIndexKey, 'blind-index');
    return purposes;
  }
}
