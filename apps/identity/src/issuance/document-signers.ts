import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Signer } from '@citizen-zero/signing';
import { parsePemBundle } from '@citizen-zero/pki';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { PlatformMetrics } from '@citizen-zero/nest-platform';
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
  private mdocSigners: DocumentSigner[] = [];
  private sealSigner: DocumentSigner | undefined;

  constructor(
    private readonly keys: KeyCustody,
    private readonly metrics: PlatformMetrics,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { signing } = this.config;
    for (const { keyLabel, certificateFile } of signing.mdocSigners) this.mdocSigners.push(await this.load(keyLabel, certificateFile));
    this.sealSigner = this.mdocSigners.find((signer) => signer.label === signing.sealKeyLabel) ?? (await this.load(signing.sealKeyLabel, signing.sealCertificateFile));
  }

  /** The mdoc document signer with this key label. */
  mdoc(label: string): DocumentSigner {
    const signer = this.mdocSigners.find((candidate) => candidate.label === label);
    if (!signer) throw new Error(`signing key "${label}" is not configured (CZ_IDENTITY_MDOC_KEY_LABEL)`);
    return signer;
  }

  /** The key that signs a new credential: spread evenly and stably over the configured keys by document id. */
  mdocKeyFor(documentId: string): string {
    let hash = 0;
    for (const char of documentId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return this.config.signing.mdocSigners[hash % this.config.signing.mdocSigners.length]!.keyLabel;
  }

  /** The first configured mdoc signer, which also signs the status list. */
  get primaryMdoc(): DocumentSigner {
    return this.mdocSigners[0]!;
  }

  get seal(): DocumentSigner {
    return this.sealSigner!;
  }

  /** The signing key labels, one issuance queue each. */
  get labels(): string[] {
    return [...new Set([...this.config.signing.mdocSigners.map((signer) => signer.keyLabel), this.config.signing.sealKeyLabel])];
  }

  private async load(label: string, certificateFile: string): Promise<DocumentSigner> {
    let pem: string;
    try {
      pem = readFileSync(certificateFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the certificate of signing key "${label}" from ${certificateFile}: ${(error as Error).message}`, { cause: error });
    }
    const hsmSigner = await this.keys.hsm.signer(label);
    const latency = this.metrics.histogram('hsm_sign_duration_seconds', 'Signatures made in the HSM, by key', ['key'], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5]);
    const signer: Signer = {
      algorithm: hsmSigner.algorithm,
      keyId: hsmSigner.keyId,
      publicKeySpki: () => hsmSigner.publicKeySpki(),
      sign: async (toBeSigned) => {
        const end = latency.startTimer({ key: label });
        try {
          return await hsmSigner.sign(toBeSigned);
        } finally {
          end();
        }
      },
    };
    return { label, signer, certificateChain: parsePemBundle(pem) };
  }
}
