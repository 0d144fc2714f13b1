import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import { CreateRequestUseCase } from './create-request.use-case';
import { CreatedRequestDto, CreateRequestDto } from './dto/create-request.dto';
import { RequestStatusDto } from './dto/request-status.dto';
import { TrackRequestUseCase } from './track-request.use-case';

@ApiTags('requests')
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly createRequest: CreateRequestUseCase,
    private readonly trackRequest: TrackRequestUseCase,
  ) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedRequestDto })
  create(@Body() body: CreateRequestDto): Promise<CreatedRequestDto> {
    return this.createRequest.execute(body);
  }

  @Get(':id')
  @Public()
  @ApiHeader({ name: 'X-Tracking-Token', required: true })
  @ApiOkResponse({ type: RequestStatusDto })
  track(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Headers('x-tracking-token') trackingToken?: string,
  ): Promise<RequestStatusDto> {
    return this.trackRequest.execute(id, trackingToken);
  }
}
