import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CallerScope, ControllerScope, RequirePermission, ResourceRef, StaffPrincipal } from '@dsar/auth';
import { ExternalTasks, ReportResultDto } from '@dsar/collector-sdk';
import { ProblemException } from '@dsar/platform';
import { Request } from 'express';

const principalOf = (request: Request) => (request as Request & { user?: StaffPrincipal }).user;
const TASK: ResourceRef = { kind: 'manual-task', param: 'taskId', format: 'uuid' };

/**
 * For systems without any integration: the owner, a person signed in as staff with
 * `manual-tasks:handle` for the system's controller, sees the tasks of the controllers they
 * work for, uploads the subject's data or confirms the action, with what was kept and why.
 */
@ApiTags('manual')
@ApiBearerAuth()
@Controller('v1/manual/tasks')
export class ManualTasksController {
  constructor(private readonly tasks: ExternalTasks) {}

  @Get()
  @RequirePermission('manual-tasks:handle')
  @ApiQuery({ name: 'systemId', required: false })
  @ApiOperation({ summary: 'Open manual tasks, oldest first' })
  async list(@CallerScope() scope: ControllerScope, @Query('systemId') systemId?: string) {
    if (systemId !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(systemId)) {
      throw new ProblemException(400, 'validation-failed', 'The request is not valid.', [
        { field: 'systemId', message: 'systemId must be a system id' },
      ]);
    }
    return { tasks: await this.tasks.listOpenFor(scope.controllers, systemId) };
  }

  @Get(':taskId')
  @RequirePermission('manual-tasks:handle', TASK)
  @ApiOperation({ summary: 'One manual task, with what it asks (the subject’s identities, the categories, the fields to rectify…)' })
  async get(@Param('taskId', ParseUUIDPipe) taskId: string) {
    const { row: _row, ...task } = await this.tasks.get(taskId, 'any');
    return task;
  }

  @Put(':taskId/export')
  @RequirePermission('manual-tasks:handle', TASK)
  @HttpCode(201)
  @ApiConsumes('application/x-ndjson', 'application/ndjson')
  @ApiBody({ description: 'NDJSON, one {"category","source","record"} per line; streamed' })
  @ApiOperation({ summary: "Uploads the subject's data for an export task, into the encrypted blob store" })
  async upload(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string) {
    if (!/^application\/(x-)?ndjson\b/.test(request.headers['content-type'] ?? '')) {
      throw new ProblemException(415, 'unsupported-media-type', 'Send the export as application/x-ndjson.');
    }
    return this.tasks.uploadExport(taskId, 'any', request);
  }

  @Post(':taskId/result')
  @RequirePermission('manual-tasks:handle', TASK)
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirms the task is done (or failed); published once as dsar.collection.result-reported.v1 (via manual)' })
  async report(@Req() request: Request, @Param('taskId', ParseUUIDPipe) taskId: string, @Body() body: ReportResultDto) {
    return this.tasks.report(taskId, 'any', body, `staff:${principalOf(request)?.tokenId ?? 'unknown'}`);
  }
}
