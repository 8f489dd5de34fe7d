import { join } from 'node:path';
import { SqliteEventStore, type EventStore } from '@shtc/event-store';
import { SqliteReadStore, type ReadStore } from '@shtc/read-store';
import { EmlFileMailer, SmtpMailer, type Mailer } from '@shtc/notifications';
import { DiskFileStore, type FileStore } from '@shtc/attachments';
import type { AppConfig } from '@shtc/platform';

/** Opens the event store the configuration names: embedded SQLite by default. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.EVENT_STORE === 'eventstoredb') {
    const { EventStoreDbEventStore } = await import('@shtc/event-store/eventstoredb');
    return new EventStoreDbEventStore(config.EVENTSTORE_URL!);
  }
  return new SqliteEventStore(join(config.dataDir, 'events.sqlite'));
}

export async function openReadStore(config: AppConfig): Promise<ReadStore> {
  if (config.READ_STORE === 'mongodb') {
    const { MongoReadStore } = await import('@shtc/read-store/mongodb');
    return MongoReadStore.connect(config.MONGODB_URL!);
  }
  return new SqliteReadStore(join(config.dataDir, 'read.sqlite'));
}

/**
 * Attachments: on the local disk by default (content up to 128 KB in DATA_DIR/files.sqlite, larger
 * and older files under DATA_DIR/files), in MongoDB GridFS beside a MongoDB read store.
 */
export async function openFileStore(config: AppConfig): Promise<FileStore> {
  if (config.READ_STORE === 'mongodb') {
    const { GridFsFileStore } = await import('@shtc/attachments/gridfs');
    return GridFsFileStore.connect(config.MONGODB_URL!);
  }
  return new DiskFileStore(join(config.dataDir, 'files'), { blobs: join(config.dataDir, 'files.sqlite') });
}

export function openMailer(config: AppConfig): Mailer {
  return config.SMTP_URL ? new SmtpMailer(config.SMTP_URL) : new EmlFileMailer(join(config.dataDir, 'mail'));
}
