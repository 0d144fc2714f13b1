import type { NextFunction, Request, Response } from 'express';
import { FieldProblem, hasControlCharacter, structuralProblems } from './input-safety';
import { invalidInput } from './problem-details';

function pathProblems(path: string): FieldProblem[] {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [{ field: '(path)', message: 'is not a valid URL path' }];
    }
    if (hasControlCharacter(decoded)) return [{ field: '(path)', message: 'contains a control character' }];
  }
  return [];
}

function queryProblems(request: Request): FieldProblem[] {
  let query: unknown;
  try {
    query = request.query;
  } catch {
    // Express parses the query from the request target lazily, and throws on a target it cannot parse.
    return [{ field: '(query)', message: 'is not a valid request target' }];
  }
  return structuralProblems(query, 'query');
}

/**
 * Express middleware, after the body parsers and before any guard or route: refuses a path, query
 * or parsed body that carries what no route accepts, before any of it reaches a guard, a query or
 * a stack-hungry transformer. Passed on as an error so that each API answers in its own error form.
 */
export function refuseUnsafeInput(request: Request, _response: Response, next: NextFunction): void {
  const problems = [
    // The whole path: mounted for every route, the middleware sees `path` as `/`.
    ...pathProblems((request.originalUrl ?? request.url ?? '').split('?')[0]),
    ...queryProblems(request),
    ...(request.body !== undefined && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
      ? structuralProblems(request.body)
      : []),
  ];
  next(problems.length > 0 ? invalidInput(problems) : undefined);
}
