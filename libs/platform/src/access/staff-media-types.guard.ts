import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { routeAccessOf } from '@dsar/auth';
import { Request } from 'express';
import { ProblemException } from '../http/problem-details';

const JSON_ONLY = ['application/json'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where `@ApiConsumes()` keeps its media types (@nestjs/swagger's DECORATORS.API_CONSUMES, not exported). */
export const API_CONSUMES_METADATA = 'swagger/apiConsumes';

function mediaTypeOf(request: Request): string | undefined {
  const header = request.headers['content-type'];
  return header?.split(';')[0].trim().toLowerCase() || undefined;
}

function carriesBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * Staff routes take JSON, or what their `@ApiConsumes()` declares (multipart for a file,
 * NDJSON for an export): a form or `text/plain` body, which another site's page can make a
 * browser send, answers 415 before anything reads it.
 */
@Injectable()
export class StaffMediaTypesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    if (routeAccessOf(handler, context.getClass())?.kind !== 'staff') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!WITH_BODY.has(request.method)) return true; // a body on GET or HEAD is never read
    const mediaType = mediaTypeOf(request);
    if (mediaType === undefined && !carriesBody(request)) return true;
    const accepted: string[] = Reflect.getMetadata(API_CONSUMES_METADATA, handler) ?? JSON_ONLY;
    if (mediaType !== undefined && accepted.includes(mediaType)) return true;
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      `This route takes ${accepted.join(' or ')} only.`,
    );
  }
}
