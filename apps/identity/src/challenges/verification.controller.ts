import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import { SubmitCodeDto, VerificationResultDto } from './dto/submit-code.dto';
import { VerifyCodeUseCase } from './verify-code.use-case';

@ApiTags('verification')
@Controller('v1/requests/:requestId/verification')
export class VerificationController {
  constructor(private readonly verifyCode: VerifyCodeUseCase) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: VerificationResultDto })
  submit(
    @Param('requestId', new ParseUUIDPipe({ version: '4' })) requestId: string,
    @Body() body: SubmitCodeDto,
  ): Promise<VerificationResultDto> {
    return this.verifyCode.execute(requestId, body.code);
  }
}
