import { createHash } from 'node:crypto';
import type { Answer, Http } from '@shtc/testing';
import type { DiskServer } from './disk-server';

/**
 * What the service acknowledged (answered 2xx), to be read back after the disk failed, after it
 * recovered, and after a restart: nothing acknowledged may be lost.
 */
export class Acknowledged {
  /** caseNo → the status its last acknowledged command left it in. */
  readonly cases = new Map<string, string>();
  /** Attachments acknowledged, with the sha256 of what was uploaded. */
  readonly attachments: Array<{ caseNo: string; attachmentId: string; sha256: string }> = [];
  /** Session tokens handed out. */
  readonly tokens: string[] = [];

  filed(answer: Answer): void {
    if (answer.status === 201) this.cases.set(answer.body.caseNo, answer.body.status);
  }

  uploaded(caseNo: string, content: Buffer, answer: { status: number; body: any }): void {
    if (answer.status !== 201) return;
    if (answer.body.sha256 !== sha256(content)) throw new Error(`upload to ${caseNo}: the answer names another sha256`);
    this.attachments.push({ caseNo, attachmentId: answer.body.attachmentId, sha256: answer.body.sha256 });
  }

  submitted(caseNo: string, answer: Answer): void {
    if (answer.status === 200) this.cases.set(caseNo, answer.body.status);
  }

  /**
   * Everything acknowledged that the service does not give back as it was acknowledged: each
   * case with its status, each attachment in its case and byte for byte, each session.
   */
  async missing(server: DiskServer, token: string): Promise<string[]> {
    await caughtUp(server);
    const missing: string[] = [];
    const http: Http = server.http;
    for (const [caseNo, status] of this.cases) {
      const view = await http.get(`/applications/${caseNo}`, { token });
      if (view.status !== 200) missing.push(`${caseNo}: ${view.status}`);
      else if (view.body.status !== status) missing.push(`${caseNo}: ${view.body.status}, acknowledged ${status}`);
      const listed = await http.get(`/applications/${caseNo}/status`, { token });
      if (listed.body?.status !== status) missing.push(`${caseNo}: the status view says ${listed.status} ${listed.body?.status}, acknowledged ${status}`);
    }
    for (const { caseNo, attachmentId, sha256: digest } of this.attachments) {
      const response = await fetch(`${server.baseUrl}/applications/${caseNo}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${token}` } });
      const content = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || sha256(content) !== digest) missing.push(`attachment ${attachmentId} of ${caseNo}: ${response.status}, sha256 ${sha256(content)}`);
    }
    for (const session of this.tokens) {
      const me = await http.get('/auth/me', { token: session });
      if (me.status !== 200) missing.push(`session ${session.slice(0, 6)}…: ${me.status}`);
    }
    return missing;
  }
}

/**
 * Waits until every projection has read the whole log (after a failure the runner retries with a
 * backoff), as readiness reports it: also while it answers 503 for a store that cannot be written.
 */
export async function caughtUp(server: DiskServer, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await server.http.get('/health/ready');
    const projections: Array<{ behind: string }> = ready.body.projections ?? [];
    if (projections.length > 0 && projections.every((p) => p.behind === '0')) return;
    if (Date.now() > deadline) throw new Error(`Projections did not catch up: ${JSON.stringify(ready.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
