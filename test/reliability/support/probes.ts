import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import type { TestApp } from '@shtc/testing';

/** What the event store holds: its head position and how many streams it has. */
export interface StoreState {
  head: bigint;
  streams: number;
}

/** Reads the app's event store itself (not a projection, which may lag): the head and the streams. */
export async function storeState(t: TestApp): Promise<StoreState> {
  const events = t.app.get<EventStore>(EVENT_STORE);
  let streams = 0;
  for await (const _ of events.streamHeads()) streams++;
  return { head: await events.headPosition(), streams };
}

/** The event store's head position alone (cheap: one indexed read), for a check after every request. */
export function headPosition(t: TestApp): Promise<bigint> {
  return t.app.get<EventStore>(EVENT_STORE).headPosition();
}

/** Bytes under a directory, every file counted (SQLite files, their WAL, stored attachments, staging). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) total += directoryBytes(path);
      else if (entry.isFile()) total += statSync(path).size;
    } catch {
      // A file removed while we walk (a discarded staging file) counts as nothing.
    }
  }
  return total;
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
  ms: number;
}

/** A problem+json answer as api.md gives it, or why it is not one (null when it is). */
export function problemShapeError(reply: Reply): string | null {
  if (!/^application\/problem\+json\b/.test(reply.contentType)) return `content type ${JSON.stringify(reply.contentType)} is not application/problem+json`;
  const body = reply.body as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body is not a JSON object';
  if (typeof body.type !== 'string' || typeof body.title !== 'string') return 'type and title must be strings';
  if (body.status !== reply.status) return `status ${String(body.status)} in the body differs from the answer's ${reply.status}`;
  if (body.detail !== undefined && typeof body.detail !== 'string') return 'detail must be a string';
  if (body.rule !== undefined && typeof body.rule !== 'string') return 'rule must be a string';
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors)) return 'errors must be an array';
    for (const error of body.errors as Array<Record<string, unknown>>) {
      if (typeof error?.field !== 'string' || typeof error?.message !== 'string') return `an error lacks field or message: ${JSON.stringify(error).slice(0, 200)}`;
      if (error.rule !== undefined && typeof error.rule !== 'string') return 'an error\'s rule must be a string';
    }
  }
  return null;
}

/**
 * Sends a request as it is (text or bytes, any content type) and reads the whole answer, or
 * fails after `timeoutMs`: a server that hangs fails the test instead of stalling it.
 */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; contentType?: string | null; body?: string | Buffer; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    // Bytes, never a string: fetch would add a text/plain content type to a string.
    body: options.body === undefined ? undefined : new Uint8Array(typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (contentType.includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, contentType, text, body, ms: performance.now() - started };
}
