import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { FuzzCase, fuzzCase } from './fuzz-case';
import { Route } from './openapi-routes';

/** NUL, the other C0 controls PostgreSQL or the platform refuses, DEL. */
const CONTROLS = [0, 1, 2, 7, 8, 11, 12, 14, 27, 31, 127].map((code) => String.fromCharCode(code));
/** Printable characters, some of them awkward, and the controls: the alphabet of every generated string. */
const ALPHABET = [...'aZ09 -_.@/:;%+=&?#"\'<>{}[]\\é€😀', '\t', '\n', '\r', ...CONTROLS];

/** A string with at least one control character somewhere in it. */
export const unsafeText = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 24 }),
      fc.constantFrom(...CONTROLS),
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 24 }),
    )
    .map(([before, control, after]) => `${before}${control}${after}`);

/** Numbers beyond the safe integers, which no field takes. */
const hugeNumber = () => fc.constantFrom(1e300, -1e300, 2 ** 60, -(2 ** 60), 2 ** 53 + 2, 1e21);

/** Nesting deeper than any body may go, in arrays or objects. */
const deepValue = () =>
  fc.tuple(fc.integer({ min: 33, max: 3_000 }), fc.boolean()).map(([depth, arrays]) => {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level += 1) value = arrays ? [value] : { n: value };
    return value;
  });

export interface Credentials {
  staffToken: string;
  apiKey: string;
  openDsrToken: string;
}

/** The OpenDSR processor routes (2.0 and the 1.0 ones it keeps), which answer in OpenDSR's error form. */
export function isOpenDsrPath(path: string): boolean {
  return /^\/(v2\/(discovery|requests|status)|v1\/(discovery|opengdpr_requests|status))(\/|\?|$)/.test(path);
}

/** What the caller presents: every route is tried as the caller it expects, so that checks behind sign-in are reached. */
function headersFor(route: Route, credentials: Credentials, headerValue: string): [string, string][] {
  const opendsr = isOpenDsrPath(route.path);
  const headers: [string, string][] = [
    ['authorization', `Bearer ${opendsr ? credentials.openDsrToken : credentials.staffToken}`],
    ['x-api-key', credentials.apiKey],
  ];
  for (const name of route.headerParams) headers.push([name.toLowerCase(), headerValue]);
  return headers;
}

/** The path with its parameters filled: ids that exist nowhere, so nothing is found or changed. */
function pathOf(route: Route, unsafeParam?: { name: string; value: string }): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    unsafeParam?.name === name ? encodeURIComponent(unsafeParam.value) : /token/i.test(name) ? 'Zm9vYmFyYmF6cXV4' : randomUUID(),
  );
}

/** Every leaf of a JSON value, by path. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.length === 0 ? [path] : entries.flatMap(([key, child]) => leaves(child, [...path, key]));
}

function withLeaf(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

export type UnsafeKind =
  'control-in-value' | 'control-in-key' | 'control-in-path' | 'control-in-query' | 'control-in-form' | 'deep-nesting' | 'huge-number';

/**
 * A multipart form (what uploads and the staff registration take) whose fields are the route's,
 * one of them holding a control character: multer parses it after every middleware, so the
 * validation pipe must refuse it.
 */
function formCase(route: Route, credentials: Credentials, text: string, pick: number): FuzzCase {
  const sample = route.sampleBody;
  const fields = Object.entries(typeof sample === 'object' && sample !== null && !Array.isArray(sample) ? sample : { note: 'x' })
    .filter(([, value]) => typeof value !== 'object')
    .map(([name, value]) => [name, String(value)] as [string, string]);
  if (fields.length === 0) fields.push(['note', 'x']);
  fields[pick % fields.length][1] = text;
  const boundary = 'fuzz-boundary-7MA4YWxkTrZu0gW';
  const body = Buffer.from(
    `${fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--${boundary}--\r\n`,
    'utf8',
  );
  return fuzzCase({
    family: 'control-in-form',
    service: route.service,
    label: `control-in-form ${route.service} ${route.method} ${route.path}`,
    transport: 'http',
    method: route.method,
    path: pathOf(route),
    headers: [...headersFor(route, credentials, 'Zm9vYmFyYmF6cXV4'), ['content-type', `multipart/form-data; boundary=${boundary}`]],
    body,
  });
}

/**
 * Cases that no route may accept, whatever it does: a control character in a value, a key, a path
 * parameter or the query; nesting deeper than any body; a number beyond the safe integers. Each
 * must answer 4xx in the API's error form and write nothing.
 */
export function unsafeCases(routes: Route[], credentials: Credentials, kind: UnsafeKind): fc.Arbitrary<FuzzCase> {
  // A form is parsed only where a route takes one (uploads, the staff registration).
  const targets = kind === 'control-in-form' ? routes.filter((route) => route.body === 'multipart') : routes;
  return fc
    .record({
      route: fc.constantFrom(...targets),
      text: unsafeText(),
      huge: hugeNumber(),
      deep: deepValue(),
      pick: fc.nat(),
    })
    .map(({ route, text, huge, deep, pick }) => {
      const base = route.sampleBody ?? {};
      const spots = leaves(base);
      const spot = spots[pick % spots.length];
      let body: unknown = route.body === 'none' ? undefined : base;
      let path = pathOf(route);
      let label: string = kind;
      switch (kind) {
        case 'control-in-value':
          if (body === undefined) path += `?q=${encodeURIComponent(text)}`;
          else body = withLeaf(base, spot, text);
          break;
        case 'control-in-key':
          if (body === undefined) path += `?${encodeURIComponent(text)}=1`;
          else body = typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...base, [text]: 'x' } : { [text]: base };
          break;
        case 'control-in-path':
          if (route.pathParams.length > 0) {
            const name = route.pathParams[pick % route.pathParams.length];
            path = pathOf(route, { name, value: text });
            label = `${kind} ${name}`;
          } else path = `${path.replace(/\/$/, '')}/${encodeURIComponent(text)}`;
          break;
        case 'control-in-query':
          path += `${path.includes('?') ? '&' : '?'}${route.queryParams[pick % Math.max(1, route.queryParams.length)] ?? 'q'}=${encodeURIComponent(text)}`;
          break;
        // A JSON body is parsed whatever the method: a GET gets one too.
        case 'deep-nesting':
          body = withLeaf(base, body === undefined ? [] : spot, deep);
          break;
        case 'huge-number':
          body = withLeaf(base, body === undefined ? ['n'] : spot, huge);
          break;
        case 'control-in-form':
          return formCase(route, credentials, text, pick);
      }
      const json = body === undefined ? undefined : JSON.stringify(body);
      return fuzzCase({
        family: kind,
        service: route.service,
        label: `${label} ${route.service} ${route.method} ${route.path}`,
        transport: 'http',
        method: route.method,
        path,
        headers: [
          ...headersFor(route, credentials, 'Zm9vYmFyYmF6cXV4'),
          ...(json === undefined ? [] : [['content-type', 'application/json'] as [string, string]]),
        ],
        body: json === undefined ? undefined : Buffer.from(json, 'utf8'),
        json: body,
      });
    });
}
