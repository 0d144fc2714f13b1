import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '@dsar/platform';
import { fieldError, OpenDsrError } from './opendsr-error';

const logger = new Logger('OpenDSR');

/** Errors raised by the body parser before routing (http-errors objects with a `type`). */
function bodyParserError(exception: unknown): OpenDsrError | undefined {
  const candidate = exception as { status?: unknown; type?: unknown } | null;
  if (typeof candidate?.status !== 'number' || candidate.status < 400 || candidate.status > 499) return undefined;
  switch (candidate.type) {
    case 'entity.parse.failed':
      return OpenDsrError.badRequest('MalformedJson', 'The body is not valid JSON');
    case 'entity.too.large':
      return new OpenDsrError(413, 'The body is too large', [
        { domain: 'Request', reason: 'EntityTooLarge', message: 'The body is too large.' },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return OpenDsrError.badRequest('UnsupportedContentType', 'The body must be JSON in UTF-8 (Content-Type: application/json)');
    default:
      return OpenDsrError.badRequest('UnreadableBody', 'The body could not be read');
  }
}

/** Any error, in the form of §7.6. Unexpected errors become a 500 that reveals nothing. */
export function toOpenDsrError(exception: unknown): OpenDsrError {
  if (exception instanceof OpenDsrError) return exception;
  // The platform's refusal of unsafe input (control characters, deep nesting) names the fields at fault.
  if (exception instanceof ProblemException && exception.getStatus() === 400 && exception.errors.length > 0) {
    return OpenDsrError.validation(exception.errors.map((problem) => fieldError(problem.field, problem.message)));
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    return new OpenDsrError(status, exception.message, [{ domain: 'Request', reason: exception.name, message: `${exception.message}.` }]);
  }
  const parserError = exception instanceof HttpException ? undefined : bodyParserError(exception);
  if (parserError) return parserError;
  const correlationId = randomUUID();
  logger.error(
    { correlationId, error: exception instanceof Error ? exception.name : 'unknown' },
    exception instanceof Error ? exception.stack : undefined,
  );
  return OpenDsrError.internal(correlationId);
}

/** Writes the error with the headers of the §7.7 example (`no-store` spelled as RFC 9111 has it). */
export function writeOpenDsrError(response: Response, error: OpenDsrError): void {
  const body = Buffer.from(JSON.stringify(error.toBody()), 'utf8');
  response.status(error.status);
  response.setHeader('Content-Type', 'application/json;charset=UTF-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  response.setHeader('Content-Length', String(body.length));
  response.end(body);
}

/**
 * Bound to the OpenDSR controllers only (@UseFilters): it takes precedence over the
 * platform's global problem+json filter, so integrators get the specification's error form.
 */
@Catch()
export class OpenDsrExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = toOpenDsrError(exception);
    if (response.headersSent) return;
    writeOpenDsrError(response, error);
  }
}
