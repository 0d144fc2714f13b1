import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, RolesGuard, StaffPrincipal } from '@dsar/auth';
import { ApproveDto, RejectDto, RequestInformationDto, ReviewQueueQueryDto } from './dto/review.dto';
import { staffScopeOf, VerificationReviewUseCase } from './verification-review.use-case';

type StaffRequest = { user?: StaffPrincipal };
const staffOf = (req: StaffRequest) => staffScopeOf(req.user);
const uuid = () => new ParseUUIDPipe({ version: '4' });

/**
 * The DPO's review of identity, in the identity service because it owns the verifications and
 * the documents (no other service may read them). Staff authentication, then the `dpo` role.
 */
@ApiTags('staff: verifications')
@ApiBearerAuth()
@Controller('v1/staff/verifications')
@UseGuards(RolesGuard)
@Roles('dpo')
export class StaffVerificationsController {
  constructor(private readonly review: VerificationReviewUseCase) {}

  @Get()
  queue(@Query() query: ReviewQueueQueryDto, @Req() req: StaffRequest) {
    return this.review.queue(staffOf(req), query.status ?? 'awaiting-review');
  }

  @Get(':id')
  one(@Param('id', uuid()) id: string, @Req() req: StaffRequest) {
    return this.review.one(id, staffOf(req));
  }

  @Get(':id/documents/:documentId')
  async document(@Param('id', uuid()) id: string, @Param('documentId', uuid()) documentId: string, @Req() req: StaffRequest) {
    const { contentType, content } = await this.review.viewDocument(id, documentId, staffOf(req));
    return new StreamableFile(content, { type: contentType, disposition: 'inline', length: undefined });
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id', uuid()) id: string, @Body() body: ApproveDto, @Req() req: StaffRequest) {
    return this.review.approve(id, staffOf(req), body.note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id', uuid()) id: string, @Body() body: RejectDto, @Req() req: StaffRequest) {
    return this.review.reject(id, staffOf(req), body.reason, body.explanation);
  }

  @Post(':id/request-information')
  @HttpCode(200)
  requestInformation(@Param('id', uuid()) id: string, @Body() body: RequestInformationDto, @Req() req: StaffRequest) {
    return this.review.requestInformation(id, staffOf(req), body.message);
  }
}
