import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FILE_STORE, type FileStore } from '@shtc/attachments';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { MAILER, OutboxSender, type Mailer } from '@shtc/notifications';
import { AppConfig, CLOCK, StorageFailureLog, storageFailure, systemClock, type Clock } from '@shtc/platform';
import { ProjectionCatalog, ProjectionRunner, READ_STORE, type Projection, type ReadStore } from '@shtc/read-store';
import { LicenceExpiryWorker } from './licence-expiry-worker';
import { LicenceIssueWorker } from './licence-issue-worker';
import { buildProjections } from './projection-set';
import { openEventStore, openFileStore, openMailer, openReadStore } from './stores';
import { TOKEN_SECRET, loadTokenSecret } from './token-secret';

export const PROJECTIONS = Symbol('PROJECTIONS');

export interface StorageOptions {
  config: AppConfig;
  /** Runs the projection runner and the outbox sender in this process. */
  runProjector: boolean;
  clock?: Clock;
}

/** Starts the projector and outbox with the application, and closes every store on shutdown. */
class StorageLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly runner: ProjectionRunner | null,
    private readonly sender: OutboxSender | null,
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly licences: LicenceIssueWorker | null,
    private readonly expiries: LicenceExpiryWorker | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // What uploads interrupted by a killed process left: nothing references it, nobody writes it any more.
    try {
      const swept = await this.files.sweep();
      if (swept > 0) this.logger.log(`Removed ${swept} interrupted upload(s)`);
    } catch (error) {
      this.logger.warn(`Could not sweep interrupted uploads: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.runner?.start();
    await this.sender?.start();
    await this.licences?.start();
    await this.expiries?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.expiries?.stop();
    await this.licences?.stop();
    await this.sender?.stop();
    await this.runner?.stop();
    await this.mailer.close();
    await this.files.close();
    await this.store.close();
    await this.events.close();
    this.logger.log('Stores closed');
  }
}

/** Provides the stores, clock, mailer and projections the configuration chooses, to every module. */
@Module({})
export class StorageModule {
  static forRoot({ config, runProjector, clock = systemClock }: StorageOptions): DynamicModule {
    const runnerLogger = new Logger('Projections');
    const storageLogger = new Logger('Storage');
    const storageFailures = new StorageFailureLog((message, error) => storageLogger.error(message, error instanceof Error ? error.stack : undefined));
    /** A background worker's failure: a full or read-only disk once an outage, anything else as it comes. */
    const workerFailure = (where: string, log: (message: string) => void) => (message: string, error: unknown) =>
      storageFailure(error) ? storageFailures.report(`${where}: ${message}`, error) : log(`${message}: ${error instanceof Error ? error.message : error}`);
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: StorageFailureLog, useValue: storageFailures },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        { provide: READ_STORE, useFactory: () => openReadStore(config) },
        { provide: MAILER, useFactory: () => openMailer(config) },
        { provide: FILE_STORE, useFactory: () => openFileStore(config) },
        { provide: TOKEN_SECRET, useFactory: () => loadTokenSecret(config.TOKEN_SECRET, config.dataDir) },
        {
          provide: PROJECTIONS,
          inject: [TOKEN_SECRET],
          useFactory: (secret: Buffer) => buildProjections({ config, clock, secret }),
        },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_STORE, PROJECTIONS],
          useFactory: (events: EventStore, store: ReadStore, projections: Projection[]) =>
            runProjector
              ? new ProjectionRunner(events, store, projections, {
                  logger: {
                    log: (m) => runnerLogger.log(m),
                    error: (m, e) => (storageFailure(e) ? storageFailures.report(`Projections: ${m}`, e) : runnerLogger.error(m, e instanceof Error ? e.stack : e)),
                  },
                })
              : null,
        },
        {
          provide: ProjectionCatalog,
          inject: [READ_STORE, ProjectionRunner],
          useFactory: (store: ReadStore, runner: ProjectionRunner | null) => new ProjectionCatalog(store, runner ?? undefined),
        },
        {
          provide: OutboxSender,
          inject: [READ_STORE, MAILER],
          useFactory: (store: ReadStore, mailer: Mailer) => {
            if (!runProjector) return null;
            const logger = new Logger('Outbox');
            return new OutboxSender(store, mailer, clock, {
              onError: workerFailure('Outbox', (m) => logger.warn(m)),
              // An error, not a warning: nothing sends it again until an operator does.
              onDeadLetter: ({ id, to, attempts, lastError }) =>
                logger.error(`Mail ${id} to ${to} is a dead letter after ${attempts} attempts (${lastError}); resend it with: npm run cli -- mail-dead-letters --resend --id ${id}`),
            });
          },
        },
        {
          provide: LicenceIssueWorker,
          inject: [EVENT_STORE, READ_STORE],
          useFactory: (events: EventStore, store: ReadStore) => {
            if (!runProjector) return null;
            const logger = new Logger('Licences');
            return new LicenceIssueWorker(events, store, clock, {
              onError: workerFailure('Licences', (m) => logger.warn(m)),
              onRefused: (caseNo, reason) => logger.error(`The licence of approved case ${caseNo} was refused: ${reason}`),
            });
          },
        },
        {
          provide: LicenceExpiryWorker,
          inject: [EVENT_STORE, READ_STORE, ProjectionCatalog],
          useFactory: (events: EventStore, store: ReadStore, catalog: ProjectionCatalog) => {
            if (!runProjector) return null;
            const logger = new Logger('Licences');
            return new LicenceExpiryWorker(events, store, catalog, clock, { onError: workerFailure('Licences', (m) => logger.warn(m)) });
          },
        },
        {
          provide: StorageLifecycle,
          inject: [EVENT_STORE, READ_STORE, MAILER, ProjectionRunner, OutboxSender, FILE_STORE, LicenceIssueWorker, LicenceExpiryWorker],
          useFactory: (...deps: ConstructorParameters<typeof StorageLifecycle>) => new StorageLifecycle(...deps),
        },
      ],
      exports: [AppConfig, StorageFailureLog, CLOCK, EVENT_STORE, READ_STORE, MAILER, FILE_STORE, TOKEN_SECRET, PROJECTIONS, ProjectionRunner, ProjectionCatalog, OutboxSender, LicenceIssueWorker, LicenceExpiryWorker],
    };
  }
}
