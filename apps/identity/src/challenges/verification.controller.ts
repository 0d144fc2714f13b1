import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { AuthGuard } from '@nestjs/passport';
import { ApiAcceptedResponse, ApiConsumes, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UploadDocumentUseCase } from '../documents/upload-document.use-case';
import { SubmitIdentifiersDto } from '../identifiers/dto/submit-identifiers.dto';
import { SubmitIdentifiersUseCase } from '../identifiers/submit-identifiers.use-case';
import { SUBJECT_SESSION_STRATEGY } from '../verifications/subject-session';
import { ResendDto, SubmitCodeDto, SubmitLinkTokenDto, VerificationResultDto } from './dto/submit-code.dto';
import { ResendChallengeUseCase } from './resend-challenge.use-case';
import { VerifyCodeUseCase } from './verify-code.use-case';

export class UploadDocumentFieldsDto {
  @IsIn(['id-document', 'authority-proof'])
  purpose!: 'id-document' | 'authority-proof';

  @IsOptional()
  @IsString()
  @MaxLength(64)
  proofKind?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'subjectDateOfBirth must be YYYY-MM-DD' })
  subjectDateOfBirth?: string;
}

const uuid = () => new ParseUUIDPipe({ version: '4' });

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page with one button that posts the link's token: opening a link consumes nothing. */
function confirmationPage(action: string, token: string, label: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(label)}</title></head><body>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">${escapeHtml(label)}</button>
</form></body></html>`;
}

/** The requester's side of verification; each route checks the request's own secret. */
@ApiTags('verification')
@Controller('v1/requests/:requestId/verification')
export class VerificationController {
  constructor(
    private readonly verifyCode: VerifyCodeUseCase,
    private readonly resend: ResendChallengeUseCase,
    private readonly upload: UploadDocumentUseCase,
    private readonly identifiers: SubmitIdentifiersUseCase,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: VerificationResultDto })
  submit(@Param('requestId', uuid()) requestId: string, @Body() body: SubmitCodeDto): Promise<VerificationResultDto> {
    return this.verifyCode.execute(requestId, body.code, 'email-code');
  }

  /**
   * Opening a magic link shows a confirmation button and consumes nothing, so a mail scanner
   * that follows links cannot use the link up; the button posts the token.
   */
  @Get('link')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  linkPage(@Param('requestId', uuid()) requestId: string, @Query() query: SubmitLinkTokenDto): string {
    return confirmationPage(`/v1/requests/${requestId}/verification/link`, query.token, 'Confirm my request');
  }

  @Post('link')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: VerificationResultDto })
  submitLink(@Param('requestId', uuid()) requestId: string, @Body() body: SubmitLinkTokenDto): Promise<VerificationResultDto> {
    return this.verifyCode.execute(requestId, body.token, 'magic-link');
  }

  /** The subject's confirmation that an agent acts for them: the link's page, then its button. */
  @Get('subject-confirmation')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  subjectConfirmationPage(@Param('requestId', uuid()) requestId: string, @Query() query: SubmitLinkTokenDto): string {
    return confirmationPage(`/v1/requests/${requestId}/verification/subject-confirmation`, query.token, 'Yes, this person acts for me');
  }

  @Post('subject-confirmation')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: VerificationResultDto })
  confirmAsSubject(@Param('requestId', uuid()) requestId: string, @Body() body: SubmitLinkTokenDto): Promise<VerificationResultDto> {
    return this.verifyCode.execute(requestId, body.token, 'magic-link', new Date(), 'subject');
  }

  @Post('resend')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'A new code or link is on its way; the previous one no longer works.' })
  resendChallenge(@Param('requestId', uuid()) requestId: string, @Body() body: ResendDto) {
    return this.resend.execute(requestId, body.method ?? 'email-code');
  }

  @Post('documents')
  @Public()
  @UseGuards(AuthGuard(SUBJECT_SESSION_STRATEGY))
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'x-verification-token', required: true })
  @UseInterceptors(FileInterceptor('file'))
  uploadDocument(
    @Param('requestId', uuid()) requestId: string,
    @Body() fields: UploadDocumentFieldsDto,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Headers('x-verification-token') token?: string,
  ) {
    return this.upload.execute({ requestId, token, content: file?.buffer, ...fields });
  }

  @Post('identifiers')
  @Public()
  @UseGuards(AuthGuard(SUBJECT_SESSION_STRATEGY))
  @HttpCode(202)
  @ApiHeader({ name: 'x-verification-token', required: true })
  @ApiAcceptedResponse({ description: 'Checked against the systems; the outcome never says which value was wrong.' })
  submitIdentifiers(
    @Param('requestId', uuid()) requestId: string,
    @Body() body: SubmitIdentifiersDto,
    @Headers('x-verification-token') token?: string,
  ) {
    return this.identifiers.execute(requestId, token, body.identifiers);
  }
}
