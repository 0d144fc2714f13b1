export * from './blob-store';
export * from './encrypted-file-blob-store';
