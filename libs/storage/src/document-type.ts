export type DocumentType = { extension: 'pdf' | 'jpg' | 'png'; contentType: string };

/** Recognises the documents people send (PDF, JPEG, PNG) by their first bytes, never by the name or the declared type. */
export function documentTypeOf(content: Buffer): DocumentType | undefined {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return { extension: 'pdf', contentType: 'application/pdf' };
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return { extension: 'jpg', contentType: 'image/jpeg' };
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { extension: 'png', contentType: 'image/png' };
  }
  return undefined;
}
