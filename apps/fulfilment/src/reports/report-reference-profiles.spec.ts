import { authorityFor, localize } from '@dsar/domain';
import { loadControllerProfiles } from '@dsar/profiles';
import { resolve } from 'node:path';
import { buildReport } from './report-model';
import { renderReportHtml } from './report-renderer';
import { REPORT_STRINGS } from './report-strings';

const profiles = loadControllerProfiles(resolve(__dirname, '../../../../config/controllers')).profiles;
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every shipped controller profile's access report carries its own register and authority (Art. 15(1)-(2)). */
describe.each([...profiles.keys()])('the access report of %s', (controllerId) => {
  const profile = profiles.get(controllerId)!;

  it.each(profile.languages)('in %s, draws every purpose, recipient, transfer and automated decision from its register', (language) => {
    const authority = authorityFor(profile, 'FR');
    const html = renderReportHtml(
      buildReport({
        profile,
        language,
        kind: 'access',
        requestType: 'access',
        reference: 'DSAR-TEST-0001',
        generatedAt: new Date('2026-11-22T10:00:00Z'),
        partial: false,
        systems: profile.systems.map((s) => ({ systemId: s.id, name: s.name, outcome: 'no-data', recordCount: 0, categories: [] })),
        authority,
      }),
    );
    const t = REPORT_STRINGS[language];
    const text = (value: Parameters<typeof localize>[0]) => escape(localize(value, language, profile));
    expect(html).toContain(`<!doctype html>\n<html lang='${language}'>`);
    expect(html).toContain(escape(profile.legalEntity.name));
    expect(html).toContain(escape(authority.name));
    for (const purpose of profile.register.purposes) {
      expect(html).toContain(text(purpose.name));
      expect(html).toContain(escape(t.legalBases[purpose.legalBasis]));
      expect(html).toContain(escape(purpose.retention.basis));
    }
    const used = new Set(profile.register.purposes.flatMap((p) => p.recipients));
    for (const recipient of profile.register.recipients.filter((r) => used.has(r.id))) expect(html).toContain(text(recipient.name));
    for (const source of profile.register.sources.filter((s) => s.kind !== 'data-subject')) expect(html).toContain(text(source.name));
    if (profile.register.transfers.length === 0) expect(html).toContain(escape(t.noTransfers));
    for (const transfer of profile.register.transfers) {
      expect(html).toContain(transfer.countries.join(', '));
      for (const safeguard of transfer.safeguards) expect(html).toContain(escape(t.safeguardNames[safeguard]));
    }
    if (profile.register.automatedDecisions.length === 0) expect(html).toContain(escape(t.noAutomatedDecisions));
    for (const decision of profile.register.automatedDecisions) expect(html).toContain(text(decision.description));
    if (profile.dpo?.email) expect(html).toContain(profile.dpo.email);
  });
});
