import { BlobStore } from '@dsar/storage';

export const BLOB_STORE = Symbol('dsar:blob-store');
export type { BlobStore };
