import { Controller, Get, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@dsar/platform';
import { Response } from 'express';
import { ControllerDirectory } from '../controllers/controller-directory';
import { SAMPLE_DATA } from '../templates/sample-data';
import { TemplateRenderer } from '../templates/template-renderer';
import { TemplatePreviewParams, TemplatePreviewQuery } from './template-preview.dto';

/** Staff see any message as it would be sent, for a controller and a language, filled with sample data. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/templates')
export class TemplatePreviewController {
  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly controllers: ControllerDirectory,
  ) {}

  @Get(':kind/preview')
  preview(@Param() params: TemplatePreviewParams, @Query() query: TemplatePreviewQuery, @Res() response: Response): void {
    const controllerId = query.controller ?? 'demo';
    if (!this.controllers.has(controllerId)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'unknown-controller', `No controller "${controllerId}" is served here.`);
    }
    const mail = this.renderer.render(params.kind, query.lang ?? 'en', controllerId, SAMPLE_DATA[params.kind]);
    if (query.format === 'html') {
      response.type('text/html; charset=utf-8').send(mail.html);
    } else if (query.format === 'text') {
      response.type('text/plain; charset=utf-8').send(mail.text);
    } else {
      response.json({ kind: params.kind, controller: controllerId, ...mail });
    }
  }
}
