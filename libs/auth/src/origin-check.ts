import { Request } from 'express';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request that a browser may have sent on its own (credentials it attaches by
 * itself: HTTP Basic it remembers, a session cookie) comes from a page we trust. Only
 * state-changing methods are checked. A browser always sends Origin on a cross-origin POST,
 * and Sec-Fetch-Site when it knows it; a client that sends neither is not a browser.
 */
export function fromTrustedOrigin(request: Request, trustedOrigins: readonly string[]): boolean {
  if (!UNSAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (typeof origin === 'string' && origin !== 'null') {
    return origin === ownOrigin(request) || trustedOrigins.includes(origin);
  }
  if (origin === 'null') return false;
  return site === undefined || site === 'same-origin' || site === 'none';
}

function ownOrigin(request: Request): string {
  return `${request.protocol}://${request.headers.host ?? ''}`;
}
