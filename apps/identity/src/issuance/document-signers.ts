import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Signer } from '@citizen-zero/signing';
import { parsePemBundle } from '@citizen-zero/pki';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { KeyCustody } from '../crypto/key-custody';

export interface DocumentSigner {
  readonly label: string;
  readonly signer: Signer;
  /** DER, leaf first. */
  readonly certificateChain: readonly Uint8Array[];
}

/**
 * The signing keys the service issues with — the mdoc document signer and the seal signer —
 * each an HSM key with its certificate from the key ceremony (`cz ds issue`). Loaded at boot,
 * so a missing key or certificate stops the service with a clear message.
 */
@Injectable()
export class DocumentSigners implements OnModuleInit {
  private mdocSigner: DocumentSigner | undefined;
  private sealSigner: DocumentSigner | undefined;

  constructor(
    private readonly keys: KeyCustody,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { signing } = this.config;
    this.mdocSigner = await this.load(signing.mdocKeyLabel, signing.mdocCertificateFile);
    this.sealSigner = signing.sealKeyLabel === signing.mdocKeyLabel ? this.mdocSigner : await this.load(signing.sealKeyLabel, signing.sealCertificateFile);
  }

  get mdoc(): DocumentSigner {
    return this.mdocSigner!;
  }

  get seal(): DocumentSigner {
    return this.sealSigner!;
  }

  /** The signing key labels, one issuance queue each. */
  get labels(): string[] {
    return [...new Set([this.config.signing.mdocKeyLabel, this.config.signing.sealKeyLabel])];
  }

  private async load(label: string, certificateFile: string): Promise<DocumentSigner> {
    let pem: string;
    try {
      pem = readFileSync(certificateFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the certificate of signing key "${label}" from ${certificateFile}: ${(error as Error).message}`, { cause: error });
    }
    return { label, signer: await this.keys.hsm.signer(label), certificateChain: parsePemBundle(pem) };
  }
}
