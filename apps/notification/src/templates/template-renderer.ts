import Handlebars from 'handlebars';
import { convert } from 'html-to-text';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ControllerDirectory } from '../controllers/controller-directory';
import { MessageKind } from './message-kinds';
import { TemplateLanguage, templateLanguageOf, wordFor } from './vocabulary';

/** A message ready to send: subject, HTML part and the plain-text part derived from it. */
export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
  language: TemplateLanguage;
}

/** The templates shipped with the service: `<dir>/<controller id | default>/<language>/<kind>.{subject,html}.hbs`. */
export const BUILTIN_TEMPLATES_DIR = resolve(__dirname, '../../templates');

export class TemplateNotFoundError extends Error {
  constructor(kind: string) {
    super(`no template for message kind ${kind}`);
    this.name = 'TemplateNotFoundError';
  }
}

interface CompiledKind {
  subject: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
  /** Wraps the HTML of every kind: `{{{content}}}` is where it goes. */
  layout?: HandlebarsTemplateDelegate;
}

const TEXT_OPTIONS = {
  // No wrapping: a mail client wraps; a wrapped line would cut a sentence a reader (or a test) looks for.
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

function formatDate(iso: unknown, language: TemplateLanguage, timeZone: string, withTime: boolean): string {
  if (typeof iso !== 'string' && !(iso instanceof Date)) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time: Intl.DateTimeFormatOptions = withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {};
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...time,
    timeZone,
  }).format(date);
}

/** YYYY-MM-DD of the instant in the controller's time zone. */
function isoDate(iso: unknown, timeZone: string): string {
  if (typeof iso !== 'string' && !(iso instanceof Date)) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
}

/**
 * Renders messages from Handlebars templates per controller, language and kind. A controller's
 * own folder (in MAIL_TEMPLATES_DIR, then in the built-in set) overrides the `default` one file
 * by file; a language without the template falls back to English.
 */
export class TemplateRenderer {
  private readonly cache = new Map<string, { handlebars: typeof Handlebars; kinds: Map<string, CompiledKind | null> }>();

  constructor(
    private readonly controllers: ControllerDirectory,
    private readonly overrideDir?: string,
    private readonly builtinDir: string = BUILTIN_TEMPLATES_DIR,
  ) {}

  render(kind: MessageKind, language: string | undefined, controllerId: string, data: Record<string, unknown>): RenderedMessage {
    const wanted = templateLanguageOf(language);
    for (const candidate of wanted === 'en' ? (['en'] as const) : ([wanted, 'en'] as const)) {
      const compiled = this.compiled(controllerId, candidate, kind);
      if (!compiled) continue;
      const controller = this.controllers.contactOf(controllerId);
      const context = {
        ...data,
        controller,
        authority: data.authority ?? controller.authority,
        _lang: candidate,
        _tz: controller.timeZone,
      };
      const body = compiled.html(context);
      const html = `<!DOCTYPE html>\n${compiled.layout ? compiled.layout({ ...context, content: body }) : body}`;
      const subject = compiled.subject(context).replace(/\s+/g, ' ').trim();
      return { subject, html, text: convert(html, TEXT_OPTIONS).trim() + '\n', language: candidate };
    }
    throw new TemplateNotFoundError(kind);
  }

  private folders(controllerId: string, language: TemplateLanguage): string[] {
    const roots = [this.overrideDir, this.builtinDir].filter((dir): dir is string => Boolean(dir));
    const safeId = /^[a-z0-9][a-z0-9-]*$/.test(controllerId) ? controllerId : 'default';
    return roots.flatMap((root) => [join(root, safeId, language), join(root, 'default', language)]).filter((dir) => existsSync(dir));
  }

  private find(folders: string[], file: string): string | undefined {
    for (const folder of folders) {
      if (existsSync(join(folder, file))) return readFileSync(join(folder, file), 'utf8');
    }
    return undefined;
  }

  private compiled(controllerId: string, language: TemplateLanguage, kind: MessageKind): CompiledKind | null {
    const key = `${controllerId}/${language}`;
    let entry = this.cache.get(key);
    const folders = this.folders(controllerId, language);
    if (!entry) {
      const handlebars = Handlebars.create();
      handlebars.registerHelper('date', function (this: unknown, iso: unknown, options: Handlebars.HelperOptions) {
        return formatDate(iso, options.data.root._lang, options.data.root._tz, false);
      });
      handlebars.registerHelper('dateTime', function (this: unknown, iso: unknown, options: Handlebars.HelperOptions) {
        return formatDate(iso, options.data.root._lang, options.data.root._tz, true);
      });
      handlebars.registerHelper('isoDate', function (this: unknown, iso: unknown, options: Handlebars.HelperOptions) {
        return isoDate(iso, options.data.root._tz);
      });
      handlebars.registerHelper('word', function (this: unknown, list: string, code: string, options: Handlebars.HelperOptions) {
        return wordFor(list, options.data.root._lang, code);
      });
      handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
      entry = { handlebars, kinds: new Map() };
      this.cache.set(key, entry);
    }
    if (!entry.kinds.has(kind)) {
      const subject = this.find(folders, `${kind}.subject.hbs`);
      const html = this.find(folders, `${kind}.html.hbs`);
      const layout = this.find(folders, 'layout.html.hbs');
      entry.kinds.set(
        kind,
        subject && html
          ? {
              subject: entry.handlebars.compile(subject, { noEscape: true }),
              html: entry.handlebars.compile(html),
              layout: layout ? entry.handlebars.compile(layout) : undefined,
            }
          : null,
      );
    }
    return entry.kinds.get(kind) ?? null;
  }
}
