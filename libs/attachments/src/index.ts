export * from './file-store.port';
export * from './disk/disk-file-store';
export * from './file-type';
export * from './file-name';
export * from './upload-errors';
export * from './upload';
// The GridFS adapter is `@shtc/attachments/gridfs`, so the MongoDB driver loads only where it is used.
