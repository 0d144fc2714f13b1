import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobStore } from './blob-store';
import { readBlobText } from './encrypted-file-blob-store';

/** A store under test, and another over the same storage with a different master key. */
export interface StoreUnderTest {
  store: BlobStore;
  withOtherMasterKey(): BlobStore;
}

/** Streams `size` bytes without holding them, with the SHA-256 the store must report. */
function generated(size: number): { stream: Readable; sha256: () => string } {
  const digest = createHash('sha256');
  let left = size;
  const stream = new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const chunk = randomBytes(Math.min(left, 256 * 1024));
      left -= chunk.length;
      digest.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => digest.digest('hex') };
}

/** What every BlobStore must do, whatever holds the blobs: run against each implementation. */
export function describeBlobStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the blob-store contract`, () => {
    let subject: StoreUnderTest;
    let store: BlobStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
      await store.prepare();
      await store.prepare(); // idempotent
    });

    it('round-trips a blob and reports the plaintext size and checksum', async () => {
      const text = JSON.stringify({ email: 'ada@example.org', rows: Array.from({ length: 5000 }, (_, i) => i) });
      const stored = await store.put('exports/req-1/crm.json', Readable.from([text]));
      expect(stored).toEqual({
        key: 'exports/req-1/crm.json',
        size: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      });
      expect(await readBlobText(store, 'exports/req-1/crm.json')).toBe(text);
      expect(await store.exists('exports/req-1/crm.json')).toBe(true);
    });

    it('streams a blob larger than one upload part both ways, byte for byte', async () => {
      const size = 12 * 1024 * 1024 + 12_345;
      const source = generated(size);
      const stored = await store.put('packages/big/reply.zip', source.stream);
      expect(stored.size).toBe(size);
      expect(stored.sha256).toBe(source.sha256());
      const digest = createHash('sha256');
      let read = 0;
      for await (const chunk of await store.get('packages/big/reply.zip')) {
        digest.update(chunk as Buffer);
        read += (chunk as Buffer).length;
      }
      expect(read).toBe(size);
      expect(digest.digest('hex')).toBe(stored.sha256);
    });

    it('stores an empty blob', async () => {
      const stored = await store.put('empty/nothing.json', Readable.from([]));
      expect(stored.size).toBe(0);
      expect(await readBlobText(store, 'empty/nothing.json')).toBe('');
    });

    it('cannot be read with another master key', async () => {
      await store.put('k/secret.json', Readable.from(['hello']));
      await expect(readBlobText(subject.withOtherMasterKey(), 'k/secret.json')).rejects.toThrow();
    });

    it('leaves nothing behind when the source stream fails', async () => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('source broke'));
        },
      });
      await expect(store.put('dir/broken.json', failing)).rejects.toThrow('source broke');
      expect(await store.exists('dir/broken.json')).toBe(false);
    });

    it('refuses keys that escape their place', async () => {
      await expect(store.put('../escape', Readable.from(['x']))).rejects.toThrow(/invalid blob key/);
      await expect(store.get('a/../../b')).rejects.toThrow(/invalid blob key/);
    });

    it('deletes a blob, and deleting it again is harmless', async () => {
      await store.put('letters/a1/letter.pdf', Readable.from(['%PDF-']));
      await store.delete('letters/a1/letter.pdf');
      expect(await store.exists('letters/a1/letter.pdf')).toBe(false);
      await expect(store.delete('letters/a1/letter.pdf')).resolves.toBeUndefined();
      await expect(store.get('letters/a1/letter.pdf')).rejects.toThrow();
    });

    it('never sweeps a stored blob', async () => {
      await store.put('kept/blob.json', Readable.from(['kept']));
      await store.sweepInterrupted(new Date(Date.now() + 60_000));
      expect(await readBlobText(store, 'kept/blob.json')).toBe('kept');
    });
  });
}
