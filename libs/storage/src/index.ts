export * from './blob-store';
export * from './encrypted-file-blob-store';
export * from './data-key-wrapping';
export * from './document-type';
