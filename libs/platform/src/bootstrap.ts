import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ConfigurationError } from './config/load-config';
import { strictValidationPipe } from './http/problem-details';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { ServiceMetrics } from './metrics/service-metrics';
import { SERVICE_METRICS } from './tokens';

export interface StartOptions {
  port: number;
  host: string;
  /** Title of the OpenAPI document served at /docs (JSON at /docs-json). */
  openApiTitle?: string;
  /** Whether /docs is served at all (see apiDocsOpen: closed in production); closed unless said. */
  apiDocs?: boolean;
}

/**
 * Security headers on every response, HTML pages above all (the magic-link page, /docs,
 * template previews): a content security policy that runs no inline script and no other
 * site's, no framing (clickjacking), no MIME sniffing, no referrer.
 */
export function secureHeaders(app: INestApplication): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'https:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'object-src': ["'none'"],
          'base-uri': ["'none'"],
          // Local runs are plain HTTP: upgrading their form posts to HTTPS would break them.
          'upgrade-insecure-requests': null,
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
}

/** Creates, configures and starts one service's HTTP application. */
export async function startService(module: unknown, options: StartOptions): Promise<INestApplication> {
  // rawBody: OpenDSR signs over the exact bytes received.
  const app = await NestFactory.create(module as never, { bufferLogs: true, abortOnError: false, rawBody: true });
  app.useLogger(app.get(Logger));
  app.use(httpMetricsMiddleware(app.get<ServiceMetrics>(SERVICE_METRICS)));
  app.useGlobalPipes(strictValidationPipe());
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  secureHeaders(app);
  if (options.openApiTitle && options.apiDocs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle(options.openApiTitle).setVersion('1').addBearerAuth().build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  await app.listen(options.port, options.host);
  return app;
}

/** The URL an app listens on, with the port actually bound (PORT=0 picks a free one). */
export async function urlOf(app: INestApplication): Promise<string> {
  const address = app.getHttpServer().address() as { address: string; port: number };
  return `http://${address.address}:${address.port}`;
}

/**
 * The main of a service process: starts it, closes it cleanly on SIGTERM/SIGINT, and
 * on a configuration error prints the settings at fault and exits with status 78.
 */
export function runServiceMain(service: string, start: () => Promise<INestApplication>): void {
  start().then(
    (app) => {
      const shutdown = () => {
        app.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (error: unknown) => {
      if (error instanceof ConfigurationError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78);
      }
      process.stderr.write(`${service} failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`);
      process.exit(1);
    },
  );
}
