export * from './blob-store';
export * from './encrypted-file-blob-store';
export * from './data-key-wrapping';
export * from './document-type';
export * from './s3-blob-store';
