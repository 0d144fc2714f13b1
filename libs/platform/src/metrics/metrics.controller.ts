import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import type { Response } from 'express';
import { SERVICE_METRICS } from '../tokens';
import { ServiceMetrics } from './service-metrics';

/** Prometheus' scrape endpoint: counts and durations only, nothing about any person. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
