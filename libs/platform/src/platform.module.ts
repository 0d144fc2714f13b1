import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ACCESS_OPTIONS, AccessGuard, StaffTokenStrategy } from '@dsar/auth';
import { DEFAULT_RETRY_POLICY, EventTransport, KafkaTransport, Outbox, PostgresTransport } from '@dsar/messaging';
import { createServiceDataSource, initializeServiceDataSource } from '@dsar/persistence';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { RouteAccessCheck } from './access/route-access-check';
import { StaffMediaTypesGuard } from './access/staff-media-types.guard';
import { ServiceConfig, trustedOriginsOf } from './config/service.config';
import { ServiceRuntime } from './events/service-runtime';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details';
import { refuseUnsafeInput } from './http/unsafe-input.middleware';
import { createLogger, loggerParams } from './logging/logger';
import { staffSignInStrategies } from './staff-sign-in';
import { BackboneMetrics } from './metrics/backbone-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ServiceMetrics } from './metrics/service-metrics';
import { EVENT_TRANSPORT, PLATFORM_LOGGER, SERVICE_METRICS, SERVICE_OPTIONS, ServiceOptions, TRUSTED_PROXIES } from './tokens';

type Migration = new () => object;
type Entity = new (...args: never[]) => unknown;

export interface PlatformOptions {
  service: string;
  schema: string;
  config: ServiceConfig;
  migrations: Migration[];
  entities?: Entity[];
  consumerGroup?: string;
}

export function createTransport(service: string, config: ServiceConfig, log: Logger): EventTransport {
  if (config.EVENT_TRANSPORT === 'postgres') {
    return new PostgresTransport({ url: config.DATABASE_URL, log });
  }
  return new KafkaTransport({
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: `dsar-${service}`,
    prefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    log,
  });
}

/**
 * Everything an app shares with every other: logging, its data source and migrations,
 * the event transport with outbox and inbox, health, metrics, problem+json errors and the
 * global access guard. Each app imports it once with its own options.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  /** Every route of every service: what no route accepts is refused before guards and handlers. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(refuseUnsafeInput).forRoutes('{*splat}');
  }

  static trustProxies(adapterHost: HttpAdapterHost, trustedProxies: string): void {
    const instance = adapterHost.httpAdapter?.getInstance() as { set?: (name: string, value: unknown) => void } | undefined;
    // Express: which X-Forwarded-For hops to believe when it sets `request.ip`.
    instance?.set?.('trust proxy', trustedProxies ? trustedProxies.split(',').map((proxy) => proxy.trim()) : false);
  }

  static forService(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const serviceOptions: ServiceOptions = {
      service: options.service,
      schema: options.schema,
      databaseUrl: config.DATABASE_URL,
      consumerGroup: options.consumerGroup,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.EVENT_MAX_ATTEMPTS },
    };
    const log = createLogger(options.service, config.LOG_LEVEL);
    const staffTokenHashes = config.STAFF_TOKEN_HASHES.split(',').filter(Boolean);
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(loggerParams(options.service, config.LOG_LEVEL)),
        DiscoveryModule,
        PassportModule,
        TerminusModule.forRoot({ logger: false }),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres' }),
          dataSourceFactory: () =>
            initializeServiceDataSource(
              createServiceDataSource({
                url: config.DATABASE_URL,
                schema: options.schema,
                entities: options.entities,
                migrations: options.migrations,
                applicationName: `dsar-${options.service}`,
              }),
            ),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_OPTIONS, useValue: serviceOptions },
        { provide: PLATFORM_LOGGER, useValue: log },
        { provide: SERVICE_METRICS, useValue: new ServiceMetrics(options.service) },
        BackboneMetrics,
        { provide: EVENT_TRANSPORT, useFactory: () => createTransport(options.service, config, log) },
        { provide: Outbox, useValue: new Outbox(options.schema) },
        { provide: StaffTokenStrategy, useFactory: () => new StaffTokenStrategy(staffTokenHashes) },
        ...staffSignInStrategies(config),
        { provide: ACCESS_OPTIONS, useValue: { trustedOrigins: trustedOriginsOf(config) } },
        // The media type first: a body a browser form can send is refused before any lookup.
        { provide: APP_GUARD, useClass: StaffMediaTypesGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        RouteAccessCheck,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: TRUSTED_PROXIES,
          useFactory: (adapterHost: HttpAdapterHost) => PlatformModule.trustProxies(adapterHost, config.TRUSTED_PROXIES),
          inject: [HttpAdapterHost],
        },
        ServiceRuntime,
      ],
      exports: [SERVICE_OPTIONS, PLATFORM_LOGGER, EVENT_TRANSPORT, Outbox, SERVICE_METRICS],
    };
  }
}
