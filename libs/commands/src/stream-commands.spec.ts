import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusalError, caseCodec, caseDecider, type AttachmentAdded, type CaseCommand, type CaseState } from '@shtc/domain';
import { SqliteEventStore, WrongExpectedRevisionError, type EventStore } from '@shtc/event-store';
import { FIVE_DOCUMENTS, applicant, attached, fileCommand, later, standardApplication } from '../../domain/src/case/case.fixtures';
import { executeOnStream, loadStream, type CommandContext } from './stream-commands';

const kind = { codec: caseCodec, decider: caseDecider };
const context: CommandContext = { actor: applicant, now: new Date(later), correlationId: 'test' };
const caseNo = 'SHTC-2026-000001';

describe('executeOnStream: the one command path', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shtc-commands-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = () => executeOnStream(store, kind, caseNo, context, { command: () => fileCommand(standardApplication()) });
  const addCommand = (n: number): CaseCommand => {
    const { attachmentId, type, fileName, size, sha256, mediaType } = (attached(FIVE_DOCUMENTS[n]) as AttachmentAdded).data;
    return { type: 'AddAttachment', attachment: { attachmentId, type, fileName, size, sha256, mediaType }, by: applicant, at: later };
  };
  const attach = (n: number, on: EventStore = store) => executeOnStream(on, kind, caseNo, context, { command: () => addCommand(n) });

  it('appends what the decider decided, with the codec\'s schema version and the actor, and answers the new state', async () => {
    const filed = await file();
    expect(filed.state).toMatchObject({ status: 'REGISTERED', caseNo });
    const [stored] = await store.readStream(`case-${caseNo}`);
    expect(stored).toMatchObject({ type: 'CaseRegistered', metadata: { schemaVersion: caseCodec.schemaVersion('CaseRegistered'), actor: applicant, correlationId: 'test' } });
    expect(filed.position).toBe(stored.position);
  });

  it('throws the refusal, naming its rule, and appends nothing', async () => {
    await file();
    const refused = file();
    await expect(refused).rejects.toBeInstanceOf(RefusalError);
    await expect(refused).rejects.toMatchObject({ refusal: { rule: 'R-NEW-1', kind: 'CONFLICT' } });
    expect(await store.readStream(`case-${caseNo}`)).toHaveLength(1);
  });

  it('decides again on the new state when a concurrent writer got there first: both uploads land, in order', async () => {
    await file();
    const results = await Promise.all([attach(0), attach(1), attach(2)]);
    expect(results.map((r) => r.revision).sort()).toEqual([1, 2, 3]);
    const { state } = await loadStream(store, kind, caseNo);
    expect((state as Extract<CaseState, { attachments: unknown }>).attachments).toHaveLength(3);
  });

  it('runs the access policy on the state read, before deciding', async () => {
    await file();
    const denied = executeOnStream(store, kind, caseNo, context, {
      authorize: () => {
        throw new Error('not yours');
      },
      command: () => fileCommand(standardApplication()),
    });
    await expect(denied).rejects.toThrow('not yours');
  });

  it('gives up with the conflict after three lost races', async () => {
    await file();
    const racing: EventStore = Object.create(store);
    racing.append = () => Promise.reject(new WrongExpectedRevisionError(`case-${caseNo}`, 0, 1));
    let reads = 0;
    racing.readStream = (...args) => ((reads += 1), store.readStream(...args));
    await expect(attach(0, racing)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(reads).toBe(3);
  });

  it('reads the stream once when the caller already read it', async () => {
    await file();
    const loaded = await loadStream(store, kind, caseNo);
    let reads = 0;
    const counting: EventStore = Object.create(store);
    counting.readStream = (...args) => ((reads += 1), store.readStream(...args));
    counting.append = (...args) => store.append(...args);
    const added = await executeOnStream(counting, kind, caseNo, context, { loaded, command: () => addCommand(0) });
    expect(added.revision).toBe(1);
    expect(reads).toBe(0);
  });

  it('resumed, answers what the first attempt of its request appended, as that left the case, and appends nothing', async () => {
    await file();
    const first = await executeOnStream(store, kind, caseNo, { ...context, correlationId: 'cut-by-a-kill' }, { command: () => addCommand(0) });
    await attach(1); // another request's upload after it
    const resumed = await executeOnStream(store, kind, caseNo, { ...context, correlationId: 'cut-by-a-kill', resumes: true }, { command: () => addCommand(0) });
    expect(resumed).toEqual({ events: first.events, state: first.state, position: first.position, revision: first.revision });
    expect(await store.readStream(`case-${caseNo}`)).toHaveLength(3);
  });

  it('resumed, decides as usual when the first attempt appended nothing to the stream', async () => {
    await file();
    const resumed = await executeOnStream(store, kind, caseNo, { ...context, correlationId: 'died-before-appending', resumes: true }, { command: () => addCommand(0) });
    expect(resumed.events.map((e) => e.type)).toEqual(['AttachmentAdded']);
    expect(await store.readStream(`case-${caseNo}`)).toHaveLength(2);
  });
});
