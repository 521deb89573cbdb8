import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@citizen-zero/nest-platform';
import { Permission } from '../auth/permissions';
import { mapService, mapTopology, TopologyService } from './topology.service';

@ApiTags('topology')
@ApiBearerAuth()
@Controller()
export class TopologyController {
  constructor(private readonly topology: TopologyService) {}

  /** Nodes (services, PostgreSQL, Redis, HSM, external hosts) and edges (calls, queues, infrastructure) with status and latency. */
  @Get('topology')
  @RequirePermission(Permission.Read)
  async get() {
    return mapTopology(await this.topology.topology());
  }

  /** Every watched service's last poll: status, readiness checks, queues, dead letters, latencies. */
  @Get('services')
  @RequirePermission(Permission.Read)
  async services() {
    return (await this.topology.services()).map(({ service, history }) => mapService(service, history));
  }
}
