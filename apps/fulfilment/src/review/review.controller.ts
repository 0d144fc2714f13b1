import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission, ResourceRef, StaffPrincipal } from '@dsar/auth';
import { AuditActor } from '@dsar/domain';
import { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ApproveReplyDto, RejectReplyDto } from './dto/review.dto';
import { ReviewReplyUseCase } from './review-reply.use-case';

type StaffRequest = { user?: StaffPrincipal };

const staff = (request: StaffRequest): AuditActor => ({ kind: 'staff', id: request.user?.tokenId ?? 'unknown' });
const FULFILMENT: ResourceRef = { kind: 'fulfilment', param: 'requestId', format: 'uuid' };

@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/fulfilments')
export class ReviewController {
  constructor(private readonly review: ReviewReplyUseCase) {}

  @Get(':requestId')
  @RequirePermission('requests:read', FULFILMENT)
  @ApiOkResponse({ description: 'Where the reply stands: tasks per system, review, delivery, downloads, audit trail.' })
  async summary(@Param('requestId', ParseUUIDPipe) requestId: string) {
    return this.review.summary(requestId);
  }

  @Get(':requestId/draft')
  @RequirePermission('replies:review', FULFILMENT)
  @ApiOkResponse({ description: 'The assembled reply (ZIP) as the subject would get it; assembled on the fly.' })
  async draft(
    @Param('requestId', ParseUUIDPipe) requestId: string,
    @Req() request: StaffRequest,
    @Res() response: Response,
  ): Promise<void> {
    const zip = await this.review.draft(requestId, staff(request));
    response.status(200).set({
      'Content-Type': 'application/zip',
      'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="draft-${requestId}.zip"`,
    });
    await pipeline(zip, response);
  }

  @Post(':requestId/approve')
  @RequirePermission('replies:review', FULFILMENT)
  async approve(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: ApproveReplyDto, @Req() request: StaffRequest) {
    return this.review.approve(requestId, staff(request), body.redactions ?? []);
  }

  @Post(':requestId/reject')
  @RequirePermission('replies:review', FULFILMENT)
  async reject(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: RejectReplyDto, @Req() request: StaffRequest) {
    return this.review.reject(requestId, staff(request), body.reasonCode, body.explanation);
  }

  @Post(':requestId/copies')
  @RequirePermission('requests:decide', FULFILMENT)
  async extraCopy(@Param('requestId', ParseUUIDPipe) requestId: string, @Req() request: StaffRequest) {
    return this.review.extraCopy(requestId, staff(request));
  }
}
