import { Decimal, type Application, type CaseEvent } from '@shtc/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import {
  existingCase,
  given,
  givenLicence,
  registerAndLogin,
  seededCaseNo,
  startApp,
  submittedCase,
  type Answer,
  type ExistingStream,
  type TestApp,
} from '@shtc/testing';
import { CLIENTS, ROUNDS, keyFor, signedIn, tally, unexpectedAnswers, type Client } from './support/concurrency-clients';
import { readModelDifferences, replayAll } from './support/concurrency-read-models';
import { replayCase, replayLicence } from './support/concurrency-streams';

/**
 * Issue 12, reliability item 2: many clients send conflicting commands to one case or licence
 * at once. Every answer is a success or a refusal as problem+json (409, 422); each stream stays
 * a sequence the transition tables allow, replayed through the domain's evolve; the read
 * models agree with the streams' folds; no licence balance goes below zero. CONCURRENCY_CLIENTS
 * (50) requests race in each round, CONCURRENCY_ROUNDS (1) rounds per race.
 */
describe(`concurrency: ${CLIENTS} clients at once, ${ROUNDS} rounds`, () => {
  let t: TestApp;
  let applicant: { accountId: string; businessId: string; token: string };
  let reviewers: Client[];
  let customs: Client;
  const figures: Record<string, Record<number, number>> = {};

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-10T10:00:00+08:00') });
    applicant = await registerAndLogin(t.http);
    reviewers = await signedIn(t, 'REVIEWER', CLIENTS);
    [customs] = await signedIn(t, 'CUSTOMS', 1);
  }, 60_000);

  afterAll(async () => {
    // The outcomes of every race, for the soak run's log.
    if (process.env.CONCURRENCY_REPORT) console.log(JSON.stringify({ clients: CLIENTS, rounds: ROUNDS, answers: figures }));
    await t?.close();
  });

  const events = () => t.app.get<EventStore>(EVENT_STORE);
  const stream = (caseNo: string) => events().readStream(`case-${caseNo}`);
  const post = (path: string, body: unknown, who: { token: string }, headers: Record<string, string> = {}) => t.http.post(path, body, { token: who.token, headers });
  const record = (race: string, answers: Answer[]) => {
    const counts = (figures[race] ??= {});
    for (const [status, n] of Object.entries(tally(answers))) counts[Number(status)] = (counts[Number(status)] ?? 0) + n;
  };
  /** The same body sent by every client, each under its own key, all at once. */
  const race = (requests: Array<() => Promise<Answer>>) => Promise.all(requests.map((send) => send()));

  /** A standard case with its five documents, not yet submitted. */
  const registeredCase = (caseNo: string): ExistingStream => {
    const submitted = submittedCase(caseNo, applicant, '2026-12-09T02:00:00.000Z');
    return existingCase(caseNo, submitted.events.slice(0, -1) as CaseEvent[], submitted.files);
  };
  const seedReviewer = { accountId: 'acc-concurrency-initial', role: 'REVIEWER', businessId: 'RSEEDINITIAL' };
  /** Forwarded by a reviewer none of the racing clients is (R-REV-3): unassigned, in second review. */
  const inSecondReview = (caseNo: string): ExistingStream => {
    const submitted = submittedCase(caseNo, applicant, '2026-12-08T02:00:00.000Z');
    const forwarded: CaseEvent = { type: 'ForwardedToSecondReview', data: { recommendation: 'APPROVE', note: '', forwardedAt: '2026-12-09T02:00:00.000Z', by: seedReviewer } };
    return existingCase(caseNo, [...(submitted.events as CaseEvent[]), forwarded], submitted.files);
  };
  const expectLegal = (history: RecordedEvent[]) => expect(replayCase(history).violations).toEqual([]);

  it('lets one of many concurrent submissions of a case through; the others are refused with 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const caseNo = seededCaseNo();
      await given(t, registeredCase(caseNo));
      const answers = await race(
        Array.from({ length: CLIENTS }, (_, i) => () => post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, applicant, keyFor('submit', round, i))),
      );
      record('submit', answers);
      expect(unexpectedAnswers(answers)).toEqual([]);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.rule === 'R-NEW-5' || a.body.rule === undefined)).toBe(true);
      const history = await stream(caseNo);
      expectLegal(history);
      expect(history.filter((e) => e.type === 'ApplicationSubmitted')).toHaveLength(1);
    }
  });

  it('decides a submission racing cancellations one way: submitted or cancelled, never both', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const caseNo = seededCaseNo();
      await given(t, registeredCase(caseNo));
      const answers = await race(
        Array.from({ length: CLIENTS }, (_, i) => () =>
          i % 2 === 0
            ? post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, applicant, keyFor('submit-cancel', round, i))
            : post(`/applications/${caseNo}/cancel`, { reason: 'The buyer withdrew its order' }, applicant, keyFor('cancel-submit', round, i)),
        ),
      );
      record('submit-vs-cancel', answers);
      expect(unexpectedAnswers(answers)).toEqual([]);
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      const history = await stream(caseNo);
      expectLegal(history);
      const decided = history.filter((e) => e.type === 'ApplicationSubmitted' || e.type === 'CaseCancelled').map((e) => e.type);
      expect(decided).toHaveLength(1);
      // The one success answered what the stream recorded.
      expect(won[0].body.status).toBe(decided[0] === 'ApplicationSubmitted' ? 'INITIAL_REVIEW' : 'CANCELLED');
    }
  });

  it('gives a case claimed by many reviewers at once to exactly one; the others are told who has it (409)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const caseNo = seededCaseNo();
      await given(t, submittedCase(caseNo, applicant, '2026-12-09T02:00:00.000Z'));
      const answers = await race(reviewers.map((reviewer, i) => () => post(`/review/cases/${caseNo}/claim`, undefined, reviewer, keyFor('claim', round, i))));
      record('claim', answers);
      expect(unexpectedAnswers(answers)).toEqual([]);
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      const winner = won[0].body.assignee.businessId;
      const history = await stream(caseNo);
      expectLegal(history);
      const claims = history.filter((e) => e.type === 'CaseClaimed');
      expect(claims.map((e) => (e.data as { assignee: { businessId: string } }).assignee.businessId)).toEqual([winner]);
      // Everyone who lost is told whose it is, or that it changed under them.
      for (const lost of answers.filter((a) => a.status === 409)) if (lost.body.assignee) expect(lost.body.assignee.businessId).toBe(winner);
    }
  });

  it('never gives two reviewers asking for the next case the same one, and says none is left only when none is', async () => {
    // A queue of its own (destination JP), so cases other tests leave unclaimed are not candidates.
    const cases = Math.max(1, Math.floor(CLIENTS / 2));
    for (let round = 0; round < ROUNDS; round++) {
      const caseNos = Array.from({ length: cases }, () => seededCaseNo());
      await given(
        t,
        ...caseNos.map((caseNo, i) => {
          const seeded = submittedCase(caseNo, applicant, `2026-12-0${1 + (i % 8)}T02:00:00.000Z`);
          const registered = seeded.events[0] as Extract<CaseEvent, { type: 'CaseRegistered' }>;
          registered.data.application = { ...registered.data.application, destination: 'JP' };
          return seeded;
        }),
      );
      const answers = await race(reviewers.map((reviewer, i) => () => post('/review/queues/INITIAL_REVIEW/next?destination=JP', undefined, reviewer, keyFor('next', round, i))));
      record('next', answers);
      // 404 is the contract's "no unclaimed case left" for this route.
      expect(unexpectedAnswers(answers.filter((a) => a.status !== 404))).toEqual([]);
      expect(answers.filter((a) => a.status === 404).every((a) => (a.headers.get('content-type') ?? '').includes('application/problem+json'))).toBe(true);
      const handedOut = answers.filter((a) => a.status === 200).map((a) => ({ caseNo: a.body.caseNo as string, to: a.body.assignee.businessId as string }));
      expect(new Set(handedOut.map((g) => g.caseNo)).size).toBe(handedOut.length);
      for (const caseNo of caseNos) {
        const history = await stream(caseNo);
        expectLegal(history);
        const claims = history.filter((e) => e.type === 'CaseClaimed').map((e) => (e.data as { assignee: { businessId: string } }).assignee.businessId);
        const answered = handedOut.filter((g) => g.caseNo === caseNo).map((g) => g.to);
        // A case is claimed once, by the reviewer it was given to.
        expect(claims).toEqual(answered);
      }
      // Someone was told none is left: then every case of the queue has been given out.
      if (answers.some((a) => a.status === 404)) expect(handedOut.map((g) => g.caseNo).sort()).toEqual([...caseNos].sort());
    }
  });

  it('keeps approve, reject, ask for documents, return, close and claim racing on one case in second review to a legal sequence', async () => {
    const decisions: Array<[string, unknown, string]> = [
      ['approve', { note: 'Consistent with the end-use assurance' }, 'CaseApproved'],
      ['reject', { reasons: ['The end user is not credible'] }, 'CaseRejected'],
      ['request-supplement', { documents: ['BUSINESS_LICENCE'], message: 'Please upload the end user\'s business licence' }, 'SupplementRequested'],
      ['return', { reason: 'Check the end user again' }, 'ReturnedToInitialReview'],
      ['close-for-amendment', { reasons: ['The consignee address is incomplete'] }, 'ClosedForAmendment'],
      ['claim', undefined, 'CaseClaimed'],
    ];
    const closing = ['CaseApproved', 'CaseRejected', 'ClosedForAmendment'];
    for (let round = 0; round < ROUNDS; round++) {
      const caseNo = seededCaseNo();
      const seeded = inSecondReview(caseNo);
      await given(t, seeded);
      const sent = reviewers.map((_, i) => decisions[i % decisions.length]);
      const answers = await race(reviewers.map((reviewer, i) => () => post(`/review/cases/${caseNo}/${sent[i][0]}`, sent[i][1], reviewer, keyFor(sent[i][0], round, i))));
      record('decisions', answers);
      expect(unexpectedAnswers(answers)).toEqual([]);
      const history = await stream(caseNo);
      expectLegal(history);
      // Some of them may follow one another legally (returned, then asked for documents; claimed,
      // then returned by no one else): each success is one event of the stream, and no other is.
      const appended = history.slice(seeded.events.length).map((e) => e.type).sort();
      const succeeded = answers.flatMap((a, i) => (a.status >= 200 && a.status < 300 ? [sent[i][2]] : [])).sort();
      expect(appended).toEqual(succeeded);
      expect(appended.length).toBeGreaterThan(0);
      // At most one decision closes the case; an approval opens its licence once.
      const closed = history.filter((e) => closing.includes(e.type));
      expect(closed.length).toBeLessThanOrEqual(1);
      if (closed[0]?.type === 'CaseApproved') {
        const { licenceNo } = (closed[0].data as { licence: { licenceNo: string } }).licence;
        const licence = await events().readStream(`licence-${licenceNo}`);
        expect(licence.map((e) => e.type)).toEqual(['LicenceIssued']);
      }
    }
  });

  it('records concurrent releases on one licence only within its balance (R-LIC-4), whatever the interleaving', async () => {
    const twoItems = (application: Application) => {
      application.items = [application.items[0], { ...application.items[0], itemNo: 2, cccCode: '90013000002', quantity: '10', unit: 'KGM', amount: '500', currency: 'EUR' }] as Application['items'];
    };
    for (let round = 0; round < ROUNDS; round++) {
      const { licenceNo } = await givenLicence(t, applicant, { issuedAt: '2026-12-01T02:00:00.000Z', validUntil: '2027-06-30', change: twoItems });
      // Together well over the balance: item 1 is 100.5 PCE, item 2 10 KGM.
      const releases = Array.from({ length: CLIENTS }, (_, i) => ({
        declarationNo: `CX/${round}/${process.pid % 1000}/${String(i).padStart(5, '0')}`,
        licenceNo,
        releasedAt: '2026-12-10T09:00:00+08:00',
        items: [
          { itemNo: 1, quantity: Decimal.fromUnits(BigInt(15_000 + ((i * 7919) % 40_000))).toString() },
          ...(i % 3 === 0 ? [{ itemNo: 2, quantity: Decimal.fromUnits(BigInt(5_000 + ((i * 104_729) % 15_000))).toString() }] : []),
        ],
      }));
      const sentAll: Answer[] = [];
      const answers = await Promise.all(
        releases.map((release, i) => sendUntilDecided(() => post('/customs/releases', release, customs, keyFor('release', round, i)), (answer) => void sentAll.push(answer))),
      );
      record('releases', sentAll);
      expect(unexpectedAnswers(sentAll)).toEqual([]);
      expect(unexpectedAnswers(answers)).toEqual([]);
      const history = await events().readStream(`licence-${licenceNo}`);
      const replayed = replayLicence(history);
      expect(replayed.violations).toEqual([]);
      // Each release answered 200 is recorded as answered; no refused one is.
      const recorded = new Map(history.filter((e) => e.type === 'GoodsReleased').map((e) => [(e.data as { declarationNo: string }).declarationNo, e.data as { items: Array<{ itemNo: number; quantity: string }> }]));
      releases.forEach((release, i) => {
        if (answers[i].status === 200) expect(recorded.get(release.declarationNo)?.items.map(({ itemNo, quantity }) => ({ itemNo, quantity }))).toEqual(release.items);
        else expect(recorded.has(release.declarationNo)).toBe(false);
      });
      for (const itemNo of [1, 2]) {
        const licensed = Decimal.fromStored(itemNo === 1 ? '100.5' : '10');
        const released = Decimal.sum([...recorded.values()].flatMap((r) => r.items.filter((line) => line.itemNo === itemNo).map((line) => Decimal.fromStored(line.quantity))));
        expect(released.compare(licensed)).toBeLessThanOrEqual(0);
      }
      // Every client had a definite answer, and the balance was reached: some were refused by R-LIC-4.
      expect(answers.filter((a) => a.status === 422).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.status === 422).every((a) => a.body.rule === 'R-LIC-4')).toBe(true);
    }
  });

  it('runs a command sent by many clients under one Idempotency-Key with one body once, and answers them all alike', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const caseNo = seededCaseNo();
      await given(t, submittedCase(caseNo, applicant, '2026-12-09T02:00:00.000Z'));
      const [reviewer] = reviewers;
      // A note is not idempotent by itself (each is a new event): only the key keeps it to one.
      const key = { 'idempotency-key': `note-${caseNo}-${round}` };
      const body = { text: 'Called the applicant: the catalogue follows tomorrow' };
      const first: Answer[] = [];
      const answers = await Promise.all(
        Array.from({ length: CLIENTS }, () => sendUntilDecided(() => post(`/review/cases/${caseNo}/notes`, body, reviewer, key), (answer) => void first.push(answer))),
      );
      record('same-key', first);
      expect(unexpectedAnswers(first)).toEqual([]);
      // While the first runs, the others are told to come back (409 with Retry-After), never run.
      for (const waiting of first.filter((a) => a.status === 409)) expect(waiting.headers.get('retry-after')).toBe('1');
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(CLIENTS - 1);
      const history = await stream(caseNo);
      expectLegal(history);
      expect(history.filter((e) => e.type === 'CaseNoteAdded')).toHaveLength(1);
    }
  });

  it('leaves every stream a legal sequence and every read model equal to the streams\' folds', async () => {
    const folds = await replayAll(t);
    expect(folds.violations).toEqual([]);
    expect(folds.cases.size).toBeGreaterThan(ROUNDS * 5);
    expect(await readModelDifferences(t, folds, { applicant: applicant.token, reviewer: reviewers[0].token })).toEqual([]);
  });
});

/**
 * As a client that retries what the server says to retry: a 409 that names no rule (someone
 * changed the record at the same time, or the same key is still in progress) is sent again,
 * after Retry-After when given, else after a short random pause, until the answer is decided.
 * `onEach` sees every answer, the retried ones included.
 */
async function sendUntilDecided(send: () => Promise<Answer>, onEach: (answer: Answer) => void = () => undefined): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send();
    onEach(answer);
    if (answer.status !== 409 || answer.body?.rule !== undefined || attempt >= 50) return answer;
    const retryAfter = Number(answer.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, retryAfter > 0 ? retryAfter * 1000 : 5 + Math.random() * 20));
  }
}
