import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { canonicalJson } from '@shtc/event-store';
import { AppConfig, CLOCK, storageFailure, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import { ReplayedResponse } from './problem';

export const IDEMPOTENCY = 'idempotency_keys';
const KEEP_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,200}$/;
const EXEMPT = 'shtc:idempotency-exempt';
/** This process, as the owner of the claims it makes. */
const PROCESS = randomUUID();
/**
 * Where several API processes share the store (MongoDB), how long another process's claim may
 * stay in progress before a retry takes it over: that process is presumed dead by then.
 */
const LEASE_MS = 2 * 60 * 1000;

/** For routes whose answer must not be stored (a login's token). */
export const IdempotencyExempt = () => SetMetadata(EXEMPT, true);

/** The key a request claimed, whose answer onSend records. */
const CLAIM = Symbol('idempotency claim');
/** A multipart request's claim, made by its route once it has read the body (claimIdempotencyKey). */
const DEFERRED = Symbol('idempotency claim deferred to the route');
interface DeferredClaim {
  /** A record of this key exists: the route must read the body to tell a retry (replayed) from another request (409). */
  seen: boolean;
  claim(fingerprint: unknown): Promise<void>;
}
type WithDeferredClaim = { [DEFERRED]?: DeferredClaim };
/** The correlation id of an earlier attempt whose abandoned claim this request took over. */
const RESUMES = Symbol('idempotency claim resumed');
type Claimed = WithDeferredClaim & { [CLAIM]?: IdempotencyRecord; [RESUMES]?: string; id: string };

/**
 * For a multipart command: claims its Idempotency-Key (if it has one) with what identifies the
 * request, once the route has read it (the file's sha256 and the text fields), and before the
 * command runs. Throws as the interceptor would: 409 for another request under the key, or the
 * first answer again (Idempotent-Replayed) for the same one.
 */
export function claimIdempotencyKey(request: object, fingerprint: unknown): Promise<void> {
  return (request as WithDeferredClaim)[DEFERRED]?.claim(fingerprint) ?? Promise.resolve();
}

/** Whether a multipart command's key was used before, so its first answer may have to be given again. */
export function idempotencyKeySeen(request: object): boolean {
  return (request as WithDeferredClaim)[DEFERRED]?.seen ?? false;
}

/**
 * A request that carries on a command an earlier attempt under the same key started and a crash
 * cut short: that attempt's correlation id, which its events carry (see `CommandContext.resumes`).
 */
export function resumedCorrelationId(request: object): string | undefined {
  return (request as Claimed)[RESUMES];
}

interface IdempotencyRecord extends Document {
  requestHash: string;
  state: 'IN_PROGRESS' | 'COMPLETED';
  createdAt: string;
  /** The process running the request, while IN_PROGRESS (records made before owners were kept have none). */
  owner?: string;
  /** The id of the request that claimed the key: the correlation id of the events its command appends. */
  correlationId?: string;
  status?: number;
  body?: unknown;
  contentType?: string | null;
}

/**
 * Every command accepts `Idempotency-Key` (api.md): the same key and body within 24 h get the
 * first answer again and append nothing; the same key with another body gets 409. The key is
 * claimed before the command runs, so two concurrent retries cannot both run it. A multipart
 * body is a stream its route reads itself, so the route claims the key once it has read it
 * (claimIdempotencyKey), with the file's sha256 and the fields as the request.
 *
 * A claim whose process died with the command half done (killed, crashed) would otherwise answer
 * "in progress" for 24 h, although that command may have appended all, part or none of its events.
 * A retry takes it over once that process is gone (embedded, with one API process per data
 * directory, any other process is gone; with MongoDB, after LEASE_MS) and runs the command again
 * under the first attempt's correlation id, as `resumes`: the command path then answers what the
 * first attempt appended (the same case number, attachment, approval) instead of deciding it
 * again, and decides only what it had not appended.
 *
 * The claim is a guard (after the access guard, which names the account keys are scoped to) and
 * the answer is recorded by `onSend` (a Fastify hook: `bootstrap.ts`), from the status, content
 * type and body about to be sent. It was an interceptor (hence the file's name); Nest's
 * interceptor chain costs every request of the app about as much as the rest of a simple GET.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  /**
   * Keys whose request ended while the disk refused to record how (full, read-only): the claim
   * is still IN_PROGRESS in the store. null: the request failed, the key is free again; a record:
   * the answer it got, to give again. Settled in the store when the key comes back.
   */
  private readonly unsettled = new Map<string, IdempotencyRecord | null>();
  /** Keys this process has claimed and not answered: never taken over by a retry racing the claim's write. */
  private readonly running = new Set<string>();
  private readonly sharedStore: boolean;
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.sharedStore = config.READ_STORE === 'mongodb';
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const key = request.headers['idempotency-key'];
    if (key === undefined || request.method === 'GET' || this.reflector.get(EXEMPT, context.getHandler())) return true;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new BadRequestException({
        message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    const scope = request.account?.accountId ?? 'anonymous';
    const id = sha256(`${scope}\n${key}`);
    const requestHash = (content: unknown) => sha256(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(content ?? null)}`);
    const claimed = request as Claimed;
    if (/^multipart\/form-data/i.test(String(request.headers['content-type'] ?? ''))) {
      const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY, id);
      // The route builds its command context before reading the body (and so before the claim):
      // a retry of an abandoned attempt resumes it, unless the claim then finds another request (409).
      if (existing && !this.expired(existing) && this.abandoned(existing)) claimed[RESUMES] = existing.correlationId ?? claimed.id;
      claimed[DEFERRED] = {
        seen: existing !== null && !this.expired(existing),
        claim: async (fingerprint) => {
          claimed[CLAIM] = await this.claim(claimed, id, requestHash({ multipart: fingerprint }));
        },
      };
    } else {
      claimed[CLAIM] = await this.claim(claimed, id, requestHash(request.body));
    }
    return true;
  }

  /**
   * Records the answer of a request that claimed a key (a Fastify onSend hook). A refusal is the
   * answer to that request and is kept; what may pass on retry (5xx, 409, 429, 401) is not.
   */
  readonly onSend = async (request: object, reply: { statusCode: number; getHeader(name: string): unknown }, payload: unknown) => {
    const claim = (request as Claimed)[CLAIM];
    if (!claim) return payload;
    (request as Claimed)[CLAIM] = undefined;
    this.running.delete(claim.id);
    const status = reply.statusCode;
    if (status >= 500 || status === 409 || status === 429 || status === 401) {
      await this.settle(claim.id, null);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    // As the answer was: its JSON body (replayed as JSON), or none. An answer that is not JSON is not kept.
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      await this.settle(claim.id, null);
      return payload;
    }
    await this.settle(claim.id, {
      ...claim,
      state: 'COMPLETED',
      status,
      body,
      contentType: body === undefined ? null : typeof contentType === 'string' ? contentType : 'application/json; charset=utf-8',
    } satisfies IdempotencyRecord);
    return payload;
  };

  /**
   * Records how a claimed request ended: its answer, or null to free the key. When the disk
   * refuses (the request's own answer is likely a 503 for the same reason), this process keeps
   * it instead, so the key is not left in progress for 24 hours.
   */
  private async settle(id: string, completed: IdempotencyRecord | null): Promise<void> {
    try {
      if (completed) await this.store.put(IDEMPOTENCY, completed);
      else await this.store.delete(IDEMPOTENCY, id);
      this.unsettled.delete(id);
    } catch (error) {
      if (!storageFailure(error)) throw error;
      this.unsettled.set(id, completed);
    }
  }

  /** Claims the key for this request, or throws: the first answer again, 409 for another request or one in progress. */
  private async claim(request: Claimed, id: string, requestHash: string): Promise<IdempotencyRecord> {
    const claim: IdempotencyRecord = { id, requestHash, state: 'IN_PROGRESS', createdAt: this.clock.now().toISOString(), owner: PROCESS, correlationId: request.id };
    if (await this.store.insertIfAbsent(IDEMPOTENCY, claim)) return this.run(claim);
    const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY, id);
    if (!existing || this.expired(existing)) {
      await this.store.put(IDEMPOTENCY, claim);
      return this.run(claim);
    }
    if (existing.requestHash !== requestHash) throw new ConflictException('This Idempotency-Key was already used with a different request');
    if (existing.state === 'IN_PROGRESS' && this.unsettled.has(id)) {
      // Its request ended while the disk was refusing writes: free again, or answered.
      const completed = this.unsettled.get(id)!;
      if (!completed) {
        // Taken before the write is awaited: a retry arriving meanwhile finds it in progress.
        this.unsettled.delete(id);
        try {
          await this.store.put(IDEMPOTENCY, claim);
        } catch (error) {
          this.unsettled.set(id, null);
          throw error;
        }
        return this.run(claim);
      }
      await this.settle(id, completed);
      throw new ReplayedResponse(completed.status!, completed.body, completed.contentType ?? null);
    }
    if (existing.state === 'IN_PROGRESS') {
      if (!this.abandoned(existing)) throw new ConflictException({ message: 'A request with this Idempotency-Key is still in progress', retryAfter: 1 });
      // Synchronously after the check: a concurrent retry of the key now finds it running here.
      const resumed = this.run({ ...claim, correlationId: existing.correlationId ?? request.id });
      request[RESUMES] = resumed.correlationId;
      await this.store.put(IDEMPOTENCY, resumed);
      this.logger.warn(`Request ${request.id} resumes request ${resumed.correlationId}, whose process ended before it answered`);
      return resumed;
    }
    throw new ReplayedResponse(existing.status!, existing.body, existing.contentType ?? null);
  }

  private run(claim: IdempotencyRecord): IdempotencyRecord {
    this.running.add(claim.id);
    return claim;
  }

  /** Claimed by a process that is gone, with its command's outcome unknown. */
  private abandoned(record: IdempotencyRecord): boolean {
    if (record.state !== 'IN_PROGRESS' || record.owner === PROCESS || this.running.has(record.id)) return false;
    return !this.sharedStore || this.clock.now().getTime() - Date.parse(record.createdAt) >= LEASE_MS;
  }

  private expired(record: IdempotencyRecord): boolean {
    return this.clock.now().getTime() - Date.parse(record.createdAt) >= KEEP_MS;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
