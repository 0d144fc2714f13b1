import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { channelsFor } from '@dsar/domain';
import { FieldProblem, ProblemException } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { IntakeConfig } from '../intake.config';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { CreateRequestUseCase } from '../requests/create-request.use-case';
import { CreatedRequestDto, CreateRequestDto } from '../requests/dto/create-request.dto';
import { RegisterReceivedRequestDto } from './register-received-request.dto';

export const INTAKE_BLOB_STORE = Symbol('dsar:intake-blob-store');
const MAX_LETTER_BYTES = 10 * 1024 * 1024;

/** Recognises PDF, JPEG and PNG by their first bytes, never by name or declared type. */
export function letterTypeOf(content: Buffer): 'pdf' | 'jpg' | 'png' | undefined {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'jpg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return undefined;
}

function problemsOf(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((message) => ({ field, message })), ...problemsOf(e.children ?? [], field)];
  });
}

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
    @Inject(INTAKE_BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: CreatedRequestDto })
  @UseInterceptors(FileInterceptor('letter', { limits: { fileSize: MAX_LETTER_BYTES, files: 1, fields: 10 } }))
  async register(
    @Body() form: RegisterReceivedRequestDto,
    @UploadedFile() letter: { buffer: Buffer; size: number } | undefined,
    @Req() req: { user?: { tokenId?: string } },
  ): Promise<CreatedRequestDto> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.request);
    } catch {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'request', message: 'must be JSON' },
      ]);
    }
    const body = plainToInstance(CreateRequestDto, parsed);
    const problems = problemsOf(await validate(body, { whitelist: true, forbidNonWhitelisted: true }), 'request');
    if (problems.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', problems);
    if (!letter)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'letter', message: 'attach the letter or e-mail received' },
      ]);
    const kind = letterTypeOf(letter.buffer);
    if (!kind) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-letter-type',
        'The letter must be a PDF, JPEG or PNG file.',
        [{ field: 'letter', message: 'content is not PDF, JPEG or PNG' }],
      );
    }
    const profile = this.profiles.get(body.controllerId ?? this.config.CONTROLLER_ID);
    if (!channelsFor(profile, body.type).some((channel) => channel.kind === form.channel)) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'channel-not-accepted',
        `This controller does not take "${body.type}" requests by ${form.channel}.`,
        [{ field: 'channel', message: 'not among the channels the controller accepts for this right' }],
      );
    }
    const stored = await this.blobs.put(`letters/${randomUUID()}/letter.${kind}`, Readable.from([letter.buffer]));
    const { response } = await this.createRequest.execute({
      body,
      channel: form.channel,
      receivedAt: new Date(form.receivedAt),
      registeredBy: `staff:${req.user?.tokenId ?? 'unknown'}`,
      letterKey: stored.key,
    });
    return response;
  }
}
