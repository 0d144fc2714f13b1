/**
 * The error form of §7.5 / §7.6 / §7.7:
 *
 *   { "error": { "code": 400, "message": "...", "errors": [{ "domain", "reason", "message" }] } }
 *
 * `code` repeats the HTTP status. Messages name fields, never values: §7.6 forbids
 * "sensitive information related to user identity or authentication" in errors.
 */

export interface OpenDsrErrorDetail {
  domain: string;
  reason: string;
  message: string;
}

export interface OpenDsrErrorBody {
  error: {
    code: number;
    message?: string;
    errors?: OpenDsrErrorDetail[];
  };
}

export class OpenDsrError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: OpenDsrErrorDetail[] = [],
    /** Extra response headers (`Allow` on 405, `WWW-Authenticate` on 401). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'OpenDsrError';
  }

  toBody(): OpenDsrErrorBody {
    return { error: { code: this.status, message: this.message, ...(this.errors.length > 0 ? { errors: this.errors } : {}) } };
  }

  /** §7.5: errors in what the controller sent are 400, with one detail per problem. */
  static validation(errors: OpenDsrErrorDetail[]): OpenDsrError {
    const message = errors.length === 1 ? errors[0].message.replace(/\.$/, '') : `The request has ${errors.length} invalid fields`;
    return new OpenDsrError(400, message, errors);
  }

  static badRequest(reason: string, message: string): OpenDsrError {
    return new OpenDsrError(400, message, [{ domain: 'Request', reason, message: `${message}.` }]);
  }

  static unauthenticated(): OpenDsrError {
    const message = 'The controller could not be authenticated';
    return new OpenDsrError(401, message, [{ domain: 'Authentication', reason: 'Unauthenticated', message: `${message}.` }]);
  }

  static notFound(): OpenDsrError {
    const message = 'No request with this subject_request_id exists for this controller';
    return new OpenDsrError(404, message, [{ domain: 'Request', reason: 'NotFound', message: `${message}.` }]);
  }

  static methodNotAllowed(allowed: string[]): OpenDsrError {
    const message = `This endpoint accepts ${allowed.join(', ')} only`;
    return new OpenDsrError(405, message, [{ domain: 'Request', reason: 'MethodNotAllowed', message: `${message}.` }], {
      Allow: allowed.join(', '),
    });
  }

  static internal(correlationId: string): OpenDsrError {
    const message = 'An unexpected error occurred';
    return new OpenDsrError(500, message, [
      { domain: 'Server', reason: 'InternalError', message: `${message}; quote correlation id ${correlationId} when reporting it.` },
    ]);
  }
}

/** §7.6 detail for a field that failed validation, in the words of the §7.7 example. */
export function fieldError(field: string, problem: string): OpenDsrErrorDetail {
  return { domain: 'Validation', reason: 'IllegalArgumentException', message: `${field} ${problem}.` };
}
