/**
 * File store benchmark: concurrent uploads (stage, commit, keep) through the embedded DiskFileStore
 * with every file a file of its own (as before files.sqlite) and with small files in files.sqlite,
 * alternating rounds in fresh directories, so that both see the same disk.
 *
 *   npm run build && npm run bench:files
 *
 * Prints exactly one JSON line on stdout; progress goes to stderr. See README.md beside this file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { DiskFileStore, type DiskFileStoreOptions } from '@shtc/attachments';
import { intFromEnv, makeTempDir } from '../append/workload';

const FILES = intFromEnv('BENCH_FILES', 2000);
const BYTES = intFromEnv('BENCH_FILE_BYTES', 600);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 64);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 3);
/** files.sqlite's threshold (the store's default unless set; at most 1 MB), to measure rows of larger files. */
const BLOB_MAX = process.env.BENCH_BLOB_MAX_BYTES ? intFromEnv('BENCH_BLOB_MAX_BYTES', 0) : undefined;

interface Round {
  perSec: number;
  p50: number;
  p99: number;
}

async function round(label: string, options: (dir: string) => DiskFileStoreOptions): Promise<Round> {
  const { dir, cleanup } = makeTempDir(`files-${label}`);
  const store = new DiskFileStore(join(dir, 'files'), options(dir));
  try {
    await store.ping(); // folders made and the SQLite writer started before the clock runs
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < FILES) {
          next += 1;
          const content = randomBytes(BYTES);
          const at = performance.now();
          const staged = await store.stage(Readable.from([content]), { maxBytes: BYTES });
          await staged.commit();
          await staged.keep();
          latencies.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] * 10) / 10;
    return { perSec: Math.round(FILES / seconds), p50: at(0.5), p99: at(0.99) };
  } finally {
    await store.close();
    cleanup();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const files: Round[] = [];
  const sqlite: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    files.push(await round('disk', () => ({})));
    sqlite.push(await round('sqlite', (dir) => ({ blobs: join(dir, 'files.sqlite'), blobMaxBytes: BLOB_MAX })));
    process.stderr.write(`[bench:files] round ${i + 1}: files ${files[i].perSec}/s, files.sqlite ${sqlite[i].perSec}/s\n`);
  }
  const summary = (rounds: Round[]) => ({ perSec: median(rounds.map((r) => r.perSec)), p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)), rounds: rounds.map((r) => r.perSec) });
  const a = summary(files);
  const b = summary(sqlite);
  process.stdout.write(
    `${JSON.stringify({ bench: 'files', files: FILES, fileBytes: BYTES, concurrency: CONCURRENCY, filesOnly: a, filesSqlite: b, ratio: Math.round((b.perSec / a.perSec) * 100) / 100, node: process.version })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
