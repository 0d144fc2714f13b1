import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { DownloadPackageUseCase } from './download-package.use-case';
import { DownloadWithCodeDto } from './dto/download-with-code.dto';

@ApiTags('downloads')
@Controller('v1/downloads')
export class DownloadsController {
  constructor(private readonly downloadPackage: DownloadPackageUseCase) {}

  @Post(':token/code')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'A one-time code is on its way to the e-mail address the reply was sent to.' })
  async requestCode(@Param('token') token: string): Promise<{ expiresAt: string }> {
    const { expiresAt } = await this.downloadPackage.issueCode(token);
    return { expiresAt: expiresAt.toISOString() };
  }

  @Get(':token')
  @Public()
  @ApiHeader({ name: 'X-Download-Code', required: true, description: 'The one-time code sent by e-mail.' })
  @ApiOkResponse({ description: 'The package (ZIP), streamed and decrypted on the fly.' })
  async download(
    @Param('token') token: string,
    @Headers('x-download-code') code: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(token, code, response);
  }

  /** The same, for a form in a browser: the code in the body rather than a header. */
  @Post(':token')
  @Public()
  @ApiOkResponse({ description: 'The package (ZIP), streamed and decrypted on the fly.' })
  async downloadWithForm(@Param('token') token: string, @Body() body: DownloadWithCodeDto, @Res() response: Response): Promise<void> {
    await this.send(token, body.code, response);
  }

  private async send(token: string, code: string | undefined, response: Response): Promise<void> {
    const download = await this.downloadPackage.execute(token, code);
    response.status(200).set({
      'Content-Type': 'application/zip',
      'Content-Length': String(download.size),
      'Content-Disposition': `attachment; filename="dsar-${download.requestId}.zip"`,
      Digest: `sha-256=${Buffer.from(download.sha256, 'hex').toString('base64')}`,
      'Cache-Control': 'no-store',
    });
    await pipeline(download.content, response);
  }
}
