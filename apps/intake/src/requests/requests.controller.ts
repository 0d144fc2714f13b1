import { Body, Controller, Get, Headers, HttpCode, Ip, Param, Post, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@dsar/auth';
import { CreateRequestUseCase } from './create-request.use-case';
import { CreatedRequestDto, CreateRequestDto } from './dto/create-request.dto';
import { RequestStatusDto } from './dto/request-status.dto';
import { idempotencyKeyOf } from './idempotency-key.header';
import { AddEvidenceUseCase, MAX_EVIDENCE_BYTES } from './add-evidence.use-case';
import { CancelRequestUseCase, TrackRequestUseCase } from './track-request.use-case';

@ApiTags('requests')
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly createRequest: CreateRequestUseCase,
    private readonly trackRequest: TrackRequestUseCase,
    private readonly cancelRequest: CancelRequestUseCase,
    private readonly addEvidence: AddEvidenceUseCase,
  ) {}

  /**
   * Submits a request. A submission while a request of the same type about the same
   * subject is open at the same controller joins it: the answer names the open request
   * and carries a new tracking token, exactly as for a new one.
   */
  @Post()
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first answer' })
  @ApiCreatedResponse({ type: CreatedRequestDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limit per client address or per subject reached' })
  async create(
    @Body() body: CreateRequestDto,
    @Ip() client: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CreatedRequestDto> {
    const key = idempotencyKeyOf(idempotencyKey);
    const { response } = await this.createRequest.execute({ body, channel: 'api', idempotency: key ? { key, client } : undefined });
    return response;
  }

  @Get(':reference')
  @Public()
  @ApiHeader({ name: 'X-Tracking-Token', required: true })
  @ApiOkResponse({ type: RequestStatusDto })
  track(@Param('reference') reference: string, @Headers('x-tracking-token') trackingToken?: string): Promise<RequestStatusDto> {
    return this.trackRequest.execute(reference, trackingToken);
  }

  @Post(':reference/cancel')
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Tracking-Token', required: true })
  @ApiOkResponse({ type: RequestStatusDto })
  cancel(@Param('reference') reference: string, @Headers('x-tracking-token') trackingToken?: string): Promise<RequestStatusDto> {
    return this.cancelRequest.execute(reference, trackingToken);
  }

  /** Supporting evidence (e.g. for a rectification): PDF, JPEG or PNG, checked by content, kept encrypted. */
  @Post(':reference/evidence')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'X-Tracking-Token', required: true })
  @ApiCreatedResponse({ description: 'The number of documents now attached' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 0 } }))
  evidence(
    @Param('reference') reference: string,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Headers('x-tracking-token') trackingToken?: string,
  ): Promise<{ reference: string; documents: number }> {
    return this.addEvidence.execute(reference, trackingToken, file?.buffer);
  }
}
