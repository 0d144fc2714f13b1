import { parseControllerProfile } from '@dsar/profiles';
import { EncryptedFileBlobStore } from '@dsar/storage';
import { unzip } from '@dsar/testing';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { buildReport } from '../reports/report-model';
import { renderReportHtml, renderReportPdf } from '../reports/report-renderer';
import { PackageManifest } from './package-manifest';
import { PackageDescription, writePackage } from './package-writer';
import { RequestKeyCipher } from './request-key-cipher';

const profile = parseControllerProfile(
  readFileSync(resolve(__dirname, '../../../../config/controllers/demo.yaml'), 'utf8'),
  'demo.yaml',
).profile;

const ndjson = (lines: object[]) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';

describe('a package streamed as a ZIP from NDJSON exports', () => {
  let dir: string;
  let store: EncryptedFileBlobStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsar-package-'));
    store = new EncryptedFileBlobStore(dir, randomBytes(32));
    await store.put(
      'exports/crm.ndjson',
      Readable.from([
        ndjson([
          { category: 'identity', source: 'crm.customers', record: { id: 1, first_name: 'Ada', last_name: 'Lovelace', tags: ['vip'] } },
          { category: 'orders', source: 'crm.orders', record: { id: 7, product: 'Course, "20" lessons', amount: 120.5 } },
          { category: 'orders', source: 'crm.orders', record: { id: 8, product: 'Workshop', note: 'bought for Alan Turing' } },
        ]),
      ]),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function describePackage(language: string, redactions: PackageDescription['redactions'] = []): PackageDescription {
    const systems = [
      {
        systemId: 'demo-crm',
        name: 'Demo CRM',
        action: 'export',
        outcome: 'exported',
        recordCount: 3,
        exportKey: 'exports/crm.ndjson',
        categories: [
          { category: 'identity', records: 1 },
          { category: 'orders', records: 2 },
        ],
      },
      {
        systemId: 'demo-marketing',
        name: 'Demo marketing platform',
        action: 'export',
        outcome: 'no-data',
        recordCount: 0,
        exportKey: null,
        categories: [],
      },
    ];
    const model = buildReport({
      profile,
      language,
      kind: 'access',
      requestType: 'access',
      reference: 'DSAR-AAAA-BBBB',
      generatedAt: new Date('2026-11-22T10:00:00Z'),
      partial: false,
      systems,
      authority: profile.supervisoryAuthorities[0],
    });
    return {
      requestId: '6f1e1f3e-0000-4000-8000-000000000001',
      reference: 'DSAR-AAAA-BBBB',
      kind: 'access',
      requestType: 'access',
      controllerId: 'demo',
      language,
      generatedAt: new Date('2026-11-22T10:00:00Z'),
      partial: false,
      systems,
      redactions,
      report: { html: renderReportHtml(model), pdf: () => renderReportPdf(model) },
    };
  }

  it('holds each system as JSON and CSV, the report, a manifest and checksums that match', async () => {
    const { zip, manifest } = writePackage(describePackage('en'), (key) => store.get(key));
    const entries = await unzip(await buffer(zip));
    const written = await manifest;
    expect([...entries.keys()].sort()).toEqual(
      ['checksums.sha256', 'manifest.json', 'report.html', 'report.pdf', 'systems/demo-crm/data.csv', 'systems/demo-crm/data.json'].sort(),
    );
    const inZip = JSON.parse(entries.get('manifest.json')!.toString()) as PackageManifest;
    expect(inZip).toEqual(written);
    expect(inZip.systems.map((s) => [s.systemId, s.outcome, s.recordCount])).toEqual([
      ['demo-crm', 'exported', 3],
      ['demo-marketing', 'no-data', 0],
    ]);
    for (const file of inZip.files) {
      expect(createHash('sha256').update(entries.get(file.path)!).digest('hex')).toBe(file.sha256);
      expect(entries.get(file.path)!.length).toBe(file.size);
    }
    const checksums = entries.get('checksums.sha256')!.toString().trim().split('\n');
    expect(checksums).toHaveLength(inZip.files.length + 1);
    for (const line of checksums) {
      const [sha256, path] = line.split('  ');
      expect(createHash('sha256').update(entries.get(path)!).digest('hex')).toBe(sha256);
    }

    const data = JSON.parse(entries.get('systems/demo-crm/data.json')!.toString());
    expect(data.records.map((r: { record: { id: number } }) => r.record.id)).toEqual([1, 7, 8]);
    const csv = entries.get('systems/demo-crm/data.csv')!.toString().trim().split('\n');
    expect(csv[0]).toBe('category,source,id,first_name,last_name,tags,product,amount,note');
    expect(csv[1]).toBe('identity,crm.customers,1,Ada,Lovelace,"[""vip""]",,,');
    expect(csv[2]).toBe('orders,crm.orders,7,,,,"Course, ""20"" lessons",120.5,');
    expect(entries.get('report.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes the report from the register, in the subject language', async () => {
    const { zip } = writePackage(describePackage('fr'), (key) => store.get(key));
    const html = (await unzip(await buffer(zip))).get('report.html')!.toString();
    expect(html).toContain("<html lang='fr'>");
    expect(html).toContain('Gestion de votre compte client');
    expect(html).toContain('Code de commerce art. L123-22');
    expect(html).toContain('10 ans à compter de la clôture de l&#x27;exercice');
    expect(html).toContain('Demo Hosting SAS (hébergeur) (FR)');
    expect(html).toContain('Commission nationale de l&#x27;informatique et des libertés (CNIL)');
    expect(html).toContain('Vos données ne sont pas transférées hors de l&#x27;Espace économique européen.');
  });

  it('leaves out or masks what the DPO redacted', async () => {
    const { zip, manifest } = writePackage(
      describePackage('en', [
        { systemId: 'demo-crm', recordIndex: 2 },
        { systemId: 'demo-crm', recordIndex: 0, fields: ['last_name'] },
      ]),
      (key) => store.get(key),
    );
    const entries = await unzip(await buffer(zip));
    const all = [...entries.values()].map((b) => b.toString('latin1')).join('');
    expect(all).not.toContain('Turing');
    expect(all).not.toContain('Lovelace');
    const data = JSON.parse(entries.get('systems/demo-crm/data.json')!.toString());
    expect(data.records.map((r: { record: { id: number } }) => r.record.id)).toEqual([1, 7]);
    expect((await manifest).systems[0].redactedRecords).toBe(2);
  });

  it('encrypts with the request key, and nothing reads it once the key is gone', async () => {
    const cipher = new RequestKeyCipher(randomBytes(32));
    const key = cipher.newWrappedKey();
    const sealed = await buffer(cipher.encrypt(key, Readable.from([Buffer.from('hello '), Buffer.from('world')])));
    expect(sealed.includes('hello')).toBe(false);
    const opened = await buffer(
      Readable.from([sealed.subarray(0, 7), sealed.subarray(7, 30), sealed.subarray(30)]).pipe(cipher.decrypt(key)),
    );
    expect(opened.toString()).toBe('hello world');
    const tampered = Buffer.from(sealed);
    tampered[25] ^= 1;
    await expect(buffer(Readable.from([tampered]).pipe(cipher.decrypt(key)))).rejects.toThrow();
    await expect(buffer(Readable.from([sealed]).pipe(cipher.decrypt(cipher.newWrappedKey())))).rejects.toThrow();
  });
});
