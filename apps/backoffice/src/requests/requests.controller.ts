import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { CallerScope, ControllerScope, RequirePermission } from '@dsar/auth';
import { ProblemException, whereControllerIn } from '@dsar/platform';
import { FindOptionsWhere, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { ListRequestsQuery } from './list-requests.query';
import { RequestViewEntity } from './request-view.entity';

const CLOSED = ['completed', 'rejected', 'cancelled'];

export type RequestQueueItem = RequestViewEntity & { openAlerts: number };

/** The request queue: only the requests of the caller's controllers, filtered in the query. */
@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/requests')
export class BackofficeRequestsController {
  constructor(
    @InjectRepository(RequestViewEntity) private readonly views: Repository<RequestViewEntity>,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
  ) {}

  @Get()
  @RequirePermission('requests:read')
  async list(@Query() query: ListRequestsQuery, @CallerScope() scope: ControllerScope): Promise<RequestQueueItem[]> {
    const where: FindOptionsWhere<RequestViewEntity> = { ...whereControllerIn(scope) };
    if (query.status) where.status = query.status;
    if (query.dueBefore) {
      where.dueAt = LessThan(new Date(query.dueBefore));
      if (!query.status) where.status = Not(In(CLOSED));
    }
    const views = await this.views.find({ where, order: { dueAt: 'ASC' }, take: 500 });
    return this.withOpenAlerts(views);
  }

  @Get(':id')
  @RequirePermission('requests:read', { kind: 'request', param: 'id', format: 'uuid' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RequestQueueItem> {
    const view = await this.views.findOneBy({ requestId: id });
    if (!view) throw new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request with this id.');
    return (await this.withOpenAlerts([view]))[0];
  }

  private async withOpenAlerts(views: RequestViewEntity[]): Promise<RequestQueueItem[]> {
    if (views.length === 0) return [];
    const counts: Array<{ requestId: string; count: string }> = await this.alerts
      .createQueryBuilder('alert')
      .select('alert.request_id', 'requestId')
      .addSelect('count(*)', 'count')
      .where({ requestId: In(views.map((v) => v.requestId)), resolvedAt: IsNull() })
      .groupBy('alert.request_id')
      .getRawMany();
    const byRequest = new Map(counts.map((c) => [c.requestId, Number(c.count)]));
    return views.map((view) => ({ ...view, openAlerts: byRequest.get(view.requestId) ?? 0 }));
  }
}
