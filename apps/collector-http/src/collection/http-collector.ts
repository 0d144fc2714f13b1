import {
  CategoryOutcome,
  CollectionTask,
  Collector,
  CollectorError,
  ExportRecord,
  IdentifierMatchQuery,
  inTaskCategories,
  OperationContext,
  systemMapping,
} from '@dsar/collector-sdk';
import { HttpResource, HttpSystemMapping, RecordCall } from './http-mapping';

type Json = Record<string, unknown>;

/** A value at a dotted path ('meta.next', 'data.items'); '' is the value itself. */
export function valueAt(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  return path
    .split('.')
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Json)[part] : undefined), value);
}

function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The reference collector for systems with a REST API, configured per system: endpoints,
 * authentication, pagination, field mapping, and the calls that erase, rectify, restrict or
 * opt out one record. HTTP calls cannot share a transaction: a task redone after a crash acts
 * only on what is still there, so it never acts twice on a record.
 */
export class HttpCollector implements Collector {
  readonly systems: string[];

  constructor(
    private readonly mappings: HttpSystemMapping[],
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.systems = mappings.map((m) => m.id);
  }

  async match(query: IdentifierMatchQuery, context: OperationContext): Promise<boolean> {
    const system = this.system(query.systemId);
    const found: Array<{ resource: HttpResource; record: Json }> = [];
    for (const resource of system.resources) {
      for await (const record of this.find(system, resource, query.identities.email, context)) found.push({ resource, record });
    }
    if (found.length === 0) return false;
    return Object.entries(query.identifiers).every(([kind, value]) => {
      const knowing = found.filter((f) => f.resource.identifiers?.[kind]);
      return (
        knowing.length === 0 || knowing.some((f) => String(valueAt(f.record, f.resource.identifiers![kind]) ?? '').trim() === value.trim())
      );
    });
  }

  async *export(task: CollectionTask, context: OperationContext): AsyncGenerator<ExportRecord> {
    const system = this.system(task.systemId);
    for (const resource of this.resourcesInScope(task)) {
      if (task.exportScope === 'provided-by-subject' && resource.providedBySubject === false) continue;
      for await (const record of this.find(system, resource, task.identities.email, context)) {
        const fields = resource.fields;
        yield {
          category: resource.category,
          source: resource.source,
          record: fields ? Object.fromEntries(Object.entries(fields).map(([name, path]) => [name, valueAt(record, path) ?? null])) : record,
        };
      }
    }
  }

  erase(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.perRecord(
      task,
      context,
      (r) => r.erase,
      (r) => (r.erase?.mode === 'anonymise' ? 'anonymised' : 'erased'),
    );
  }

  restrict(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.perRecord(
      task,
      context,
      (r) => r.restrict?.call,
      () => 'restricted',
    );
  }

  resume(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.perRecord(
      task,
      context,
      (r) => r.restrict?.resume,
      () => undefined,
    );
  }

  object(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.optOut(task, context);
  }

  withdrawConsent(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.optOut(task, context);
  }

  async rectify(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    const rectifications = task.rectifications ?? [];
    if (rectifications.length === 0) throw new CollectorError('a rectify task needs rectifications', false);
    const system = this.system(task.systemId);
    const outcomes: CategoryOutcome[] = [];
    for (const resource of this.resourcesInScope(task)) {
      const rectify = resource.rectify;
      const applicable = rectifications.filter((r) => rectify?.fields[r.field]);
      if (!rectify || applicable.length === 0) continue;
      const body = Object.fromEntries(applicable.map((r) => [rectify.fields[r.field], r.value]));
      let n = 0;
      for (const record of await this.all(system, resource, task.identities.email, context)) {
        await this.call(system, resource, { ...rectify.call, body: { ...rectify.call.body, ...body } }, record, context);
        n++;
      }
      if (n > 0) outcomes.push({ category: resource.category, records: n, rectified: n });
    }
    return outcomes;
  }

  private optOut(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.perRecord(
      task,
      context,
      (r) => (r.optOut && (!task.purposes || task.purposes.includes(r.optOut.purpose)) ? r.optOut.call : undefined),
      () => 'restricted',
    );
  }

  private async perRecord(
    task: CollectionTask,
    context: OperationContext,
    callOf: (resource: HttpResource) => RecordCall | undefined,
    counter: (resource: HttpResource) => 'erased' | 'anonymised' | 'restricted' | undefined,
  ): Promise<CategoryOutcome[]> {
    const system = this.system(task.systemId);
    const byCategory = new Map<string, CategoryOutcome>();
    for (const resource of this.resourcesInScope(task)) {
      const call = callOf(resource);
      if (!call) continue;
      // Read every page first: acting while paging would shift the pages under the reader.
      const records = await this.all(system, resource, task.identities.email, context);
      for (const record of records) await this.call(system, resource, call, record, context);
      if (records.length === 0) continue;
      const outcome = byCategory.get(resource.category) ?? { category: resource.category, records: 0 };
      outcome.records += records.length;
      const name = counter(resource);
      if (name) outcome[name] = (outcome[name] ?? 0) + records.length;
      byCategory.set(resource.category, outcome);
    }
    return [...byCategory.values()];
  }

  private async all(system: HttpSystemMapping, resource: HttpResource, email: string, context: OperationContext): Promise<Json[]> {
    const records: Json[] = [];
    for await (const record of this.find(system, resource, email, context)) records.push(record);
    return records;
  }

  /** The subject's records of one endpoint, page after page. */
  private async *find(system: HttpSystemMapping, resource: HttpResource, email: string, context: OperationContext): AsyncGenerator<Json> {
    const { find } = resource;
    const pagination = find.pagination ?? { type: 'none' };
    const url = new URL(find.path.replace(/^\//, ''), this.baseUrl(system));
    for (const [name, value] of Object.entries(find.query)) url.searchParams.set(name, value.replaceAll('{email}', email));
    let page = pagination.type === 'page' ? (pagination.firstPage ?? 1) : 0;
    let next: URL | undefined = url;
    while (next) {
      if (pagination.type === 'page') {
        next.searchParams.set(pagination.param, String(page));
        if (pagination.sizeParam) next.searchParams.set(pagination.sizeParam, String(pagination.size));
      }
      const response = await this.request(system, resource, next, { method: 'GET' }, context);
      const body = (await response.json()) as unknown;
      const items = valueAt(body, find.items);
      if (!Array.isArray(items))
        throw new CollectorError(`${system.id} ${resource.source}: the response has no list of records at "${find.items ?? ''}"`, false);
      for (const item of items) yield item as Json;
      if (pagination.type === 'page') {
        page++;
        next = items.length < pagination.size ? undefined : next;
      } else if (pagination.type === 'cursor') {
        const cursor = valueAt(body, pagination.next);
        if (cursor === undefined || cursor === null || cursor === '') next = undefined;
        else next.searchParams.set(pagination.param, String(cursor));
      } else if (pagination.type === 'link') {
        const link = nextLink(response.headers.get('link'));
        next = link ? new URL(link, next) : undefined;
      } else {
        next = undefined;
      }
    }
  }

  private async call(
    system: HttpSystemMapping,
    resource: HttpResource,
    call: RecordCall,
    record: Json,
    context: OperationContext,
  ): Promise<void> {
    const key = valueAt(record, resource.key);
    if (key === undefined || key === null)
      throw new CollectorError(`${system.id} ${resource.source}: a record has no "${resource.key}"`, false);
    const url = new URL(call.path.replace(/^\//, '').replaceAll('{key}', encodeURIComponent(String(key))), this.baseUrl(system));
    await this.request(system, resource, url, { method: call.method, body: call.body ? JSON.stringify(call.body) : undefined }, context);
  }

  private async request(
    system: HttpSystemMapping,
    resource: HttpResource,
    url: URL,
    init: { method: string; body?: string },
    context: OperationContext,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders(system) };
    if (init.body) headers['content-type'] = 'application/json';
    const response = await fetch(url, { ...init, headers, signal: context.signal, redirect: 'error' });
    if (!response.ok) {
      await response.body?.cancel();
      // The message names the system, endpoint and status: never the URL, which carries the e-mail.
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new CollectorError(`${system.id} ${resource.source}: HTTP ${response.status} on ${init.method}`, retryable);
    }
    return response;
  }

  private authHeaders(system: HttpSystemMapping): Record<string, string> {
    const { auth } = system;
    const secret = (name: string) => {
      const value = this.env[name];
      if (!value) throw new CollectorError(`${system.id}: the environment variable ${name} is not set`, false);
      return value;
    };
    switch (auth.type) {
      case 'bearer':
        return { authorization: `Bearer ${secret(auth.tokenEnv)}` };
      case 'header':
        return { [auth.name.toLowerCase()]: secret(auth.valueEnv) };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${secret(auth.usernameEnv)}:${secret(auth.passwordEnv)}`).toString('base64')}` };
      default:
        return {};
    }
  }

  private baseUrl(system: HttpSystemMapping): string {
    const base = system.baseUrl.startsWith('env:') ? this.env[system.baseUrl.slice(4)] : system.baseUrl;
    if (!base) throw new CollectorError(`${system.id}: ${system.baseUrl} is not set`, false);
    return base.endsWith('/') ? base : `${base}/`;
  }

  private system(systemId: string): HttpSystemMapping {
    return systemMapping(this.mappings, systemId);
  }

  private resourcesInScope(task: CollectionTask): HttpResource[] {
    return inTaskCategories(task, this.system(task.systemId).resources);
  }
}
