import { ControllerProfile, Language, LANGUAGES, localize, parseIsoDuration, RetentionRule, SupervisoryAuthority } from '@dsar/domain';
import { CategoryOutcome } from '@dsar/contracts';
import { PackageKind } from '../packages/package-manifest';
import { REPORT_STRINGS, ReportStrings } from './report-strings';

export interface ReportSystem {
  systemId: string;
  name: string;
  outcome: string;
  recordCount: number;
  categories: CategoryOutcome[];
}

export interface ReportInput {
  profile: ControllerProfile;
  language: string;
  kind: PackageKind;
  requestType: string;
  reference?: string;
  generatedAt: Date;
  partial: boolean;
  systems: ReportSystem[];
  /** The register categories the request covers; every category when absent. */
  categories?: string[];
  authority: Pick<SupervisoryAuthority, 'name' | 'country' | 'website'>;
  /** Recipients told of an erasure, rectification or restriction (Art. 19), by display name. */
  recipientsInformed?: string[];
}

export interface ReportItem {
  title: string;
  lines: string[];
}

export interface ReportSection {
  heading: string;
  paragraphs: string[];
  items: ReportItem[];
}

/** Everything a report says, already worded in one language: the HTML and PDF renderers only lay it out. */
export interface ReportModel {
  language: Language;
  title: string;
  controller: string;
  intro: string;
  meta: { label: string; value: string }[];
  warning?: string;
  sections: ReportSection[];
}

export function reportLanguage(profile: ControllerProfile, wanted: string): Language {
  const supported = profile.languages as readonly string[];
  if (supported.includes(wanted) && (LANGUAGES as readonly string[]).includes(wanted)) return wanted as Language;
  return profile.languages[0];
}

/**
 * The reply the law requires beside the data (GDPR Art. 15(1)(a)-(h), 15(2), 12(4), 19),
 * drawn from the controller's register and from what each system reported.
 */
export function buildReport(input: ReportInput): ReportModel {
  const { profile } = input;
  const language = reportLanguage(profile, input.language);
  const t = REPORT_STRINGS[language];
  const text = (value: Parameters<typeof localize>[0]) => localize(value, language, profile);
  const register = profile.register;
  const inScope = (category: string) => !input.categories?.length || input.categories.includes(category);
  const purposes = register.purposes.filter((purpose) => purpose.dataCategories.some(inScope));
  const categoryName = (id: string) => {
    const category = register.dataCategories.find((c) => c.id === id);
    return category ? text(category.name) : id;
  };
  const recipientName = (id: string) => {
    const recipient = register.recipients.find((r) => r.id === id);
    return recipient ? `${text(recipient.name)}${recipient.country ? ` (${recipient.country})` : ''}` : id;
  };

  const sections: ReportSection[] = [];
  // An information request has no system to report on: the register is the whole answer.
  if (input.systems.length > 0 || input.kind !== 'action-report') {
    sections.push(input.kind === 'action-report' ? actionSection(input, t, categoryName) : dataSection(input, t, categoryName));
  }
  if (input.recipientsInformed) {
    sections.push({
      heading: t.recipientsInformed,
      paragraphs: input.recipientsInformed.length ? [] : [t.none],
      items: input.recipientsInformed.map((name) => ({ title: name, lines: [] })),
    });
  }
  sections.push({
    heading: t.purposes,
    paragraphs: [],
    items: purposes.map((purpose) => ({
      title: text(purpose.name),
      lines: [
        `${t.legalBasis}: ${t.legalBases[purpose.legalBasis] ?? purpose.legalBasis}`,
        ...(purpose.legitimateInterest ? [`${t.legitimateInterest}: ${text(purpose.legitimateInterest)}`] : []),
        ...(purpose.legalObligation ? [`${t.legalObligation}: ${purpose.legalObligation}`] : []),
        `${t.dataCategories}: ${purpose.dataCategories.map(categoryName).join(', ')}`,
        `${t.recipients}: ${purpose.recipients.length ? purpose.recipients.map(recipientName).join(', ') : t.none}`,
        `${t.retention}: ${describeRetention(purpose.retention, t, text)}`,
      ],
    })),
  });
  sections.push({
    heading: t.dataCategories,
    paragraphs: [],
    items: register.dataCategories.filter((c) => inScope(c.id)).map((c) => ({ title: text(c.name), lines: [] })),
  });
  const usedRecipients = new Set(purposes.flatMap((purpose) => purpose.recipients));
  sections.push({
    heading: t.recipients,
    paragraphs: usedRecipients.size ? [] : [t.none],
    items: register.recipients.filter((r) => usedRecipients.has(r.id)).map((r) => ({ title: recipientName(r.id), lines: [] })),
  });
  const usedSources = new Set(purposes.flatMap((purpose) => purpose.sources));
  const otherSources = register.sources.filter((s) => usedSources.has(s.id) && s.kind !== 'data-subject');
  sections.push({
    heading: t.sources,
    paragraphs: [otherSources.length ? t.sourcesNotFromYou : t.allFromYou],
    items: otherSources.map((s) => ({ title: text(s.name), lines: [] })),
  });
  sections.push({
    heading: t.automatedDecisions,
    paragraphs: register.automatedDecisions.length ? [] : [t.noAutomatedDecisions],
    items: register.automatedDecisions.map((decision) => ({
      title: text(decision.description),
      lines: [
        `${t.significantEffects}: ${decision.significantEffects ? t.yes : t.no}`,
        ...(decision.logic ? [`${t.logic}: ${text(decision.logic)}`] : []),
      ],
    })),
  });
  sections.push({
    heading: t.transfers,
    paragraphs: register.transfers.length ? [] : [t.noTransfers],
    items: register.transfers.map((transfer) => ({
      title: transfer.activity ? text(transfer.activity) : transfer.countries.join(', '),
      lines: [
        `${t.countries}: ${transfer.countries.join(', ')}`,
        `${t.safeguards}: ${transfer.safeguards.map((s) => t.safeguardNames[s] ?? s).join('; ')}`,
        ...(transfer.recipients?.length ? [`${t.recipients}: ${transfer.recipients.map(recipientName).join(', ')}`] : []),
      ],
    })),
  });
  const dpo = profile.dpo;
  sections.push({
    heading: t.yourRights,
    paragraphs: [
      `${t.complaint} ${input.authority.name}${input.authority.website ? ` — ${input.authority.website}` : ''}`,
      ...(dpo ? [`${t.dpo}: ${[dpo.name, dpo.email, dpo.phone, dpo.url].filter(Boolean).join(', ')}`] : []),
    ],
    items: [...t.rights, ...(profile.postMortem.rules === 'fr-lil-84-86' ? [t.postMortemRight] : [])].map((right) => ({
      title: right,
      lines: [],
    })),
  });

  return {
    language,
    title: t.title[input.kind],
    controller: profile.legalEntity.name,
    intro: t.intro,
    meta: [
      ...(input.reference ? [{ label: t.reference, value: input.reference }] : []),
      { label: t.requestType, value: t.requestTypes[input.requestType] ?? input.requestType },
      { label: t.generatedAt, value: input.generatedAt.toISOString().slice(0, 10) },
    ],
    ...(input.partial ? { warning: t.partialWarning } : {}),
    sections,
  };
}

function dataSection(input: ReportInput, t: ReportStrings, categoryName: (id: string) => string): ReportSection {
  return {
    heading: t.yourData,
    paragraphs: [t.filesNote],
    items: input.systems.map((system) => ({
      title: system.name,
      lines: [
        `${t.outcome}: ${t.outcomes[system.outcome] ?? system.outcome}`,
        `${t.records}: ${system.recordCount}`,
        ...(system.categories.length
          ? [`${t.categoriesFound}: ${system.categories.map((c) => `${categoryName(c.category)} (${c.records})`).join(', ')}`]
          : []),
      ],
    })),
  };
}

function actionSection(input: ReportInput, t: ReportStrings, categoryName: (id: string) => string): ReportSection {
  const counters = ['erased', 'anonymised', 'rectified', 'restricted'] as const;
  return {
    heading: t.whatWasDone,
    paragraphs: [],
    items: input.systems.map((system) => {
      const lines = [`${t.outcome}: ${t.outcomes[system.outcome] ?? system.outcome}`];
      for (const category of system.categories) {
        const done = counters
          .filter((counter) => (category[counter] ?? 0) > 0)
          .map((counter) => `${category[counter]} ${t.actions[counter]}`);
        lines.push(`${categoryName(category.category)}: ${t.done} — ${done.length ? done.join(', ') : t.none}`);
        for (const kept of category.kept ?? []) {
          lines.push(
            `  ${t.kept}: ${kept.records} — ${t.keptBasis}: ${kept.basis}${kept.reason ? ` (${kept.reason})` : ''}${kept.until ? ` — ${t.keptUntil} ${kept.until}` : ''}`,
          );
        }
      }
      if (!system.categories.some((c) => c.kept?.length)) lines.push(t.nothingKept);
      return { title: system.name, lines };
    }),
  };
}

function describeRetention(rule: RetentionRule, t: ReportStrings, text: (value: Parameters<typeof localize>[0]) => string): string {
  const parts: string[] = [];
  if (rule.period) {
    const duration = parseIsoDuration(rule.period);
    const amount = duration
      ? (['years', 'months', 'weeks', 'days'] as const)
          .filter((unit) => duration[unit] > 0)
          .map((unit) => `${duration[unit]} ${t.units[unit][duration[unit] === 1 ? 0 : 1]}`)
          .join(' ')
      : rule.period;
    parts.push(rule.startsAt ? `${amount} ${t.retentionFrom} ${t.retentionEvents[rule.startsAt] ?? rule.startsAt}` : amount);
  }
  if (rule.until) parts.push(`${t.retentionUntil} ${t.retentionEvents[rule.until] ?? rule.until}`);
  let description = `${parts.join(', ')} (${rule.basis})`;
  if (rule.scope) description += ` — ${text(rule.scope)}`;
  for (const next of rule.then ?? []) description += `; ${t.then} ${describeRetention(next, t, text)}`;
  return description;
}
