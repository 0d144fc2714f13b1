import type { NextFunction, Request, Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/**
 * Times every HTTP request, labelled by the route pattern Express matched (`/v1/requests/:id`),
 * never the URL itself, which may hold a token; unmatched paths share one label.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const pattern = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${request.baseUrl}${pattern}` : 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
