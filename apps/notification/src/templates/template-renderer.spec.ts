import { loadControllerProfiles } from '@dsar/profiles';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ControllerDirectory } from '../controllers/controller-directory';
import { ALL_MESSAGE_KINDS } from './message-kinds';
import { SAMPLE_DATA } from './sample-data';
import { TemplateRenderer } from './template-renderer';

const profiles = loadControllerProfiles(resolve(__dirname, '../../../../config/controllers')).profiles;
const directory = new ControllerDirectory(profiles);

describe('template renderer', () => {
  const renderer = new TemplateRenderer(directory);

  it.each(ALL_MESSAGE_KINDS.flatMap((kind) => [[kind, 'en'] as const, [kind, 'fr'] as const]))(
    'renders %s in %s with a subject, an HTML part, a text part and the controller filled in',
    (kind, language) => {
      const mail = renderer.render(kind, language, 'demo', SAMPLE_DATA[kind]);
      expect(mail.language).toBe(language);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[{}]/);
      expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang=['"]${language}['"]>`));
      expect(mail.html).toContain('Demo Controller SAS');
      expect(mail.text).toContain('dpo@demo.example.org');
      expect(mail.text).not.toMatch(/[{}]|<\w/);
      expect(mail.text).not.toContain('undefined');
    },
  );

  it('acknowledges with the reference, the due date in the controller time zone and what happens next', () => {
    const en = renderer.render('acknowledgement', 'en', 'demo', SAMPLE_DATA.acknowledgement);
    expect(en.subject).toBe('We received your request DSAR-7K3F-Q9ZD');
    expect(en.text).toContain('request for access to your data (reference DSAR-7K3F-Q9ZD)');
    expect(en.text).toContain('by 22 December 2026 (2026-12-22)');
    expect(en.text).toContain('confirm your identity');
    const fr = renderer.render('acknowledgement', 'fr-FR', 'demo', SAMPLE_DATA.acknowledgement);
    expect(fr.subject).toBe('Nous avons bien reçu votre demande DSAR-7K3F-Q9ZD');
    expect(fr.text).toContain("votre demande d'accès à vos données");
    expect(fr.text).toContain('le 22 décembre 2026');
  });

  it('gives a refusal its reason, the authority of the profile and the judicial remedy', () => {
    const en = renderer.render('rejection', 'en', 'demo', { reference: 'DSAR-AB12-CD34', reason: 'no-data-held' });
    expect(en.text).toContain('We cannot act on your request DSAR-AB12-CD34: we hold no data about you.');
    expect(en.text).toMatch(
      /lodge a complaint with Commission nationale de l'informatique et des libertés \(CNIL\) \(https:\/\/www\.cnil\.fr\/\) and seek a judicial remedy/,
    );
    const fr = renderer.render('rejection', 'fr', 'demo', { reference: 'DSAR-AB12-CD34', reason: 'excessive', authority: { name: 'ICO' } });
    expect(fr.text).toContain('la demande est excessive');
    expect(fr.text).toContain('introduire une réclamation auprès de ICO et former un recours juridictionnel');
  });

  it('escapes what staff typed in the HTML part', () => {
    const mail = renderer.render('information-requested', 'en', 'demo', { reference: 'R', message: '<script>alert(1)</script>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('<script>alert(1)</script>');
  });

  it('keeps a single link on its own line in the text part', () => {
    const mail = renderer.render('package-ready', 'en', 'demo', SAMPLE_DATA['package-ready']);
    expect(mail.text).toContain('\nhttps://privacy.example.org/v1/downloads/sample-token\n');
  });

  it('lets a controller override one template and falls back to English for a language it lacks', () => {
    const overrides = mkdtempSync(join(tmpdir(), 'dsar-templates-'));
    mkdirSync(join(overrides, 'demo', 'fr'), { recursive: true });
    writeFileSync(join(overrides, 'demo', 'fr', 'cancellation.subject.hbs'), 'Demande {{reference}} close — {{controller.name}}');
    writeFileSync(join(overrides, 'demo', 'fr', 'cancellation.html.hbs'), '<p>Annulée.</p>');
    const custom = new TemplateRenderer(directory, overrides);
    expect(custom.render('cancellation', 'fr', 'demo', { reference: 'R-1' }).subject).toBe('Demande R-1 close — Demo Controller SAS');
    expect(custom.render('cancellation', 'fr', '7speaking', { reference: 'R-1' }).subject).toBe('Votre demande R-1 est annulée');
    expect(custom.render('cancellation', 'de', 'demo', { reference: 'R-1' })).toMatchObject({
      language: 'en',
      subject: 'Your request R-1 is cancelled',
    });
  });
});
