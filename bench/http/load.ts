/**
 * The load generator of bench/http, run as its own process by http.bench.ts: BENCH_CLIENTS
 * clients on keep-alive node:http connections. Each registers and logs in (all of them at once,
 * then a barrier), then files cases until BENCH_CASES per client or BENCH_DURATION_S have passed:
 * file, upload the five documents, submit, read the status after the submit, read the list.
 *
 * Prints one JSON line (raw latencies summarised, counts, its own CPU time) on stdout; progress
 * and the first failures on stderr. Kept cheap: no JSON parsing but of the answers it needs.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { businessNumberFrom } from './business-number';

const BASE = new URL(required('BENCH_URL'));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 60) * 1000;
const STATUS_READS = Number(process.env.BENCH_STATUS_READS ?? 1);
const PREFIX_BASE = Number(process.env.BENCH_PREFIX_BASE ?? 1_000_000);
const PASSWORD = 'correct horse battery staple';

const KINDS = ['register', 'login', 'file', 'upload', 'submit', 'status', 'list'] as const;
type Kind = (typeof KINDS)[number];
const EXPECTED: Record<Kind, number> = { register: 201, login: 200, file: 201, upload: 201, submit: 200, status: 200, list: 200 };
const COMMANDS: ReadonlySet<Kind> = new Set(['file', 'upload', 'submit']);
const DOCUMENTS = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS });
const latencies: Record<Kind, number[]> = Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, number[]>;
const failures: Array<{ kind: Kind; status: number; body: string }> = [];
let non2xx = 0;
let commands = 0;
let gets = 0;
let casesDone = 0;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function log(message: string): void {
  process.stderr.write(`[bench:http] ${message}\n`);
}

interface Answer {
  status: number;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string | number>, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: BASE.hostname, port: BASE.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One timed request; a status other than the expected one counts as a failure and stops the case. */
async function timed(kind: Kind, method: string, path: string, headers: Record<string, string | number>, body?: Buffer | string): Promise<Answer | null> {
  const start = performance.now();
  const answer = await send(method, path, headers, body);
  latencies[kind].push(performance.now() - start);
  if (COMMANDS.has(kind)) commands++;
  else if (method === 'GET') gets++;
  if (answer.status !== EXPECTED[kind]) {
    non2xx++;
    if (failures.length < 5) {
      failures.push({ kind, status: answer.status, body: answer.body.slice(0, 300) });
      log(`FAILED ${kind} ${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
    }
    return null;
  }
  return answer;
}

const json = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

/** A tiny valid one-page PDF whose text (and so whose bytes and sha256) is unique per upload. */
function tinyPdf(title: string): Buffer {
  const stream = `BT /F1 12 Tf 72 770 Td (${title}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** multipart/form-data with the `type` field, then the `file` part, as a browser form sends them. */
function multipart(type: string, fileName: string, content: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
    'latin1',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const APPLICATION = JSON.stringify({
  kind: 'NEW',
  route: 'STANDARD',
  companyEmail: 'export@formosa.example',
  destination: 'DE',
  transshipmentPort: 'SGSIN',
  partialShipments: true,
  buyer: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' },
  consignee: { sameAsBuyer: true },
  endUser: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' },
  items: [
    {
      itemNo: 1, goodsName: 'Single-mode fibre laser module', brand: 'Formosa', model: 'FL-200', spec: '1550 nm, 2 W',
      cccCode: '85414100001', eccn: '5A002.a', quantity: '100.5', unit: 'PCE', amount: '12000.00', currency: 'USD',
    },
  ],
});
const SUBMIT = JSON.stringify({ endUse: 'Optical test benches for telecom research' });

async function signUp(client: number): Promise<string | null> {
  const businessId = businessNumberFrom(PREFIX_BASE + client);
  const registration = JSON.stringify({
    businessId, kind: 'COMPANY', name: `Bench Trading ${client} Co., Ltd.`, email: `bench-${businessId}@example.com`, password: PASSWORD,
  });
  if (!(await timed('register', 'POST', '/auth/register', json(), registration))) return null;
  const login = await timed('login', 'POST', '/auth/login', json(), JSON.stringify({ businessId, password: PASSWORD }));
  return login ? (JSON.parse(login.body) as { token: string }).token : null;
}

async function fileCase(client: number, n: number, token: string): Promise<void> {
  const filed = await timed('file', 'POST', '/applications', json(token), APPLICATION);
  if (!filed) return;
  const { caseNo } = JSON.parse(filed.body) as { caseNo: string };
  for (const type of DOCUMENTS) {
    const { body, contentType } = multipart(type, `${type.toLowerCase()}.pdf`, tinyPdf(`${type} client ${client} case ${n} ${caseNo}`));
    const headers = { authorization: `Bearer ${token}`, 'content-type': contentType };
    if (!(await timed('upload', 'POST', `/applications/${caseNo}/attachments`, headers, body))) return;
  }
  const submitted = await timed('submit', 'POST', `/applications/${caseNo}/submit`, json(token), SUBMIT);
  if (!submitted) return;
  const { position } = JSON.parse(submitted.body) as { position: string };
  for (let i = 0; i < STATUS_READS; i++) {
    if (!(await timed('status', 'GET', `/applications/${caseNo}/status?after=${position}`, { authorization: `Bearer ${token}` }))) return;
  }
  if (!(await timed('list', 'GET', '/applications?limit=20', { authorization: `Bearer ${token}` }))) return;
  casesDone++;
}

function summary(values: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.length ? sorted[sorted.length - 1] : 0) };
}

async function main(): Promise<void> {
  const cpuStart = process.cpuUsage();
  log(`clients=${CLIENTS} casesPerClient=${CASES} duration=${DURATION_MS / 1000}s statusReads=${STATUS_READS} url=${BASE.origin}`);

  const signUpStart = performance.now();
  const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => signUp(c)));
  const signUpMs = performance.now() - signUpStart;
  log(`signed up ${tokens.filter(Boolean).length}/${CLIENTS} in ${(signUpMs / 1000).toFixed(1)} s`);

  // Tells the bench the filing starts now (it samples the server's CPU from here on).
  process.stdout.write(`${JSON.stringify({ phase: 'loop' })}\n`);
  const loopStart = performance.now();
  const deadline = loopStart + DURATION_MS;
  const progress = setInterval(() => {
    const s = (performance.now() - loopStart) / 1000;
    log(`${s.toFixed(0)} s: ${commands} commands (${Math.round(commands / s)}/s), ${gets} GETs, ${casesDone} cases, ${non2xx} non-2xx`);
  }, 10_000);
  await Promise.all(
    tokens.map(async (token, client) => {
      if (!token) return;
      for (let n = 0; n < CASES && performance.now() < deadline; n++) await fileCase(client, n, token);
    }),
  );
  const loopMs = performance.now() - loopStart;
  process.stdout.write(`${JSON.stringify({ phase: 'done' })}\n`);
  clearInterval(progress);
  agent.destroy();
  const cpu = process.cpuUsage(cpuStart);

  const result = {
    signUp: { accounts: tokens.filter(Boolean).length, seconds: signUpMs / 1000, requests: latencies.register.length + latencies.login.length },
    loop: { seconds: loopMs / 1000, cases: casesDone, commands, gets },
    latencyMs: Object.fromEntries(KINDS.map((k) => [k, summary(latencies[k])])),
    non2xx,
    failures,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  log(`load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
