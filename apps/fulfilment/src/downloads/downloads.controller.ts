import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@dsar/auth';
import { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { DownloadPackageUseCase } from './download-package.use-case';

@ApiTags('downloads')
@Controller('v1/downloads')
export class DownloadsController {
  constructor(private readonly downloadPackage: DownloadPackageUseCase) {}

  @Get(':token')
  @Public()
  @ApiOkResponse({ description: 'The package, streamed and decrypted on the fly.' })
  async download(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const download = await this.downloadPackage.execute(token);
    response.status(200).set({
      'Content-Type': 'application/json',
      'Content-Length': String(download.size),
      'Content-Disposition': `attachment; filename="dsar-${download.requestId}.json"`,
      Digest: `sha-256=${Buffer.from(download.sha256, 'hex').toString('base64')}`,
      'Cache-Control': 'no-store',
    });
    await pipeline(download.content, response);
  }
}
