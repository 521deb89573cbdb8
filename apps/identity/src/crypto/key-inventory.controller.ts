import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { type KeyInventory, KeyInventoryService, type KeyPurpose } from './key-inventory.service';

const PURPOSES: readonly KeyPurpose[] = ['mdoc-signer', 'status-list-signer', 'seal-signer', 'record-encryption-current', 'record-encryption-previous', 'blind-index'];

export class InventoryKeyDto {
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'CKA_ID, hex' }) id!: string;
  @ApiProperty({ enum: ['EC', 'AES', 'GENERIC_SECRET', 'OTHER'] }) keyType!: string;
  @ApiPropertyOptional() curve?: string;
  @ApiPropertyOptional() bits?: number;
  @ApiProperty({ type: [String], description: 'the PKCS#11 objects under this label: private, public, secret' }) objects!: string[];
  @ApiProperty() sensitive!: boolean;
  @ApiProperty() extractable!: boolean;
  @ApiProperty() neverExtractable!: boolean;
  @ApiProperty({ type: [String] }) capabilities!: string[];
  @ApiProperty({ enum: PURPOSES, isArray: true, description: 'what the identity service uses it for; empty: not used by it' }) purposes!: KeyPurpose[];
  @ApiPropertyOptional({ description: 'record-encryption keys: person records whose data key it wraps' }) records?: number;
}

export class InventoryCertificateDto {
  @ApiProperty() keyLabel!: string;
  @ApiProperty({ enum: ['mdoc-signer', 'seal-signer'] }) purpose!: 'mdoc-signer' | 'seal-signer';
  @ApiProperty({ description: '0: the signer’s certificate; 1…: the chain above it' }) chainIndex!: number;
  @ApiProperty() subject!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ description: 'hex' }) serialNumber!: string;
  @ApiProperty() notBefore!: string;
  @ApiProperty() notAfter!: string;
  @ApiProperty() sha256Fingerprint!: string;
  @ApiProperty() keyAlgorithm!: string;
  @ApiPropertyOptional() curve?: string;
}

export class KeyInventoryDto {
  @ApiProperty() tokenLabel!: string;
  @ApiProperty({ type: [InventoryKeyDto] }) keys!: InventoryKeyDto[];
  @ApiProperty({ type: [InventoryCertificateDto] }) certificates!: InventoryCertificateDto[];
}

export function mapKeyInventory(inventory: KeyInventory): KeyInventoryDto {
  return {
    tokenLabel: inventory.tokenLabel,
    keys: inventory.keys.map((key) => ({ ...key, objects: [...key.objects], capabilities: [...key.capabilities], purposes: [...key.purposes] })),
    certificates: inventory.certificates.map(({ keyLabel, purpose, chainIndex, description }) => ({
      keyLabel,
      purpose,
      chainIndex,
      subject: description.subject,
      issuer: description.issuer,
      serialNumber: description.serialNumber,
      notBefore: description.notBefore.toISOString(),
      notAfter: description.notAfter.toISOString(),
      sha256Fingerprint: description.sha256Fingerprint,
      keyAlgorithm: description.keyAlgorithm,
      ...(description.curve !== undefined && { curve: description.curve }),
    })),
  };
}

@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class KeyInventoryController {
  constructor(private readonly inventory: KeyInventoryService) {}

  /** Read only: the HSM token's keys (labels, types, protection, purpose) and the signing certificates with their validity. Never key material. */
  @Get()
  @RequirePermission(Permission.KeyManage)
  @ApiOkResponse({ type: KeyInventoryDto })
  async list(): Promise<KeyInventoryDto> {
    return mapKeyInventory(await this.inventory.inventory());
  }
}
