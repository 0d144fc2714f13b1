import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NdjsonExportCheck } from './ndjson-upload';

async function run(chunks: string[], check = new NdjsonExportCheck()) {
  const out: string[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.push(chunk.toString());
      done();
    },
  });
  await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), check, collect);
  return { text: out.join(''), check };
}

describe('NdjsonExportCheck', () => {
  it('passes records split across chunks, normalised, and counts them per category', async () => {
    const { text, check } = await run([
      '{"category":"orders","source":"inv',
      'oices","record":{"n":1},"extra":true}\n\n',
      '{"category":"identity","source":"users","record":{}}',
    ]);
    expect(text).toBe('{"category":"orders","source":"invoices","record":{"n":1}}\n{"category":"identity","source":"users","record":{}}\n');
    expect(Object.fromEntries(check.counts)).toEqual({ orders: 1, identity: 1 });
    expect(check.recordCount).toBe(2);
  });

  it.each([
    ['not json\n', 'not a JSON object'],
    ['{"category":"Orders!","source":"t","record":{}}\n', '"category" must be a data category id'],
    ['{"category":"orders","record":{}}\n', '"source" must name a table, endpoint or file'],
    ['{"category":"orders","source":"t","record":[1]}\n', '"record" must be an object'],
  ])('refuses %j, naming the line, never the data', async (input, message) => {
    await expect(run(['{"category":"orders","source":"t","record":{}}\n', input])).rejects.toMatchObject({ message, line: 2 });
  });

  it('refuses a category outside the task, and an export above the size limit', async () => {
    await expect(
      run(['{"category":"health","source":"t","record":{}}\n'], new NdjsonExportCheck({ categories: ['orders'] })),
    ).rejects.toThrow('category "health" is not in the task\'s scope');
    await expect(run(['x'.repeat(50), 'y'.repeat(60)], new NdjsonExportCheck({ maxBytes: 100 }))).rejects.toThrow('larger than 100 bytes');
  });
});
