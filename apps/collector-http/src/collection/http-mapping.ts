import { readFileSync } from 'node:fs';

/** How the collector authenticates to a system: secrets are named by environment variable, never written in the file. */
export type HttpAuth =
  | { type: 'none' }
  | { type: 'bearer'; tokenEnv: string }
  | { type: 'header'; name: string; valueEnv: string }
  | { type: 'basic'; usernameEnv: string; passwordEnv: string };

export type Pagination =
  | { type: 'none' }
  /** ?page=1,2,… until a page has fewer items than `size`. */
  | { type: 'page'; param: string; sizeParam?: string; size: number; firstPage?: number }
  /** ?cursor=… taken from `next` (a dotted path in the body) until it is empty. */
  | { type: 'cursor'; param: string; next: string }
  /** The `Link: <…>; rel="next"` response header. */
  | { type: 'link' };

/** A call on one record: `{key}` in the path is the record's key, URL-encoded. */
export interface RecordCall {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** A fixed JSON body (restrict: { "restricted": true }…). */
  body?: Record<string, unknown>;
}

export interface HttpResource {
  category: string;
  /** Names the endpoint in exports ("tickets"). */
  source: string;
  /** The record's key field (dotted path), used in `{key}`. */
  key: string;
  find: {
    path: string;
    /** Query parameters; `{email}` is replaced by the subject's e-mail. */
    query: Record<string, string>;
    /** Dotted path to the array of records in the body; empty when the body is the array. */
    items?: string;
    pagination?: Pagination;
  };
  /** Exported field name → dotted path in the record; absent: the record as returned. */
  fields?: Record<string, string>;
  /** Identifier kind → dotted path, for identifier matching. */
  identifiers?: Record<string, string>;
  providedBySubject?: boolean;
  erase?: RecordCall & { mode?: 'delete' | 'anonymise' };
  /** Rectifiable field name → JSON field sent in the body of `call`. */
  rectify?: { call: RecordCall; fields: Record<string, string> };
  restrict?: { call: RecordCall; resume: RecordCall };
  optOut?: { purpose: string; call: RecordCall };
}

export interface HttpSystemMapping {
  id: string;
  description?: string;
  /** The API's base URL, or `env:NAME` to read it from the environment. */
  baseUrl: string;
  auth: HttpAuth;
  resources: HttpResource[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ENV = /^[A-Z][A-Z0-9_]*$/;
const PATH = /^\/[^\s]*$/;

function checkCall(call: RecordCall | undefined, at: string, problems: string[]): void {
  if (!call) return;
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(call.method)) problems.push(`${at}.method: must be POST, PUT, PATCH or DELETE`);
  if (!PATH.test(call.path ?? '')) problems.push(`${at}.path: must be a path starting with /`);
}

export function parseHttpMappings(parsed: { systems?: HttpSystemMapping[] }, where: string): HttpSystemMapping[] {
  const problems: string[] = [];
  const systems = parsed.systems ?? [];
  if (!Array.isArray(systems) || systems.length === 0) problems.push('systems: at least one system is required');
  systems.forEach((system, s) => {
    const at = `systems[${s}]`;
    if (!ID.test(system.id ?? '')) problems.push(`${at}.id: must be a system id`);
    if (!/^(https?:\/\/\S+|env:[A-Z][A-Z0-9_]*)$/.test(system.baseUrl ?? ''))
      problems.push(`${at}.baseUrl: must be an http(s) URL or env:NAME`);
    const auth = system.auth;
    const authOk =
      auth?.type === 'none' ||
      (auth?.type === 'bearer' && ENV.test(auth.tokenEnv)) ||
      (auth?.type === 'header' && /^[a-z0-9-]+$/i.test(auth.name) && ENV.test(auth.valueEnv)) ||
      (auth?.type === 'basic' && ENV.test(auth.usernameEnv) && ENV.test(auth.passwordEnv));
    if (!authOk) problems.push(`${at}.auth: must be none, bearer (tokenEnv), header (name, valueEnv) or basic (usernameEnv, passwordEnv)`);
    if (!system.resources?.length) problems.push(`${at}.resources: at least one resource is required`);
    (system.resources ?? []).forEach((resource, r) => {
      const rat = `${at}.resources[${r}]`;
      if (!ID.test(resource.category ?? '')) problems.push(`${rat}.category: must be a register data category id`);
      if (!resource.source) problems.push(`${rat}.source: is required`);
      if (!resource.key) problems.push(`${rat}.key: is required`);
      if (!PATH.test(resource.find?.path ?? '')) problems.push(`${rat}.find.path: must be a path starting with /`);
      if (!Object.values(resource.find?.query ?? {}).some((v) => v.includes('{email}')))
        problems.push(`${rat}.find.query: must use {email}`);
      const pagination = resource.find?.pagination;
      if (pagination && !['none', 'page', 'cursor', 'link'].includes(pagination.type))
        problems.push(`${rat}.find.pagination.type: unknown`);
      if (pagination?.type === 'page' && !(pagination.size > 0)) problems.push(`${rat}.find.pagination.size: must be positive`);
      checkCall(resource.erase, `${rat}.erase`, problems);
      checkCall(resource.rectify?.call, `${rat}.rectify.call`, problems);
      checkCall(resource.restrict?.call, `${rat}.restrict.call`, problems);
      checkCall(resource.restrict?.resume, `${rat}.restrict.resume`, problems);
      checkCall(resource.optOut?.call, `${rat}.optOut.call`, problems);
      if (resource.optOut && !ID.test(resource.optOut.purpose ?? '')) problems.push(`${rat}.optOut.purpose: must be a purpose id`);
    });
  });
  if (problems.length > 0) throw new Error(`collector mapping ${where} is invalid:\n  - ${problems.join('\n  - ')}`);
  return systems;
}

export function loadHttpMappings(path: string): HttpSystemMapping[] {
  let parsed: { systems?: HttpSystemMapping[] };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`collector mapping ${path}: ${(error as Error).message}`);
  }
  return parseHttpMappings(parsed, path);
}
