import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StaffPrincipal } from '@dsar/auth';
import { ExternalTasks, ReportResultDto } from '@dsar/collector-sdk';
import { ProblemException } from '@dsar/platform';
import { Request } from 'express';

const principalOf = (request: Request) => (request as Request & { user?: StaffPrincipal }).user;

/**
 * For systems without any integration: the owner (a staff member) sees the tasks assigned to
 * their systems, uploads the subject's data or confirms the action, with what was kept and why.
 */
@ApiTags('manual')
@ApiBearerAuth()
@Controller('v1/manual/tasks')
export class ManualTasksController {
  constructor(private readonly tasks: ExternalTasks) {}

  @Get()
  @ApiQuery({ name: 'systemId', required: false })
  @ApiOperation({ summary: 'Open manual tasks, oldest first' })
  async list(@Query('systemId') systemId?: string) {
    if (systemId !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(systemId)) {
      throw new ProblemException(400, 'validation-failed', 'The request is not valid.', [
        { field: 'systemId', message: 'systemId must be a system id' },
      ]);
    }
    const all = await this.tasks.listOpenAll();
    return { tasks: systemId ? all.filter((t) => t.systemId === systemId) : all };
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One manual task, with what it asks (the subject’s identities, the categories, the fields to rectify…)' })
  async get(@Param('taskId', ParseUUIDPipe) taskId: string) {
    const { row: _row, ...task } = await this.tasks.get(taskId, 'any');
    return task;
  }

  @Put(':taskId/export')
  @HttpCode(201)
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ description: 'NDJSON, one {"category","source","record"} per line; streamed' })
  @ApiOperation({ summary: "Uploads the subject's data for an export task, into the encrypted blob store" })
  async upload(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string) {
    if (!/^application\/(x-)?ndjson\b/.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(415, 'unsupported-media-type', 'Send the export as application/x-ndjson.');
    }
    return this.tasks.uploadExport(taskId, 'any', request);
  }

  @Post(':taskId/result')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirms the task is done (or failed); published once as dsar.collection.result-reported.v1 (via manual)' })
  async report(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string, @Body() body: ReportResultDto) {
    return this.tasks.report(taskId, 'any', body, `staff:${principalOf(request)?.tokenId ?? 'unknown'}`);
  }
}
