import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EncryptedFileBlobStore, readBlobText } from './encrypted-file-blob-store';

async function newStore() {
  const root = await mkdtemp(join(tmpdir(), 'dsar-blobs-'));
  return { root, store: new EncryptedFileBlobStore(root, randomBytes(32)) };
}

describe('EncryptedFileBlobStore', () => {
  it('round-trips a blob and reports the plaintext size and checksum', async () => {
    const { store } = await newStore();
    const text = JSON.stringify({ email: 'ada@example.org', rows: Array.from({ length: 5000 }, (_, i) => i) });
    const stored = await store.put('exports/req-1/crm.json', Readable.from([text]));
    expect(stored.size).toBe(Buffer.byteLength(text));
    expect(stored.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(await readBlobText(store, 'exports/req-1/crm.json')).toBe(text);
  });

  it('never writes the plaintext to disk', async () => {
    const { root, store } = await newStore();
    await store.put('a/secret.json', Readable.from(['ada@example.org']));
    const raw = await readFile(join(root, 'a', 'secret.json.enc'));
    expect(raw.includes(Buffer.from('ada@example.org'))).toBe(false);
  });

  it('detects a tampered blob', async () => {
    const { root, store } = await newStore();
    await store.put('t.json', Readable.from(['x'.repeat(100)]));
    const path = join(root, 't.json.enc');
    const raw = await readFile(path);
    raw[raw.length - 30] ^= 0xff;
    await writeFile(path, raw);
    await expect(readBlobText(store, 't.json')).rejects.toThrow();
  });

  it('cannot be read with another master key', async () => {
    const { root, store } = await newStore();
    await store.put('k.json', Readable.from(['hello']));
    const other = new EncryptedFileBlobStore(root, randomBytes(32));
    await expect(readBlobText(other, 'k.json')).rejects.toThrow();
  });

  it('leaves nothing behind when the source stream fails', async () => {
    const { root, store } = await newStore();
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put('dir/broken.json', failing)).rejects.toThrow('source broke');
    expect(await readdir(join(root, 'dir'))).toEqual([]);
  });

  it('refuses keys that escape the root', async () => {
    const { store } = await newStore();
    await expect(store.put('../escape', Readable.from(['x']))).rejects.toThrow(/invalid blob key/);
  });

  it('deletes a blob and the folders it leaves empty, never the root', async () => {
    const { root, store } = await newStore();
    await store.put('letters/a1/letter.pdf', Readable.from(['%PDF-']));
    await store.put('letters/b2/letter.pdf', Readable.from(['%PDF-']));
    await store.delete('letters/a1/letter.pdf');
    expect(await readdir(join(root, 'letters'))).toEqual(['b2']);
    await store.delete('letters/b2/letter.pdf');
    expect(await readdir(root)).toEqual([]);
    expect(await store.exists('letters/b2/letter.pdf')).toBe(false);
  });
});
