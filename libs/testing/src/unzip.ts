import { buffer } from 'node:stream/consumers';
import { Entry, fromBuffer, ZipFile } from 'yauzl';

/** Every entry of a ZIP, by name: for tests, on small packages. */
export async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await new Promise<ZipFile>((done, fail) => fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? fail(e) : done(z))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((done, fail) => {
    file.on('entry', (entry: Entry) => {
      file.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        buffer(stream).then((content) => {
          entries.set(entry.fileName, content);
          file.readEntry();
        }, fail);
      });
    });
    file.on('end', done);
    file.on('error', fail);
    file.readEntry();
  });
  return entries;
}
