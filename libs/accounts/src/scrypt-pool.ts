import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScryptOptions } from 'node:crypto';

/**
 * The worker's whole program. It calls scryptSync on its own thread: crypto.scrypt (async) would
 * run on libuv's pool, which is shared by the whole process (workers included), and a burst of
 * logins would queue every file operation of the server behind it.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', ({ id, password, salt, keyLength, options }) => {
  try {
    parentPort.postMessage({ id, key: scryptSync(password, salt, keyLength, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

/** An idle worker ends after this long, so a quiet server holds no thread (and tests leak none). */
const IDLE_MS = 10_000;

interface Job {
  password: string;
  salt: Buffer;
  keyLength: number;
  options: ScryptOptions;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * A bounded pool of threads for scrypt. Its size leaves one core to the event loop (one thread
 * on a 2-core machine, at most 4): a burst of sign-ups then takes longer, but never takes the
 * CPU or libuv's threads from the requests being served.
 */
export class ScryptPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism() - 1))) {}

  derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ password, salt, keyLength, options, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.job = job;
      slot.worker.ref(); // a pending hash keeps the process alive (the CLI awaits one and nothing else)
      const id = this.nextId++;
      slot.worker.postMessage({ id, password: job.password, salt: job.salt, keyLength: job.keyLength, options: job.options });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, job: null, idleTimer: null };
    worker.on('message', (message: { key?: Uint8Array; error?: { message: string; code?: string } }) => {
      const job = slot.job;
      slot.job = null;
      if (message.key) job?.resolve(Buffer.from(message.key.buffer, message.key.byteOffset, message.key.byteLength));
      else job?.reject(Object.assign(new Error(message.error?.message ?? 'scrypt failed'), { code: message.error?.code }));
      this.idle(slot);
      this.dispatch();
    });
    worker.on('error', (error) => this.retire(slot, error));
    worker.on('exit', (code) => this.retire(slot, new Error(`scrypt worker exited with ${code}`)));
    worker.unref(); // an idle worker never keeps the process alive (after the listeners, which ref it)
    this.slots.push(slot);
    return slot;
  }

  private idle(slot: Slot): void {
    if (this.queue.length > 0) return;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      this.remove(slot);
      void slot.worker.terminate();
    }, IDLE_MS);
    slot.idleTimer.unref();
  }

  /** A worker that failed or ended: its job fails, the others go on (a new worker is made on demand). */
  private retire(slot: Slot, error: Error): void {
    if (!this.remove(slot)) return;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.job?.reject(error);
    slot.job = null;
    this.dispatch();
  }

  private remove(slot: Slot): boolean {
    const at = this.slots.indexOf(slot);
    if (at < 0) return false;
    this.slots.splice(at, 1);
    return true;
  }
}
