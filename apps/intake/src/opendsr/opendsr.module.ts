import { DynamicModule, Inject, Module, OnModuleInit, Provider } from '@nestjs/common';
import { HttpAdapterHost, RouterModule } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { OpenDsrCallbackSender } from './opendsr-callback.sender';
import { toOpenDsrError, writeOpenDsrError } from './opendsr-exception.filter';
import { OpenDsrRequestGateway } from './opendsr-request.gateway';
import { OpenDsrSigner } from './opendsr-signer';
import { OpenDsrV2Controller, OpenGdprV1Controller, openDsrPathPrefixes } from './opendsr.controllers';
import { OPENDSR_OPTIONS, OpenDsrModuleOptions, ResolvedOpenDsrOptions, resolveOpenDsrOptions } from './opendsr.options';
import { OpenDsrService } from './opendsr.service';

/**
 * OpenDSR 2.0 processor endpoints, with the OpenGDPR 1.0 routes and headers §10.1 keeps,
 * over the platform's lifecycle (OpenDsrRequestGateway). Exports OpenDsrCallbackSender for
 * whatever reacts to lifecycle changes. See README.md beside this file.
 */
@Module({})
export class OpenDsrModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OPENDSR_OPTIONS) private readonly options: ResolvedOpenDsrOptions,
  ) {}

  static register(options: OpenDsrModuleOptions): DynamicModule {
    const resolved = resolveOpenDsrOptions(options);
    const signer = new OpenDsrSigner(resolved.privateKeyPem, resolved.processorDomain, resolved.rsaPadding);
    const gateway: Provider =
      typeof options.gateway === 'function'
        ? { provide: OpenDsrRequestGateway, useClass: options.gateway }
        : { provide: OpenDsrRequestGateway, useValue: options.gateway };
    return {
      module: OpenDsrModule,
      imports: [
        ...(options.imports ?? []),
        ...(resolved.basePath ? [RouterModule.register([{ path: resolved.basePath, module: OpenDsrModule }])] : []),
      ],
      controllers: [OpenDsrV2Controller, OpenGdprV1Controller],
      providers: [
        { provide: OPENDSR_OPTIONS, useValue: resolved },
        { provide: OpenDsrSigner, useValue: signer },
        gateway,
        OpenDsrService,
        OpenDsrCallbackSender,
      ],
      exports: [OpenDsrCallbackSender, OpenDsrSigner],
    };
  }

  /**
   * A malformed JSON body fails in the body parser, before routing, so the controllers'
   * filter never sees it and the global filter would answer problem+json. This error
   * middleware, registered after the routes and before Nest's own error handler, answers
   * those errors in the OpenDSR form for the OpenDSR paths only.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter || adapter.getType() !== 'express') return;
    const prefixes = openDsrPathPrefixes(this.options.basePath);
    const isOpenDsrPath = (path: string) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    adapter.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
      if (response.headersSent || !isOpenDsrPath(request.path)) return next(error);
      writeOpenDsrError(response, toOpenDsrError(error));
    });
  }
}
