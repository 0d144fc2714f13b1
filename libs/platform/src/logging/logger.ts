import { Params } from 'nestjs-pino';
import pino, { Logger } from 'pino';

/** Drops the query string and masks ids and tokens in a path: /v1/downloads/:id. */
export function maskPath(url = ''): string {
  return url
    .split('?')[0]
    .split('/')
    .map((segment) => (segment.length >= 12 || /^(?!v\d+$).*\d/.test(segment) || segment.includes('@') ? ':id' : segment))
    .join('/');
}

/**
 * Structured JSON logs that never contain personal data: request bodies, query strings
 * and headers are not logged, paths are logged with ids and tokens masked.
 */
export function loggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers', 'res.headers', '*.email', '*.subjectEmail', '*.recipient', '*.code'], remove: true },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: maskPath(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: () => ({ service }),
    },
  };
}

/** A plain pino logger for code outside Nest's request scope (messaging, runners). */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.email', '*.subjectEmail', '*.recipient', '*.code'], remove: true },
  });
}
