import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import { CurrentAccount, Roles } from '../auth/access.decorators';
import type { SignedIn } from '../auth/sessions';

export const DRAFTS = 'drafts';
const MAX_DRAFT_BYTES = 512 * 1024;

interface DraftDocument extends Document {
  draft: Record<string, unknown>;
  savedAt: string;
}

/**
 * R-DRAFT-1 temporary save: the last application keyed in, one per user, loadable after a
 * session timed out. A draft is not a case action, so it is kept in the read store, not the log.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('drafts/current')
export class DraftsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put()
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Saved; only the last draft is kept (R-DRAFT-1)' })
  async save(@Body() body: unknown, @CurrentAccount() account: SignedIn): Promise<void> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestException({ message: 'A draft is a JSON object', rule: 'R-DRAFT-1', errors: [{ field: 'body', message: 'must be a JSON object', rule: 'R-DRAFT-1' }] });
    }
    if (Buffer.byteLength(JSON.stringify(body)) > MAX_DRAFT_BYTES) {
      throw new BadRequestException({ message: `A draft holds at most ${MAX_DRAFT_BYTES / 1024} KB`, rule: 'R-DRAFT-1' });
    }
    await this.store.put(DRAFTS, { id: account.accountId, draft: body as Record<string, unknown>, savedAt: this.clock.now().toISOString() } satisfies DraftDocument);
  }

  @Get()
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'The last draft saved' })
  async load(@CurrentAccount() account: SignedIn): Promise<Record<string, unknown>> {
    const saved = await this.store.get<DraftDocument>(DRAFTS, account.accountId);
    if (!saved) throw new NotFoundException({ message: 'No draft saved', rule: 'R-DRAFT-1' });
    return saved.draft;
  }
}
