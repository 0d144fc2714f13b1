import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { CallerScope, ControllerScope, RequirePermission } from '@dsar/auth';
import { ProblemException, whereControllerIn } from '@dsar/platform';
import { FindOptionsWhere, IsNull, Not, Repository } from 'typeorm';
import { ListAlertsQuery, ResolveAlertDto } from './alert-queries.dto';
import { AlertEntity } from './alert.entity';

interface StaffRequest {
  user?: { id?: string; tokenId?: string; subject?: string };
}

const staffOf = (req: StaffRequest) => `staff:${req.user?.id ?? req.user?.subject ?? req.user?.tokenId ?? 'unknown'}`;

/** What waits for a person (reviews, timeouts, failing collectors, manual tasks). */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(@InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>) {}

  @Get()
  @RequirePermission('requests:read')
  list(@Query() query: ListAlertsQuery, @CallerScope() scope: ControllerScope): Promise<AlertEntity[]> {
    const where: FindOptionsWhere<AlertEntity> = { ...whereControllerIn(scope) };
    const state = query.state ?? 'open';
    if (state !== 'all') where.resolvedAt = state === 'open' ? IsNull() : Not(IsNull());
    if (query.kind) where.kind = query.kind;
    if (query.requestId) where.requestId = query.requestId;
    return this.alerts.find({ where, order: { raisedAt: 'ASC' }, take: 500 });
  }

  @Post(':id/resolve')
  @RequirePermission('requests:handle', { kind: 'alert', param: 'id', format: 'uuid' })
  @HttpCode(HttpStatus.OK)
  async resolve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResolveAlertDto,
    @Req() req: StaffRequest,
  ): Promise<AlertEntity> {
    const result = await this.alerts.update(
      { id, resolvedAt: IsNull() },
      { resolvedAt: new Date(), resolvedBy: staffOf(req), resolution: body.resolution },
    );
    const alert = await this.alerts.findOneBy({ id });
    if (!alert) throw new ProblemException(HttpStatus.NOT_FOUND, 'alert-not-found', 'No alert with this id.');
    if (result.affected === 0)
      throw new ProblemException(HttpStatus.CONFLICT, 'alert-already-resolved', 'This alert was already resolved.');
    return alert;
  }
}
