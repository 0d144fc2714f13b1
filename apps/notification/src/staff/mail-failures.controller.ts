import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { CallerScope, ControllerScope, RequirePermission } from '@dsar/auth';
import { ProblemException, whereControllerIn } from '@dsar/platform';
import { DataSource, In } from 'typeorm';
import { OutgoingMailEntity } from '../delivery/outgoing-mail.entity';

export interface MailProblem {
  id: string;
  status: 'failed' | 'in-doubt';
  kind: string;
  audience: string;
  requestId: string | null;
  controllerId: string | null;
  recipient: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/**
 * What the DPO must know about delivery: messages refused for good or after every retry
 * (`failed`), and messages whose sender stopped mid-send (`in-doubt`); either may be sent again.
 */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/mail')
export class MailFailuresController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('failures')
  @RequirePermission('mail:read')
  async failures(@CallerScope() scope: ControllerScope): Promise<MailProblem[]> {
    const rows = await this.dataSource.manager.find(OutgoingMailEntity, {
      where: { status: In(['failed', 'in-doubt']), ...whereControllerIn(scope) },
      order: { createdAt: 'DESC' },
      take: 500,
    });
    return rows.map((mail) => ({
      id: mail.id,
      status: mail.status as MailProblem['status'],
      kind: mail.kind,
      audience: mail.audience,
      requestId: mail.requestId,
      controllerId: mail.controllerId,
      recipient: mail.recipient,
      attempts: mail.attempts,
      lastError: mail.lastError,
      createdAt: mail.createdAt.toISOString(),
    }));
  }

  /** The DPO's decision to send again a failed or in-doubt message (same Message-ID). */
  @Post(':id/resend')
  @RequirePermission('mail:read', { kind: 'mail', param: 'id', format: 'uuid' })
  @HttpCode(HttpStatus.ACCEPTED)
  async resend(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ id: string; status: 'pending' }> {
    const result = await this.dataSource.manager.update(
      OutgoingMailEntity,
      { id, status: In(['failed', 'in-doubt']) },
      { status: 'pending', nextAttemptAt: new Date(), lastError: null },
    );
    if (!result.affected) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'mail-not-resendable', 'No failed or in-doubt message with this id.');
    }
    return { id, status: 'pending' };
  }
}
