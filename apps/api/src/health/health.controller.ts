import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FILE_STORE, type FileStore } from '@shtc/attachments';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { OUTBOX } from '@shtc/notifications';
import { ProjectionCatalog, READ_STORE, type Projection, type ReadStore } from '@shtc/read-store';
import { Public } from '../auth/access.decorators';
import { PROJECTIONS } from '@shtc/storage';
import { problem } from '../http/problem';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('Operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly catalog: ProjectionCatalog,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @Public()
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: both stores answer, and how far each projection is behind the log. Also the mail
   * that is a dead letter (R-NOTE-1): it does not make the service unready, but someone must resend it.
   */
  @Get('ready')
  @Public()
  @ApiOkResponse({ description: '{ status, eventStore, readStore, fileStore, head, projections: [{ name, position, behind }], mail: { deadLetters } }' })
  @ApiServiceUnavailableResponse({ description: 'A store does not answer' })
  async ready() {
    const [eventStore, readStore, fileStore] = await Promise.all([
      probe(() => this.events.ping()),
      probe(() => this.store.ping()),
      probe(() => this.files.ping()),
    ]);
    const head = eventStore === 'up' ? await this.events.headPosition() : null;
    const projections =
      readStore === 'up'
        ? await Promise.all(
            this.projections.map(async ({ name }) => {
              const position = await this.catalog.position(name);
              return { name, position: position.toString(), behind: head === null ? null : (head - position > 0n ? (head - position).toString() : '0') };
            }),
          )
        : [];
    const mail = { deadLetters: readStore === 'up' ? await this.deadLetters() : null };
    const up = eventStore === 'up' && readStore === 'up' && fileStore === 'up';
    const body = { status: up ? 'ready' : 'unavailable', eventStore, readStore, fileStore, head: head?.toString() ?? null, projections, mail };
    // As a problem (its status the number 503), with every store's state and the projections' lag.
    if (body.status !== 'ready') throw new HttpException({ ...body, ...problem(503, 'A store does not answer'), retryAfter: 5 }, 503);
    return body;
  }

  /** Null until the outbox exists (an API process whose projector has not started yet on a new store). */
  private async deadLetters(): Promise<number | null> {
    try {
      return await this.store.count(OUTBOX, { status: 'DEAD_LETTER' });
    } catch {
      return null;
    }
  }
}

async function probe(check: () => Promise<void>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
