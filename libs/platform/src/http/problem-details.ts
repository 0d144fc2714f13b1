import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Request, Response } from 'express';
import { FieldProblem, structuralProblems } from './input-safety';

export type { FieldProblem };

/** An RFC 9457 problem, raised by use cases with a stable machine-readable code. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail, status);
  }
}

/** class-validator errors as `{ field, message }` pairs, nested fields joined with dots. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** A 400 validation-failed problem listing the fields at fault. */
export function invalidInput(problems: FieldProblem[]): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', problems);
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problems = structuralProblems(value);
    if (problems.length > 0) throw invalidInput(problems);
    return super.transform(value, metadata);
  }
}

/** Every body, query and param DTO is validated strictly: unknown fields are refused. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidInput(fieldProblems(errors)),
  });
}

/** What busboy throws for a multipart body that cannot be parsed. */
const MULTIPART_ERRORS =
  /^(Malformed content type|Multipart: |Unexpected end of (form|file)|Malformed part header|Unsupported content type)/;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** An HttpException raised outside the platform (the access guard) with `{ code, message }` as its body. */
function declaredProblemOf(exception: HttpException): { code: string; message: string } | undefined {
  const body = exception.getResponse() as { code?: unknown; message?: unknown } | string;
  if (typeof body !== 'object' || typeof body.code !== 'string' || typeof body.message !== 'string') return undefined;
  return { code: body.code, message: body.message };
}

/**
 * Turns every error into application/problem+json. Unknown errors become a 500 that
 * carries a correlation id and nothing of the internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const body = this.toProblem(exception, request);
    response.status(body.status).type('application/problem+json').json(body);
  }

  /** Errors raised by Express middleware (body parser, multipart parser) that are the client's fault. */
  private clientErrorOf(exception: unknown): { status: number; code: string } | undefined {
    if (exception instanceof Error && MULTIPART_ERRORS.test(exception.message)) return { status: 400, code: 'malformed-multipart' };
    const candidate = exception as { status?: unknown; type?: unknown } | null;
    if (typeof candidate?.status !== 'number' || candidate.status < 400 || candidate.status > 499) return undefined;
    return { status: candidate.status, code: typeof candidate.type === 'string' ? candidate.type : 'bad-request' };
  }

  private toProblem(exception: unknown, request: Request) {
    const instance = request.originalUrl?.split('?')[0];
    if (exception instanceof ProblemException) {
      const status = exception.getStatus();
      return {
        type: `https://dsar.dev/problems/${exception.code}`,
        title: TITLES[status] ?? 'Error',
        status,
        code: exception.code,
        detail: exception.message,
        instance,
        ...(exception.errors.length > 0 ? { errors: exception.errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const declared = declaredProblemOf(exception);
      const code =
        declared?.code ??
        (exception instanceof BadRequestException ? 'bad-request' : (TITLES[status] ?? 'error').toLowerCase().replace(/ /g, '-'));
      const detail =
        declared?.message ?? (status === 400 && /JSON/i.test(exception.message) ? 'The body is not valid JSON.' : exception.message);
      return { type: `https://dsar.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, instance };
    }
    const clientError = this.clientErrorOf(exception);
    if (clientError) {
      const { status, code } = clientError;
      const detail =
        code === 'entity.parse.failed'
          ? 'The body is not valid JSON.'
          : code === 'malformed-multipart'
            ? 'The multipart body cannot be parsed.'
            : (TITLES[status] ?? 'The request was refused.');
      return { type: `https://dsar.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, instance };
    }
    const correlationId = randomUUID();
    this.logger.error(
      { correlationId, error: exception instanceof Error ? exception.name : 'unknown' },
      exception instanceof Error ? exception.stack : undefined,
    );
    return {
      type: 'https://dsar.dev/problems/internal-error',
      title: TITLES[500],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal-error',
      detail: 'An unexpected error occurred. Quote the correlation id when reporting it.',
      correlationId,
      instance,
    };
  }
}
