import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Request } from 'express';
import { Strategy } from 'passport-custom';

/** A data subject (or their representative) acting on their own request, with its secret. */
export interface SubjectPrincipal {
  kind: 'subject';
  requestId: string;
}

export interface SubjectTokenOptions {
  /** The passport name: one per service, as the embedded mode shares one passport. */
  name: string;
  /** The header carrying the request's secret. */
  header: string;
  /** The route parameter naming the request. */
  param: string;
  /** Whether the secret opens that request; compares in constant time; never says why not. */
  resolve(requestId: string, token: string): Promise<boolean>;
}

/**
 * Data subjects: no account, but a secret bound to their request (a tracking token, or the token
 * handed out once the e-mailed code was right). Used with `AuthGuard(name)` on @Public() routes.
 */
export function createSubjectTokenStrategy(options: SubjectTokenOptions) {
  @Injectable()
  class SubjectTokenStrategy extends PassportStrategy(Strategy, options.name) {
    async validate(request: Request): Promise<SubjectPrincipal | false> {
      const requestId = request.params?.[options.param];
      const token = request.headers[options.header.toLowerCase()];
      if (typeof requestId !== 'string' || typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
      return (await options.resolve(requestId, token)) ? { kind: 'subject', requestId } : false;
    }
  }
  return new SubjectTokenStrategy();
}
