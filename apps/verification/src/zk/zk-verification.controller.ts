import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { type Actor, CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { DISCLOSABLE_CLAIMS, type DisclosableClaim } from '@citizen-zero/zk-credentials';
import { Permission } from '../auth/permissions';
import { PURPOSE_NAMES } from '../relying-parties/purposes';
import { ZkVerificationService } from './zk-verification.service';

export class VerifyZkProofDto {
  @ApiProperty({ description: 'the proof envelope the wallet derived (libs/zk-credentials: {"fmt":"cz-zk-proof","v":1,"sys":"bbs",…}), as a JSON object', type: 'object', additionalProperties: true })
  @IsObject()
  proof!: Record<string, unknown>;
  @ApiProperty({ description: 'the nonce this relying party obtained from POST /verifications/zk/nonce and gave the wallet' }) @IsString() @Length(16, 200) nonce!: string;
  @ApiPropertyOptional({ description: 'the claims asked for; only these are returned, and each must be disclosed (required for relying parties calling with an API key)', enum: DISCLOSABLE_CLAIMS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DISCLOSABLE_CLAIMS.length)
  @ArrayUnique()
  @IsIn(DISCLOSABLE_CLAIMS, { each: true })
  request?: DisclosableClaim[];
  @ApiPropertyOptional({ description: 'the purpose the verification serves (required for relying parties calling with an API key)', enum: PURPOSE_NAMES }) @IsOptional() @IsString() @MaxLength(100) purpose?: string;
}

/**
 * Zero-knowledge presentations (BBS): a relying party gets a nonce, hands it (with the audience)
 * to the wallet, and posts back the proof the wallet derived. Same permission as the other
 * verifications. The nonce is issued with POST, not GET: it creates server state that must not be
 * cached, prefetched or replayed by intermediaries.
 */
@ApiTags('verification')
@ApiBearerAuth()
@Controller('verifications/zk')
export class ZkVerificationController {
  constructor(private readonly zk: ZkVerificationService) {}

  @Post('nonce')
  @HttpCode(201)
  @RequirePermission(Permission.Verify)
  @ApiOkResponse({ description: 'a single-use nonce and the audience the wallet must bind its proof to, and when the nonce expires' })
  nonce(@CurrentActor() actor: Actor) {
    return this.zk.issueNonce(actor);
  }

  @Post()
  @HttpCode(200)
  @RequirePermission(Permission.Verify)
  @ApiOkResponse({ description: 'the verdict: valid or a stable code, the statements proven (as asked), the validity month, the issuer key, what kind of guarantee they are' })
  verify(@CurrentActor() actor: Actor, @Body() body: VerifyZkProofDto) {
    return this.zk.verify(actor, { proof: body.proof, nonce: body.nonce, ...(body.request && { request: body.request }), ...(body.purpose && { purpose: body.purpose }) });
  }
}
