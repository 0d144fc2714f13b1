import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EventTransport } from '@dsar/messaging';
import { Public } from '@dsar/auth';
import { EVENT_TRANSPORT } from '../tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3_000 }),
      async () => {
        const broker = this.indicators.check('broker');
        try {
          await this.transport.ping();
          return broker.up({ transport: this.transport.kind });
        } catch {
          return broker.down({ transport: this.transport.kind });
        }
      },
    ]);
  }
}
