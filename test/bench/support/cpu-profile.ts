import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: { name: string; selfMs: number; share: number }[];
  byArea: { area: string; selfMs: number; share: number }[];
  /** Time spent inside (self and below) frames of interest, e.g. the intake use case. */
  inclusive: { name: string; ms: number; share: number }[];
}

/** Where a frame's code lives: a package, the app's own code, or the runtime. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/(apps|libs)\/([^/]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url;
}

/** Frames of interest, by source location: a sample counts for a label when any frame of its stack matches. */
const INCLUSIVE_FRAMES: [string, RegExp][] = [
  ['apps/intake (synchronous parts)', /\/apps\/intake\//],
  ['apps/identity', /\/apps\/identity\//],
  ['apps/notification', /\/apps\/notification\//],
  ['apps/backoffice', /\/apps\/backoffice\//],
  ['apps/fulfilment', /\/apps\/fulfilment\//],
  ['libs/messaging (outbox, relay, transport)', /\/libs\/messaging\//],
  ['class-transformer / class-validator', /node_modules\/class-(transformer|validator)\//],
  ['typeorm', /node_modules\/typeorm\//],
  ['pg driver', /node_modules\/pg(-protocol|-pool)?\//],
  ['pino / pino-http / nestjs-pino', /node_modules\/(pino|pino-http|nestjs-pino)\//],
  ['@nestjs/throttler', /node_modules\/@nestjs\/throttler\//],
  ['express / router / body-parser', /node_modules\/(express|router|body-parser|raw-body)\//],
  ['@nestjs/core', /node_modules\/@nestjs\/core\//],
];

/** Self time per function and per area, and inclusive time under a few frames of interest. */
export function summariseCpuProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${area}${url && !url.includes('node_modules') && !url.startsWith('node:') ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    areas.set(area, (areas.get(area) ?? 0) + us);
    // Inclusive: charge the sample once to every frame of interest on its stack.
    const charged = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      for (const [label, pattern] of INCLUSIVE_FRAMES) {
        if (!charged.has(label) && pattern.test(frame.url)) {
          charged.add(label);
          inclusive.set(label, (inclusive.get(label) ?? 0) + us);
        }
      }
    }
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return {
    totalMs: totalUs / 1000,
    byFunction: rank(functions).map(({ name, ms, share }) => ({ name, selfMs: ms, share })),
    byArea: rank(areas).map(({ name, ms, share }) => ({ area: name, selfMs: ms, share })),
    inclusive: rank(inclusive),
  };
}
