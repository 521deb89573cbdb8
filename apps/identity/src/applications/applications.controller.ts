import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { AdjudicationDto, ApplicationIdParamDto, ApplicationListQueryDto, ApplicationResponseDto, ApplicationSummaryDto, CaptureBiometricsDto, CreateApplicationDto, DeduplicationCandidatesDto, mapApplication, mapApplicationSummary, mapDeduplicationCandidates, ReasonDto } from './application.dto';
import { ApplicationsService } from './applications.service';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @RequirePermission(Permission.ApplicationCreate)
  @ApiCreatedResponse({ type: ApplicationResponseDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateApplicationDto): Promise<ApplicationResponseDto> {
    const { reason, applicant, ...rest } = body;
    return mapApplication(await this.applications.create(actor, { ...rest, ...(applicant && { applicant: { ...applicant, parents: applicant.parents ?? [], biometricReferences: applicant.biometricReferences ?? [] } }) }, reason));
  }

  @Get()
  @RequirePermission(Permission.ApplicationReview)
  @ApiOkResponse({ type: [ApplicationSummaryDto] })
  async list(@Query() query: ApplicationListQueryDto): Promise<ApplicationSummaryDto[]> {
    const states = query.state === undefined ? ['review', 'adjudication'] as const : Array.isArray(query.state) ? query.state : [query.state];
    return (await this.applications.list(states, query.limit ?? 50)).map(mapApplicationSummary);
  }

  @Get(':id')
  @RequirePermission(Permission.ApplicationReview)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async read(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto): Promise<ApplicationResponseDto> {
    const { application, journal } = await this.applications.read(actor, params.id);
    return mapApplication(application, journal);
  }

  @Post(':id/submission')
  @HttpCode(200)
  @RequirePermission(Permission.ApplicationSubmit)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async submit(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto, @Body() body: ReasonDto): Promise<ApplicationResponseDto> {
    return mapApplication(await this.applications.submit(actor, params.id, body.reason));
  }

  @Post(':id/biometrics')
  @HttpCode(200)
  @RequirePermission(Permission.ApplicationSubmit)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async captureBiometrics(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto, @Body() body: CaptureBiometricsDto): Promise<ApplicationResponseDto> {
    return mapApplication(await this.applications.captureBiometrics(actor, params.id, body.references, body.reason));
  }

  /** The possible duplicates of an application in adjudication, with each candidate's portrait (every candidate read is audited). */
  @Get(':id/candidates')
  @RequirePermission(Permission.ApplicationReview)
  @ApiOkResponse({ type: DeduplicationCandidatesDto })
  async candidates(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto): Promise<DeduplicationCandidatesDto> {
    return mapDeduplicationCandidates(await this.applications.deduplicationCandidates(actor, params.id));
  }

  @Post(':id/adjudication')
  @HttpCode(200)
  @RequirePermission(Permission.ApplicationReview)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async adjudicate(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto, @Body() body: AdjudicationDto): Promise<ApplicationResponseDto> {
    return mapApplication(await this.applications.adjudicate(actor, params.id, body.decision, body.reason));
  }

  @Post(':id/approval')
  @HttpCode(200)
  @RequirePermission(Permission.ApplicationApprove)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async approve(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto, @Body() body: ReasonDto): Promise<ApplicationResponseDto> {
    return mapApplication(await this.applications.approve(actor, params.id, body.reason));
  }

  @Post(':id/rejection')
  @HttpCode(200)
  @RequirePermission(Permission.ApplicationApprove)
  @ApiOkResponse({ type: ApplicationResponseDto })
  async reject(@CurrentActor() actor: Actor, @Param() params: ApplicationIdParamDto, @Body() body: ReasonDto): Promise<ApplicationResponseDto> {
    return mapApplication(await this.applications.reject(actor, params.id, body.reason));
  }
}
