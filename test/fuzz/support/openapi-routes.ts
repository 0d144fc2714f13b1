import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';

type Schema = Record<string, unknown>;

/** One route of one service, as its OpenAPI document describes it. */
export interface Route {
  service: string;
  method: string;
  /** With `{name}` placeholders. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  body: 'json' | 'multipart' | 'none';
  /** A body of the documented shape, to mutate (every property, nested ones included). */
  sampleBody?: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every route a service documents: the fuzz suite covers a new route without being told of it. */
export function routesOf(service: string, app: INestApplication): Route[] {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []) as { name: string; in: string }[];
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
      const json = content['application/json']?.schema;
      const multipart = content['multipart/form-data']?.schema;
      routes.push({
        service,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        headerParams: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        body: multipart ? 'multipart' : json || method === 'post' || method === 'put' ? 'json' : 'none',
        sampleBody: json ? sampleOf(json, document, 0) : multipart ? sampleOf(multipart, document, 0) : method === 'get' ? undefined : {},
      });
    }
  }
  return routes;
}

/** A value of the schema's shape: enough for a body to reach the checks behind the first one. */
function sampleOf(schema: Schema, document: OpenAPIObject, depth: number): unknown {
  if (depth > 6) return {};
  const ref = schema.$ref as string | undefined;
  if (ref) return sampleOf((document.components?.schemas ?? {})[ref.split('/').at(-1)!] as Schema, document, depth + 1);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return sampleOf(options[0], document, depth + 1);
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([key, value]) => [
          key,
          sampleOf(value, document, depth + 1),
        ]),
      );
    case 'array':
      return [sampleOf((schema.items ?? {}) as Schema, document, depth + 1)];
    case 'integer':
    case 'number':
      return (schema.minimum as number | undefined) ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'email') return 'fuzz@example.org';
      if (schema.format === 'date-time') return '2026-01-05T09:30:00.000Z';
      return 'sample';
    default:
      return schema.properties ? sampleOf({ ...schema, type: 'object' }, document, depth) : 'sample';
  }
}
