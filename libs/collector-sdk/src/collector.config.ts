import { IsInt, Matches, Max, Min } from 'class-validator';
import { ServiceWithStorageConfig } from '@dsar/platform';

/** Settings every collector built on the SDK has; each collector's config class extends it. */
export class CollectorConfig extends ServiceWithStorageConfig {
  /** Consumer group; one per deployment of a collector. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  COLLECTOR_ID: string = 'collector';

  /** Each attempt at a task is abandoned after this long (a stuck system must not hold the task). */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  COLLECTOR_TASK_TIMEOUT_MS: number = 15 * 60_000;

  /** Attempts at a task before it is reported `failed`. */
  @IsInt()
  @Min(1)
  @Max(20)
  COLLECTOR_MAX_ATTEMPTS: number = 4;

  /** First back-off between attempts; doubles each time, with jitter, up to 30 s. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  COLLECTOR_RETRY_INITIAL_MS: number = 1_000;
}
