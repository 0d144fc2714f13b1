import { ThrottlerModule } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { IntakeConfig } from '../intake.config';

/**
 * Two limits on creating requests: per client address, and per subject identity (the
 * e-mail address asked about, hashed), so neither one client nor one target can flood.
 * Counters live in the process; replicas behind a load balancer each count their share.
 */
export function rateLimits(config: IntakeConfig) {
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: 'per-address', ttl: 60_000, limit: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE },
      {
        name: 'per-identity',
        ttl: 3_600_000,
        limit: config.RATE_LIMIT_PER_IDENTITY_PER_HOUR,
        getTracker: (req: Record<string, unknown>) => {
          const email = (req.body as { subject?: { email?: unknown } } | undefined)?.subject?.email;
          return typeof email === 'string'
            ? createHash('sha256').update(email.trim().toLowerCase()).digest('hex')
            : `address:${String(req.ip)}`;
        },
      },
    ],
  });
}
