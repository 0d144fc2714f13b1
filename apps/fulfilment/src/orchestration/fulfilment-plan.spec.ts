import { parseControllerProfile } from '@dsar/profiles';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectionDeadline, planFulfilment, portableCategories } from './fulfilment-plan';

const profile = parseControllerProfile(
  readFileSync(resolve(__dirname, '../../../../config/controllers/demo.yaml'), 'utf8'),
  'demo.yaml',
).profile;
const DAY = 86_400_000;
const systemsFor = (category: string) => profile.systemsMap[category] ?? [];

describe('the fulfilment plan of a verified request', () => {
  it('asks every system of the systems map for an access request, with the categories it holds', () => {
    const plan = planFulfilment(profile, 'access', { scope: 'all' });
    expect(plan.kind).toBe('access');
    expect(plan.tasks.map((t) => t.systemId).sort()).toEqual([...new Set(Object.values(profile.systemsMap).flat())].sort());
    for (const task of plan.tasks) {
      expect(task.action).toBe('export');
      for (const category of task.dataCategories!) expect(systemsFor(category)).toContain(task.systemId);
    }
  });

  it('narrows to the categories asked for', () => {
    const plan = planFulfilment(profile, 'erasure', {
      scope: 'categories',
      categories: ['marketing-consents'],
      ground: 'consent-withdrawn',
    });
    expect(plan).toEqual({
      kind: 'action-report',
      tasks: [{ systemId: 'demo-marketing', action: 'erase', dataCategories: ['marketing-consents'] }],
    });
  });

  it('asks only for what the subject provided on consent or contract, for portability', () => {
    const portable = portableCategories(profile);
    expect(portable).toContain('identity');
    expect(portable).not.toContain('support-transcripts'); // legitimate interests only
    const plan = planFulfilment(profile, 'portability', { formats: ['json'] });
    expect(plan.tasks.every((t) => t.exportScope === 'provided-by-subject')).toBe(true);
    expect(plan.tasks.flatMap((t) => t.dataCategories)).toEqual(expect.arrayContaining(portable.filter((c) => systemsFor(c).length)));
  });

  it('sends the purposes of an objection or a withdrawal to the systems that hold their data', () => {
    const plan = planFulfilment(profile, 'consent-withdrawal', { purposes: ['newsletter'] });
    expect(plan.tasks.map((t) => [t.systemId, t.action, t.purposes])).toEqual([
      ['demo-crm', 'withdraw-consent', ['newsletter']],
      ['demo-marketing', 'withdraw-consent', ['newsletter']],
    ]);
  });

  it('passes rectifications on, to the systems of a named category or else to all', () => {
    const named = planFulfilment(profile, 'rectification', { items: [{ data: 'contact', correctedValue: 'x@example.org' }] });
    expect(named.tasks).toEqual([
      {
        systemId: 'demo-crm',
        action: 'rectify',
        dataCategories: ['contact'],
        rectifications: [{ field: 'contact', value: 'x@example.org' }],
      },
    ]);
    const free = planFulfilment(profile, 'rectification', { items: [{ data: 'phone', correctedValue: '+33 1' }] });
    expect(free.tasks.length).toBe(new Set(Object.values(profile.systemsMap).flat()).size);
  });

  it('needs no system for an information request, and leaves post-mortem requests to the DPO', () => {
    expect(planFulfilment(profile, 'information', {})).toEqual({ kind: 'action-report', tasks: [] });
    expect(planFulfilment(profile, 'deceased-subject', {}).tasks).toEqual([]);
  });
});

describe('the collection timeout', () => {
  const now = new Date('2026-11-02T10:00:00Z');

  it('is the configured timeout when the due date is far', () => {
    expect(collectionDeadline(now, new Date(now.getTime() + 30 * DAY), 3 * 86_400, 7)).toEqual(new Date(now.getTime() + 3 * DAY));
  });

  it('never runs past the due date less the margin kept for review and an extension decision', () => {
    expect(collectionDeadline(now, new Date(now.getTime() + 9 * DAY), 3 * 86_400, 7)).toEqual(new Date(now.getTime() + 2 * DAY));
  });

  it('is still a moment in the future when the margin is already eaten', () => {
    expect(collectionDeadline(now, new Date(now.getTime() + 2 * DAY), 3 * 86_400, 7).getTime()).toBeGreaterThan(now.getTime());
  });
});
