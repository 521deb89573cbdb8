import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@citizen-zero/nest-platform';
import { type Actor, Permission } from '../auth/permissions';
import { mapPerson, mapPersonHistory, PersonHistoryDto, PersonIdParamDto, PersonResponseDto, PersonSearchQueryDto, RegisterPersonDto } from './person.dto';
import { PersonsService } from './persons.service';
import { RecordHistoryService } from './record-history.service';

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly recordHistory: RecordHistoryService,
  ) {}

  @Post()
  @RequirePermission(Permission.PersonRegister)
  @ApiCreatedResponse({ type: PersonResponseDto })
  async register(@CurrentActor() actor: Actor, @Body() body: RegisterPersonDto): Promise<PersonResponseDto> {
    return mapPerson(await this.persons.register(actor, { ...body, parents: body.parents ?? [], biometricReferences: body.biometricReferences ?? [] }));
  }

  @Get()
  @RequirePermission(Permission.PersonSearch)
  @ApiOkResponse({ type: [PersonResponseDto] })
  async search(@CurrentActor() actor: Actor, @Query() query: PersonSearchQueryDto): Promise<PersonResponseDto[]> {
    return (await this.persons.search(actor, query)).map(mapPerson);
  }

  @Get(':id')
  @RequirePermission(Permission.PersonRead)
  @ApiOkResponse({ type: PersonResponseDto })
  async read(@CurrentActor() actor: Actor, @Param() params: PersonIdParamDto): Promise<PersonResponseDto> {
    return mapPerson(await this.persons.read(actor, params.id, 'record view'));
  }

  /** The record's history: applications with their journals, and the audited changes to the person and their documents. */
  @Get(':id/history')
  @RequirePermission(Permission.PersonRead)
  @ApiOkResponse({ type: PersonHistoryDto })
  async history(@CurrentActor() actor: Actor, @Param() params: PersonIdParamDto): Promise<PersonHistoryDto> {
    return mapPersonHistory(await this.recordHistory.read(actor, params.id));
  }
}
