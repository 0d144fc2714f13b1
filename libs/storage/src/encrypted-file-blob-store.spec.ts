import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeBlobStoreContract } from './blob-store.contract';
import { EncryptedFileBlobStore, readBlobText } from './encrypted-file-blob-store';

async function newStore() {
  const root = await mkdtemp(join(tmpdir(), 'dsar-blobs-'));
  return { root, store: new EncryptedFileBlobStore(root, randomBytes(32)) };
}

describeBlobStoreContract('EncryptedFileBlobStore', async () => {
  const { root, store } = await newStore();
  return { store, withOtherMasterKey: () => new EncryptedFileBlobStore(root, randomBytes(32)) };
});

describe('EncryptedFileBlobStore', () => {
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

  it('leaves no temporary file when the source stream fails', async () => {
    const { root, store } = await newStore();
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put('dir/broken.json', failing)).rejects.toThrow('source broke');
    expect(await readdir(join(root, 'dir'))).toEqual([]);
  });

  it('deletes a blob and the folders it leaves empty, never the root', async () => {
    const { root, store } = await newStore();
    await store.put('letters/a1/letter.pdf', Readable.from(['%PDF-']));
    await store.put('letters/b2/letter.pdf', Readable.from(['%PDF-']));
    await store.delete('letters/a1/letter.pdf');
    expect(await readdir(join(root, 'letters'))).toEqual(['b2']);
    await store.delete('letters/b2/letter.pdf');
    expect(await readdir(root)).toEqual([]);
  });

  it('sweeps the temporary files a crash left, only once they are old enough', async () => {
    const { root, store } = await newStore();
    await store.put('exports/r1/crm.json', Readable.from(['kept']));
    const leftover = join(root, 'exports', 'r1', 'hr.json.enc.0b8f.partial');
    await writeFile(leftover, 'half a blob');
    expect(await store.sweepInterrupted(new Date(Date.now() - 60_000))).toBe(0);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(leftover, anHourAgo, anHourAgo);
    expect(await store.sweepInterrupted(new Date(Date.now() - 60_000))).toBe(1);
    expect(await readdir(join(root, 'exports', 'r1'))).toEqual(['crm.json.enc']);
  });
});
