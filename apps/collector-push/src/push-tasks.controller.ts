import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForSystems, SystemPrincipal } from '@dsar/auth';
import { ExternalTasks, ReportResultDto } from '@dsar/collector-sdk';
import { ProblemException } from '@dsar/platform';
import { Request } from 'express';

function systemOf(request: Request): string[] {
  const user = (request as Request & { user?: SystemPrincipal | { kind: string } }).user;
  if (user?.kind !== 'system') throw new ProblemException(403, 'systems-only', 'This route is for internal systems (x-api-key).');
  return [(user as SystemPrincipal).systemId];
}

/**
 * For internal systems that do their own collection but cannot speak Kafka (and for the
 * uploads of those that can): list open tasks, stream the export, report the outcome.
 */
@ApiTags('push')
@ApiHeader({ name: 'x-api-key', description: "The system's API key", required: true })
@ForSystems()
@Controller('v1/push/tasks')
export class PushTasksController {
  constructor(private readonly tasks: ExternalTasks) {}

  @Get()
  @ApiOperation({ summary: 'The open tasks of the calling system, oldest first' })
  async list(@Req() request: Request) {
    return { tasks: await this.tasks.listOpen(systemOf(request)) };
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One task of the calling system' })
  async get(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string) {
    const { row: _row, ...task } = await this.tasks.get(taskId, systemOf(request));
    return task;
  }

  @Put(':taskId/export')
  @HttpCode(201)
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ description: 'NDJSON, one {"category","source","record"} per line; streamed, any size up to PUSH_MAX_EXPORT_BYTES' })
  @ApiOperation({ summary: "Streams the task's export into the encrypted blob store; returns its reference" })
  async upload(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string) {
    const systems = systemOf(request);
    if (!/^application\/(x-)?ndjson\b/.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(415, 'unsupported-media-type', 'Send the export as application/x-ndjson.');
    }
    return this.tasks.uploadExport(taskId, systems, request);
  }

  @Post(':taskId/result')
  @HttpCode(200)
  @ApiOperation({ summary: "Reports the task's outcome; published once as dsar.collection.result-reported.v1 (via push)" })
  async report(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string, @Body() body: ReportResultDto) {
    const systems = systemOf(request);
    return this.tasks.report(taskId, systems, body, `system:${systems[0]}`);
  }
}
