import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@dsar/auth';
import { Response } from 'express';
import { SAMPLE_DATA } from '../templates/sample-data';
import { TemplateRenderer } from '../templates/template-renderer';
import { DEFAULT_PREVIEW_CONTROLLER, TemplatePreviewParams, TemplatePreviewQuery } from './template-preview.dto';

/**
 * Staff see any message as it would be sent, for a controller and a language, filled with sample
 * data. A controller not served here, or not the caller's, answers 404 (the access guard).
 */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff/templates')
export class TemplatePreviewController {
  constructor(private readonly renderer: TemplateRenderer) {}

  @Get(':kind/preview')
  @RequirePermission('mail:read', { kind: 'controller', query: { name: 'controller', absent: DEFAULT_PREVIEW_CONTROLLER } })
  preview(@Param() params: TemplatePreviewParams, @Query() query: TemplatePreviewQuery, @Res() response: Response): void {
    const controllerId = query.controller ?? DEFAULT_PREVIEW_CONTROLLER;
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
