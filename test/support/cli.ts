import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** The built programs, as `npm run cli` and `npm start` run them (npm test builds first). */
export const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
export const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a built program as a user would, with `env` over this process's environment. */
export function runBuilt(file: string, args: string[], env: Record<string, string>, timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** For a spec's beforeAll: a clear message instead of ENOENT when the build is missing. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error('Build first: npm run build (npm test does)');
}
