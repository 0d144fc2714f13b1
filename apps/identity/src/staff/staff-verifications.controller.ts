import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CallerScope, ControllerScope, RequirePermission, ResourceRef, StaffPrincipal } from '@dsar/auth';
import { ApproveDto, RejectDto, RequestInformationDto, ReviewQueueQueryDto } from './dto/review.dto';
import { actorOf, VerificationReviewUseCase } from './verification-review.use-case';

type StaffRequest = { user?: StaffPrincipal };
const staffOf = (req: StaffRequest) => actorOf(req.user);
const uuid = () => new ParseUUIDPipe({ version: '4' });
const VERIFICATION: ResourceRef = { kind: 'verification', param: 'id', format: 'uuid' };

/**
 * The DPO's review of identity, in the identity service because it owns the verifications and
 * the documents (no other service may read them). Each route needs `identity:review`.
 */
@ApiTags('staff: verifications')
@ApiBearerAuth()
@Controller('v1/staff/verifications')
export class StaffVerificationsController {
  constructor(private readonly review: VerificationReviewUseCase) {}

  @Get()
  @RequirePermission('identity:review')
  queue(@Query() query: ReviewQueueQueryDto, @CallerScope() scope: ControllerScope) {
    return this.review.queue(scope, query.status ?? 'awaiting-review');
  }

  @Get(':id')
  @RequirePermission('identity:review', VERIFICATION)
  one(@Param('id', uuid()) id: string) {
    return this.review.one(id);
  }

  @Get(':id/documents/:documentId')
  @RequirePermission('identity:review', VERIFICATION)
  async document(@Param('id', uuid()) id: string, @Param('documentId', uuid()) documentId: string, @Req() req: StaffRequest) {
    const { contentType, content } = await this.review.viewDocument(id, documentId, staffOf(req));
    return new StreamableFile(content, { type: contentType, disposition: 'attachment', length: undefined });
  }

  @Post(':id/approve')
  @RequirePermission('identity:review', VERIFICATION)
  @HttpCode(200)
  approve(@Param('id', uuid()) id: string, @Body() body: ApproveDto, @Req() req: StaffRequest) {
    return this.review.approve(id, staffOf(req), body.note);
  }

  @Post(':id/reject')
  @RequirePermission('identity:review', VERIFICATION)
  @HttpCode(200)
  reject(@Param('id', uuid()) id: string, @Body() body: RejectDto, @Req() req: StaffRequest) {
    return this.review.reject(id, staffOf(req), body.reason, body.explanation);
  }

  @Post(':id/request-information')
  @RequirePermission('identity:review', VERIFICATION)
  @HttpCode(200)
  requestInformation(@Param('id', uuid()) id: string, @Body() body: RequestInformationDto, @Req() req: StaffRequest) {
    return this.review.requestInformation(id, staffOf(req), body.message);
  }
}
