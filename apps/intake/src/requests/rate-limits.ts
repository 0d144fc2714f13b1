import { ThrottlerModule } from '@nestjs/throttler';
import { IntakeConfig } from '../intake.config';

/**
 * Requests per client address (behind the proxies TRUSTED_PROXIES names), counted in the process:
 * replicas behind a load balancer each count their share. Requests per subject identity are
 * counted by the create use case, from the requests accepted, and no header tells them.
 */
export function rateLimits(config: IntakeConfig) {
  return ThrottlerModule.forRoot({
    throttlers: [{ name: 'per-address', ttl: 60_000, limit: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE }],
  });
}
