import { All, Controller, Delete, Get, Param, Post, Req, Res, Type, UseFilters } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@dsar/auth';
import { OpenDsrV2RequestDto, OpenGdprV1RequestDto } from './dto/opendsr-request.dto';
import { OpenDsrError } from './opendsr-error';
import { OpenDsrExceptionFilter } from './opendsr-exception.filter';
import { OpenDsrService } from './opendsr.service';
import { OPENDSR_V2, OPENGDPR_V1, OpenDsrProtocol } from './opendsr.constants';

const ID = 'subject_request_id';

/**
 * The processor endpoints of one protocol version. Public for the platform's staff-token
 * guard: OpenDSR callers are authenticated by the module's own `authenticateController`
 * (§4.3 leaves API authentication to the processor). Every error takes the §7.6 form.
 */
function openDsrController(protocol: OpenDsrProtocol, name: string): Type<unknown> {
  const requests = protocol.requestsResource;

  @ApiTags('opendsr')
  @Public()
  @UseFilters(OpenDsrExceptionFilter)
  @Controller(protocol.versionSegment)
  class OpenDsrProtocolController {
    constructor(private readonly service: OpenDsrService) {}

    /** §6 discovery. */
    @Get('discovery')
    discovery(@Res() response: Response): void {
      this.service.send(response, this.service.discovery(protocol));
    }

    /** §7 request creation. */
    @Post(requests)
    @ApiBody({ type: protocol.regulationRequired ? OpenDsrV2RequestDto : OpenGdprV1RequestDto })
    async create(@Req() request: Request, @Res() response: Response): Promise<void> {
      this.service.send(response, await this.service.create(protocol, request));
    }

    /** §8.1 status. */
    @Get(`${requests}/:${ID}`)
    @ApiParam({ name: ID })
    async status(@Req() request: Request, @Res() response: Response, @Param(ID) id: string): Promise<void> {
      this.service.send(response, await this.service.status(protocol, request, id));
    }

    /** §9 cancellation. */
    @Delete(`${requests}/:${ID}`)
    @ApiParam({ name: ID })
    async cancel(@Req() request: Request, @Res() response: Response, @Param(ID) id: string): Promise<void> {
      this.service.send(response, await this.service.cancel(protocol, request, id));
    }

    /** §3.1 lists a `/status` endpoint that §8 never defines: the same status, by id. */
    @Get(`status/:${ID}`)
    @ApiParam({ name: ID })
    async statusAlias(@Req() request: Request, @Res() response: Response, @Param(ID) id: string): Promise<void> {
      this.service.send(response, await this.service.status(protocol, request, id));
    }

    // Any other method on these paths: README "PUT requests/{RequestId} — No, requests cannot be updated".
    @All('discovery')
    @ApiExcludeEndpoint()
    discoveryOtherMethods(): never {
      throw OpenDsrError.methodNotAllowed(['GET', 'HEAD']);
    }

    @All(requests)
    @ApiExcludeEndpoint()
    requestsOtherMethods(): never {
      throw OpenDsrError.methodNotAllowed(['POST']);
    }

    @All(`${requests}/:${ID}`)
    @ApiExcludeEndpoint()
    requestOtherMethods(): never {
      throw OpenDsrError.methodNotAllowed(['GET', 'HEAD', 'DELETE']);
    }

    @All(`status/:${ID}`)
    @ApiExcludeEndpoint()
    statusOtherMethods(): never {
      throw OpenDsrError.methodNotAllowed(['GET', 'HEAD']);
    }
  }

  Object.defineProperty(OpenDsrProtocolController, 'name', { value: name });
  return OpenDsrProtocolController;
}

/** OpenDSR 2.0: /v2/discovery, /v2/requests, /v2/requests/{id}, /v2/status/{id}. */
export const OpenDsrV2Controller = openDsrController(OPENDSR_V2, 'OpenDsrV2Controller');

/** OpenGDPR 1.0, kept by §10.1: /v1/discovery, /v1/opengdpr_requests, /v1/opengdpr_requests/{id}, /v1/status/{id}. */
export const OpenGdprV1Controller = openDsrController(OPENGDPR_V1, 'OpenGdprV1Controller');

/** Paths under which body-parser errors must also take the OpenDSR error form (see the module). */
export function openDsrPathPrefixes(basePath: string): string[] {
  const base = basePath ? `/${basePath}` : '';
  return [OPENDSR_V2, OPENGDPR_V1].flatMap((protocol) =>
    ['discovery', protocol.requestsResource, 'status'].map((resource) => `${base}/${protocol.versionSegment}/${resource}`),
  );
}
