import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_EVENT_TYPES, ALL_TOPICS, EventType, EventTypes, isEventType } from './topics';

const REPO_ROOT = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return name.endsWith('.ts') && !name.includes('.spec.') && !name.includes('.int-spec.') ? [path] : [];
  });
}

/** The event types the `@OnEvent` methods of these files handle. */
function handledIn(files: string[]): Set<EventType> {
  const handled = new Set<EventType>();
  for (const file of files) {
    for (const [, key] of readFileSync(file, 'utf8').matchAll(/@OnEvent\(EventTypes\.(\w+)\)/g)) {
      handled.add(EventTypes[key as keyof typeof EventTypes]);
    }
  }
  return handled;
}

/** Each app with the event types it consumes: its own handlers, and those of the collector SDK modules it registers. */
function consumersInCode(): Map<string, Set<EventType>> {
  const sdk = join(REPO_ROOT, 'libs/collector-sdk/src');
  const sdkHandlers = handledIn(
    readdirSync(sdk)
      .filter((f) => f.endsWith('.handler.ts'))
      .map((f) => join(sdk, f)),
  );
  const externalHandlers = handledIn(sources(join(sdk, 'external')));
  const apps = new Map<string, Set<EventType>>();
  for (const app of readdirSync(join(REPO_ROOT, 'apps'))) {
    const files = sources(join(REPO_ROOT, 'apps', app, 'src'));
    const handled = handledIn(files);
    const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    if (text.includes('CollectorSdkModule.register')) sdkHandlers.forEach((type) => handled.add(type));
    if (text.includes('ExternalTasksModule.register')) externalHandlers.forEach((type) => handled.add(type));
    if (handled.size > 0) apps.set(app, handled);
  }
  return apps;
}

/** The README's tables of topics and event types: name → its consumers cell. */
function consumersInReadme(): Map<string, string> {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const [, type, , consumers] of readme.matchAll(/^\| `(dsar\.[a-z-]+\.[a-z-]+\.v\d+)`\s*\|([^|]*)\|([^|]*)\|/gm)) {
    rows.set(type, consumers);
  }
  return rows;
}

describe('libs/contracts/README.md', () => {
  const readme = consumersInReadme();
  const code = consumersInCode();

  it('lists every topic and every event type', () => {
    expect([...readme.keys()].filter((name) => !isEventType(name))).toEqual([...ALL_TOPICS]);
    expect([...readme.keys()].filter(isEventType).sort()).toEqual([...ALL_EVENT_TYPES].sort());
  });

  it.each([...ALL_EVENT_TYPES])('names the services that consume %s, and only those', (type) => {
    const cell = readme.get(type) ?? '';
    const named = [...code.keys()].filter((app) => new RegExp(`(^|[^a-z-])${app}([^a-z-]|$)`).test(cell));
    const consuming = [...code].filter(([, types]) => types.has(type)).map(([app]) => app);
    expect(named.sort()).toEqual(consuming.sort());
  });
});
