import { Worker } from 'node:worker_threads';

/** What a file thread runs for one upload step, with synchronous calls (it has nothing else to do). */
export type FileJob =
  /**
   * Creates `part` (read-only, failing if it exists), writes the chunks, fsyncs and closes it, then
   * stores it as `link` does.
   */
  | { kind: 'store'; part: string; target: string; chunks: Uint8Array[] }
  /**
   * Links `part` to `target` (never replacing: created is false when the name was taken), making
   * missing folders on the way durable in their parents; when created, fsyncs the target's
   * folder; then removes `part`.
   */
  | { kind: 'link'; part: string; target: string };

export interface FileJobResult {
  created?: boolean;
}

/**
 * The threads' program, evaluated as a string (it can close over nothing). Folders a platform
 * cannot open or fsync are skipped there, as DiskFileStore always did.
 */
function fileThread(): void {
  const { parentPort } = require('node:worker_threads');
  const fs = require('node:fs');
  const { dirname } = require('node:path');
  const UNSYNCABLE = ['EISDIR', 'EPERM', 'EINVAL', 'EBADF'];
  const syncFolder = (path: string) => {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error: any) {
      if (UNSYNCABLE.includes(error.code)) return;
      throw error;
    }
    try {
      fs.fsyncSync(fd);
    } catch (error: any) {
      if (!UNSYNCABLE.includes(error.code)) throw error;
    } finally {
      fs.closeSync(fd);
    }
  };
  const link = (part: string, target: string): boolean => {
    try {
      fs.linkSync(part, target);
      return true;
    } catch (error: any) {
      if (error.code === 'EEXIST') return false;
      if (error.code !== 'ENOENT') throw error;
    }
    const folder = dirname(target);
    for (const path of [dirname(folder), folder]) {
      try {
        fs.mkdirSync(path);
        syncFolder(dirname(path));
      } catch (error: any) {
        if (error.code !== 'EEXIST') throw error;
      }
    }
    try {
      fs.linkSync(part, target);
      return true;
    } catch (error: any) {
      if (error.code === 'EEXIST') return false;
      throw error;
    }
  };
  parentPort.on('message', ({ id, job }: { id: number; job: any }) => {
    try {
      if (job.kind === 'store') {
        const fd = fs.openSync(job.part, 'wx', 0o444);
        try {
          for (const chunk of job.chunks) {
            for (let offset = 0; offset < chunk.length; ) offset += fs.writeSync(fd, chunk, offset, chunk.length - offset);
          }
          fs.fsyncSync(fd);
        } catch (error) {
          fs.closeSync(fd);
          fs.rmSync(job.part, { force: true });
          throw error;
        }
        fs.closeSync(fd);
      }
      let created: boolean;
      try {
        created = link(job.part, job.target);
        if (created) syncFolder(dirname(job.target));
      } catch (error) {
        // A part this job wrote is this job's to remove; a staged one stays the caller's.
        if (job.kind === 'store') fs.rmSync(job.part, { force: true });
        throw error;
      }
      try {
        fs.unlinkSync(job.part);
      } catch {
        // Left for the next start-up's sweep: the content is stored.
      }
      parentPort.postMessage({ id, result: { created } });
    } catch (error: any) {
      parentPort.postMessage({ id, error: { message: error.message, code: error.code, syscall: error.syscall, path: error.path } });
    }
  });
}

interface Thread {
  worker: Worker;
  busy: number;
}

/**
 * A few threads that run an upload's file-system steps with synchronous calls, one message per
 * step. The same steps through libuv's pool take a hand-off between threads per call (open,
 * write, fsync, close, link, fsync of the folder…), and on a 2-core machine each hand-off costs
 * the event loop a context switch. Several threads, so that fsyncs overlap (the file system
 * commits concurrent ones together).
 */
export class FileThreads {
  private readonly threads: Thread[] = [];
  private readonly pending = new Map<number, { thread: Thread; resolve: (result: FileJobResult) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(private readonly size = 8) {}

  run(job: FileJob, transfer: ArrayBuffer[] = []): Promise<FileJobResult> {
    const thread = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { thread, resolve, reject });
      if (thread.busy++ === 0) thread.worker.ref(); // pending work keeps the process alive
      thread.worker.postMessage({ id, job }, transfer);
    });
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** The least busy thread, starting one while there are fewer than `size`. */
  private pick(): Thread {
    const idle = this.threads.find((t) => t.busy === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private spawn(): Thread {
    const worker = new Worker(`(${fileThread.toString()})()`, { eval: true });
    const thread: Thread = { worker, busy: 0 };
    worker.on('message', ({ id, result, error }: { id: number; result?: FileJobResult; error?: { message: string; code?: string; syscall?: string; path?: string } }) => {
      const job = this.pending.get(id);
      if (!job) return;
      this.pending.delete(id);
      if (--thread.busy === 0) worker.unref();
      if (error) job.reject(Object.assign(new Error(error.message), { code: error.code, syscall: error.syscall, path: error.path }));
      else job.resolve(result!);
    });
    const fail = (error: Error) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const [id, job] of this.pending) {
        if (job.thread !== thread) continue;
        this.pending.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`file thread exited (${code})`)));
    worker.unref();
    this.threads.push(thread);
    return thread;
  }
}
