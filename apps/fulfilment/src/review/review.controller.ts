import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { hasRole, StaffPrincipal } from '@dsar/auth';
import { AuditActor } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ApproveReplyDto, RejectReplyDto } from './dto/review.dto';
import { ReviewReplyUseCase } from './review-reply.use-case';

type StaffRequest = { user?: StaffPrincipal };

function dpo(request: StaffRequest): AuditActor {
  if (!hasRole(request.user, ['dpo'])) throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'This needs the dpo role.');
  return { kind: 'staff', id: request.user!.tokenId };
}

@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/fulfilments')
export class ReviewController {
  constructor(private readonly review: ReviewReplyUseCase) {}

  @Get(':requestId')
  @ApiOkResponse({ description: 'Where the reply stands: tasks per system, review, delivery, downloads, audit trail.' })
  async summary(@Param('requestId', ParseUUIDPipe) requestId: string, @Req() request: StaffRequest) {
    dpo(request);
    return this.review.summary(requestId);
  }

  @Get(':requestId/draft')
  @ApiOkResponse({ description: 'The assembled reply (ZIP) as the subject would get it; assembled on the fly.' })
  async draft(
    @Param('requestId', ParseUUIDPipe) requestId: string,
    @Req() request: StaffRequest,
    @Res() response: Response,
  ): Promise<void> {
    const zip = await this.review.draft(requestId, dpo(request));
    response.status(200).set({
      'Content-Type': 'application/zip',
      'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="draft-${requestId}.zip"`,
    });
    await pipeline(zip, response);
  }

  @Post(':requestId/approve')
  async approve(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: ApproveReplyDto, @Req() request: StaffRequest) {
    return this.review.approve(requestId, dpo(request), body.redactions ?? []);
  }

  @Post(':requestId/reject')
  async reject(@Param('requestId', ParseUUIDPipe) requestId: string, @Body() body: RejectReplyDto, @Req() request: StaffRequest) {
    return this.review.reject(requestId, dpo(request), body.reasonCode, body.explanation);
  }

  @Post(':requestId/copies')
  async extraCopy(@Param('requestId', ParseUUIDPipe) requestId: string, @Req() request: StaffRequest) {
    return this.review.extraCopy(requestId, dpo(request));
  }
}
