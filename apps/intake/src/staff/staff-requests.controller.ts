import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallerScope, ControllerScope, RequirePermission, ResourceRef } from '@dsar/auth';
import { channelsFor } from '@dsar/domain';
import { BLOB_STORE, fieldProblems, ProblemException, structuralProblems } from '@dsar/platform';
import { BlobStore, documentTypeOf } from '@dsar/storage';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { IntakeConfig } from '../intake.config';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { CreateRequestUseCase } from '../requests/create-request.use-case';
import { CreatedRequestDto, CreateRequestDto } from '../requests/dto/create-request.dto';
import { RequestStatusDto } from '../requests/dto/request-status.dto';
import { RegisterReceivedRequestDto } from './register-received-request.dto';
import { ExtendRequestDto, PauseRequestDto, RejectRequestDto } from './staff-decision.dto';
import { StaffDecisionsUseCase } from './staff-decisions.use-case';

const MAX_LETTER_BYTES = 10 * 1024 * 1024;

type StaffRequest = { user?: { tokenId?: string } };
const staffOf = (req: StaffRequest) => `staff:${req.user?.tokenId ?? 'unknown'}`;
const BY_REFERENCE: ResourceRef = { kind: 'request', param: 'reference' };

/**
 * Staff register requests that arrived by e-mail or post, with the real date of receipt
 * (it starts the clock) and the scanned letter, kept encrypted.
 */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/requests')
export class StaffRequestsController {
  constructor(
    private readonly createRequest: CreateRequestUseCase,
    private readonly profiles: ControllerProfiles,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
    private readonly decisions: StaffDecisionsUseCase,
  ) {}

  @Post(':reference/pause')
  @RequirePermission('requests:decide', BY_REFERENCE)
  @HttpCode(200)
  @ApiOkResponse({ type: RequestStatusDto, description: 'The clock stops where the regime allows it' })
  pause(@Param('reference') reference: string, @Body() body: PauseRequestDto, @Req() req: StaffRequest): Promise<RequestStatusDto> {
    return this.decisions.pause(reference, body.cause, staffOf(req), body.note);
  }

  @Post(':reference/resume')
  @RequirePermission('requests:decide', BY_REFERENCE)
  @HttpCode(200)
  @ApiOkResponse({ type: RequestStatusDto, description: 'The due date moves by the days the clock was stopped, where counted' })
  resume(@Param('reference') reference: string, @Req() req: StaffRequest): Promise<RequestStatusDto> {
    return this.decisions.resume(reference, staffOf(req));
  }

  @Post(':reference/extend')
  @RequirePermission('requests:decide', BY_REFERENCE)
  @HttpCode(200)
  @ApiOkResponse({ type: RequestStatusDto, description: 'One extension, decided and notified before the original due date' })
  extend(@Param('reference') reference: string, @Body() body: ExtendRequestDto, @Req() req: StaffRequest): Promise<RequestStatusDto> {
    return this.decisions.extend(reference, body.reasons, staffOf(req));
  }

  @Post(':reference/reject')
  @RequirePermission('requests:decide', BY_REFERENCE)
  @HttpCode(200)
  @ApiOkResponse({ type: RequestStatusDto })
  reject(@Param('reference') reference: string, @Body() body: RejectRequestDto, @Req() req: StaffRequest): Promise<RequestStatusDto> {
    return this.decisions.reject(reference, body.reason, body.explanation, staffOf(req));
  }

  @Get(':reference/audit')
  @RequirePermission('audit:read', BY_REFERENCE)
  @ApiOkResponse({ description: 'The request’s audit trail and whether its hash chain verifies' })
  audit(@Param('reference') reference: string) {
    return this.decisions.trail(reference);
  }

  @Post()
  @RequirePermission('requests:handle')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: CreatedRequestDto })
  @UseInterceptors(FileInterceptor('letter', { limits: { fileSize: MAX_LETTER_BYTES, files: 1, fields: 10 } }))
  async register(
    @Body() form: RegisterReceivedRequestDto,
    @UploadedFile() letter: { buffer: Buffer; size: number } | undefined,
    @Req() req: StaffRequest,
    @CallerScope() scope: ControllerScope,
  ): Promise<CreatedRequestDto> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.request);
    } catch {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'request', message: 'must be JSON' },
      ]);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'request', message: 'must be a JSON object' },
      ]);
    }
    const structural = structuralProblems(parsed).map((p) => ({ ...p, field: `request.${p.field}` }));
    if (structural.length > 0)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', structural);
    const body = plainToInstance(CreateRequestDto, parsed);
    const problems = fieldProblems(await validate(body, { whitelist: true, forbidNonWhitelisted: true }), 'request');
    if (problems.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', problems);
    const controllerId = body.controllerId ?? this.config.CONTROLLER_ID;
    // A controller the staff member does not work for is answered as one not served here.
    if (!scope.includes(controllerId)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'unknown-controller', `No controller "${controllerId}" is served here.`);
    }
    const profile = this.profiles.get(controllerId);
    if (!letter)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'letter', message: 'attach the letter or e-mail received' },
      ]);
    const kind = documentTypeOf(letter.buffer);
    if (!kind) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-letter-type',
        'The letter must be a PDF, JPEG or PNG file.',
        [{ field: 'letter', message: 'content is not PDF, JPEG or PNG' }],
      );
    }
    if (!channelsFor(profile, body.type).some((channel) => channel.kind === form.channel)) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'channel-not-accepted',
        `This controller does not take "${body.type}" requests by ${form.channel}.`,
        [{ field: 'channel', message: 'not among the channels the controller accepts for this right' }],
      );
    }
    const stored = await this.blobs.put(`letters/${randomUUID()}/letter.${kind.extension}`, Readable.from([letter.buffer]));
    try {
      const { response } = await this.createRequest.execute({
        body,
        channel: form.channel,
        receivedAt: new Date(form.receivedAt),
        registeredBy: staffOf(req),
        letterKey: stored.key,
      });
      return response;
    } catch (error) {
      // Nothing half-written: a refused registration keeps no copy of the letter.
      await this.blobs.delete(stored.key);
      throw error;
    }
  }
}
