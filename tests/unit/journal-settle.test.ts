import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { JobJournal } from '../../main/journal/job-journal.js';
import { Journal } from '../../main/journal/journal.js';
import { CrashSettling } from '../../main/journal/settle.js';
import { memoryLog, type MemoryLog } from '../support/memory-log.js';
import { identity, journalFileEachTest } from './support/journal.js';
import { expectRefusal, SandboxHarness, TERMINAL } from './support/sandbox.js';

// Settling what a console stopped mid-call left PENDING, against the real sandbox issuer's record
// of the requests it answered (requestOutcome).

const at = journalFileEachTest();
let h: SandboxHarness;
let journal: Journal;
let jobs: JobJournal;
let logged: MemoryLog;
let settling: CrashSettling;

beforeEach(() => {
  h = new SandboxHarness();
  journal = Journal.open(at.file, identity);
  logged = memoryLog();
  const { log } = logged;
  jobs = new JobJournal(journal, { lockedStaffId: () => null, supervisorOf: () => null, log });
  settling = new CrashSettling(journal, { issuer: new InProcessIssuer(h.sandbox, TERMINAL), inFlight: (seq) => jobs.isInFlight(seq), log });
});
afterEach(() => {
  journal.close();
  h.close();
});

/** A PENDING entry as a console that stopped mid-call leaves it. */
const leftPending = (idempotencyKey: string | null) => journal.begin({ job: 'STAFF_LOGIN', tellerId: 'T0002', idempotencyKey });

describe('settling PENDING entries after a crash', () => {
  it('asks the issuer by idempotency key: done (with its refusal code, if refused), never seen, or keyless', async () => {
    const done = randomUUID();
    await h.call('login', { body: { staffId: 'T0002', password: 'teller-pass-2' } }, { idempotencyKey: done });
    const refused = randomUUID();
    await expectRefusal(h.call('login', { body: { staffId: 'T0002', password: 'not-it' } }, { idempotencyKey: refused }), 401, 'INVALID_CREDENTIALS');
    const entries = { done: leftPending(done), refused: leftPending(refused), neverSent: leftPending(randomUUID()), keyless: leftPending(null) };

    await expect(settling.settleUnfinished()).resolves.toEqual({ settled: 4, left: 0 });
    const result = (seq: number) => journal.job(seq);
    expect(result(entries.done)).toMatchObject({ result: 'OK', settledAfterRestart: true });
    expect(result(entries.refused)).toMatchObject({ result: 'INVALID_CREDENTIALS', settledAfterRestart: true });
    expect(result(entries.neverSent)).toMatchObject({ result: 'NOT_DONE', settledAfterRestart: true });
    expect(result(entries.keyless)).toMatchObject({ result: 'UNKNOWN', settledAfterRestart: true });
    expect(journal.unsettled()).toEqual([]);
  });

  it("asks in the scope of the teller who sent the key: their job is found, and another teller's entry does not see it", async () => {
    const token = await h.login('T0001');
    const key = randomUUID();
    await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { token, idempotencyKey: key });
    const theirs = journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', idempotencyKey: key });
    const notTheirs = journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0002', idempotencyKey: key });

    await expect(settling.settleUnfinished()).resolves.toEqual({ settled: 2, left: 0 });
    expect(journal.job(theirs)).toMatchObject({ result: 'OK', settledAfterRestart: true });
    expect(journal.job(notTheirs)).toMatchObject({ result: 'NOT_DONE', settledAfterRestart: true });
  });

  it('leaves alone an entry whose call this console is still making', async () => {
    let answer!: (value: string) => void;
    const inFlight = jobs.job({ job: 'LOSS_REPORT', tellerId: 'T0001', idempotencyKey: randomUUID() }, () => new Promise<string>((resolve) => (answer = resolve)));
    const crashed = leftPending(null);

    await expect(settling.settleUnfinished()).resolves.toEqual({ settled: 1, left: 0 });
    expect(journal.job(crashed)).toMatchObject({ result: 'UNKNOWN' });
    expect(journal.unsettled().map((entry) => entry.job)).toEqual(['LOSS_REPORT']);
    answer('done');
    await inFlight;
    expect(journal.unsettled()).toEqual([]);
    expect(journal.jobs({ todayOnly: false, text: 'loss_report' })[0]).toMatchObject({ result: 'OK', settledAfterRestart: false });
  });

  it('keeps an entry PENDING when the issuer cannot say, for the next pass', async () => {
    const seq = leftPending(randomUUID());
    h.close(); // the issuer fails every call
    await expect(settling.settleUnfinished()).resolves.toEqual({ settled: 0, left: 1 });
    expect(journal.job(seq)).toMatchObject({ result: 'PENDING' });
    expect(logged.entries().filter((entry) => entry.startsWith('WARN'))).toEqual([`WARN journal entry #${seq} stays pending: the issuer could not say (INTERNAL)`]);
    h = new SandboxHarness(); // for afterEach
  });

  it('runs one pass at a time: a second ask during a pass gets that pass', async () => {
    leftPending(randomUUID());
    const first = settling.settleUnfinished();
    expect(settling.settleUnfinished()).toBe(first);
    await expect(first).resolves.toEqual({ settled: 1, left: 0 });
    await expect(settling.settleUnfinished()).resolves.toEqual({ settled: 0, left: 0 });
  });
});
