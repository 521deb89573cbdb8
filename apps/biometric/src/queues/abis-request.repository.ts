import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AbisResponse } from '@citizen-zero/service-contracts';

/** ABIS requests already answered, so a re-delivered request gets the same answer and is not executed twice. */
@Injectable()
export class AbisRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  async answered(requestId: string): Promise<AbisResponse | undefined> {
    const [row] = (await this.dataSource.query(`SELECT response FROM abis_requests WHERE request_id = $1`, [requestId])) as { response: AbisResponse }[];
    return row?.response;
  }

  /** Records the answer; the first one recorded wins and is returned. */
  async record(response: AbisResponse): Promise<AbisResponse> {
    await this.dataSource.query(`INSERT INTO abis_requests (request_id, operation, response, answered_at) VALUES ($1, $2, $3, now()) ON CONFLICT (request_id) DO NOTHING`, [response.requestId, response.id, JSON.stringify(response)]);
    return (await this.answered(response.requestId)) ?? response;
  }
}
