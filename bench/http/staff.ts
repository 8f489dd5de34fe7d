/**
 * The staff accounts of the lifecycle scenario: reviewers and one customs account, created with
 * the built CLI (`create-staff`) in the server's DATA_DIR before the server starts, as an
 * operator would; the load generator signs in with the same ids and password.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const STAFF_PASSWORD = 'correct horse battery staple';
export const CUSTOMS_ID = 'BENCHC01';

export function reviewerId(index: number): string {
  return `BENCHR${String(index + 1).padStart(2, '0')}`;
}

const CLI = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.js');

function createStaffAccount(cli: string, dataDir: string, role: 'REVIEWER' | 'CUSTOMS', businessId: string): Promise<void> {
  const args = [cli, 'create-staff', '--role', role, '--business-id', businessId, '--name', `Bench ${role.toLowerCase()} ${businessId}`, '--email', `${businessId.toLowerCase()}@boft.example`, '--password', STAFF_PASSWORD];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`create-staff ${businessId} failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}

/**
 * `reviewers` reviewers and one customs account. The first alone (it creates the stores), the
 * rest two at a time: each CLI run is ≈ 1.5 s of booting Nest and one scrypt, on 2 vCPUs.
 * `cli` is the built CLI's main.js: the default is found from dist/bench/http, where the bench runs.
 */
export async function createStaff(dataDir: string, reviewers: number, cli = CLI): Promise<void> {
  const accounts: Array<['REVIEWER' | 'CUSTOMS', string]> = [
    ...Array.from({ length: reviewers }, (_, i) => ['REVIEWER', reviewerId(i)] as ['REVIEWER', string]),
    ['CUSTOMS', CUSTOMS_ID],
  ];
  const [first, ...rest] = accounts;
  await createStaffAccount(cli, dataDir, ...first);
  const workers = Array.from({ length: 2 }, async () => {
    for (let next = rest.shift(); next; next = rest.shift()) await createStaffAccount(cli, dataDir, ...next);
  });
  await Promise.all(workers);
}
