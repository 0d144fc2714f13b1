import { Controller, Get, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { ProblemException } from '@dsar/platform';
import { Repository } from 'typeorm';
import { RequestViewEntity } from './request-view.entity';

/** Staff only (the global guard requires a staff token): the request queue. */
@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/requests')
export class BackofficeRequestsController {
  constructor(@InjectRepository(RequestViewEntity) private readonly views: Repository<RequestViewEntity>) {}

  @Get()
  list(): Promise<RequestViewEntity[]> {
    return this.views.find({ order: { dueAt: 'ASC' }, take: 500 });
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RequestViewEntity> {
    const view = await this.views.findOneBy({ requestId: id });
    if (!view) throw new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request with this id.');
    return view;
  }
}
