import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * §4.3: "API authentication for OpenDSR requests is out of scope ... and is left to the
 * Processor to implement". The processor must nevertheless know which controller calls,
 * to answer `controller_id` (§7.3, §8.3, §9.2) and to scope requests. An authenticator
 * returns the caller's controller id, or undefined to refuse the call with 401.
 */
export type OpenDsrControllerAuthenticator = (request: Request) => string | undefined | Promise<string | undefined>;

export interface BearerTokenController {
  controllerId: string;
  /** Hex SHA-256 of the controller's API token; the token itself is never configured. */
  tokenSha256: string;
}

/**
 * A ready authenticator: `Authorization: Bearer <token>`, known only by its SHA-256,
 * compared in constant time against every configured controller.
 */
export function bearerTokenControllerAuthenticator(controllers: BearerTokenController[]): OpenDsrControllerAuthenticator {
  const known = controllers.map(({ controllerId, tokenSha256 }) => {
    if (!/^[0-9a-f]{64}$/i.test(tokenSha256)) throw new Error(`OpenDSR: tokenSha256 of controller ${controllerId} is not a hex SHA-256`);
    if (!controllerId) throw new Error('OpenDSR: a controller needs a controllerId');
    return { controllerId, hash: Buffer.from(tokenSha256, 'hex') };
  });
  return (request) => {
    const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
    if (!match) return undefined;
    const candidate = createHash('sha256').update(match[1], 'utf8').digest();
    let controllerId: string | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.hash, candidate) && controllerId === undefined) controllerId = entry.controllerId;
    }
    return controllerId;
  };
}
