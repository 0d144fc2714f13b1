import { Controller, Get, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ForSystems, RequirePermission } from '@dsar/auth';
import { ProblemException } from '@dsar/platform';
import { DataSource } from 'typeorm';
import { VerificationEntity } from '../verifications/verification.entity';

/** For the controller's internal systems (API key) and staff: where a request's verification stands, nothing personal. */
@ApiTags('internal: verifications')
@ApiSecurity('x-api-key')
@Controller('v1/internal/requests/:requestId/verification')
export class InternalVerificationsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ForSystems()
  @RequirePermission('requests:read', { kind: 'request', param: 'requestId', format: 'uuid' })
  async status(@Param('requestId', new ParseUUIDPipe({ version: '4' })) requestId: string) {
    const v = await this.dataSource.manager.findOneBy(VerificationEntity, { requestId });
    if (!v) throw new ProblemException(HttpStatus.NOT_FOUND, 'verification-not-found', 'No verification for this request.');
    return { requestId, status: v.status, steps: v.steps, completed: v.completed, failureReason: v.failureReason, decidedAt: v.decidedAt };
  }
}
