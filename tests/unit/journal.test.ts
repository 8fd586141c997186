import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JOURNAL_PAGE_SIZE,
  JournalJobSchema,
  receiptNumber,
  seqOfReceiptNumber,
  type JournalJob,
  type JournalQueryInput,
} from '../../shared/journal.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { JOURNAL_APPLICATION_ID, SCHEMA_VERSION } from '../../main/journal/schema.js';
import { openSandboxDb } from '../../sandbox/store/store.js';
import { HONG, KIM, clock, identity, journalFileEachTest, morning, raw } from './support/journal.js';

// Writing, reading back and opening the journal file; the chain's check is in journal-verify.test.ts.
const at = journalFileEachTest();

describe('writing jobs', () => {
  it('chains begin/finish and record into entries 1, 2, 3… and reads them back as jobs', () => {
    const time = clock(new Date('2025-03-14T01:00:00Z'));
    const journal = Journal.open(at.file, identity, time.now);
    expect(existsSync(at.file)).toBe(true); // the missing folder was created
    expect(journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' })).toBe(1);
    const seq = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001', ...HONG, device: 'KF/12****78', idempotencyKey: 'k-9' });
    expect(seq).toBe(2);
    time.set(new Date('2025-03-14T01:00:05Z'));
    journal.finish(seq, { result: 'OK', issuerRef: 'DEV-1', supervisorId: 'S0001' });

    const jobs = journal.jobs({ todayOnly: false, text: '' });
    expect(jobs.map((j) => [j.seq, j.job, j.result])).toEqual([
      [2, 'CARD_ISSUE', 'OK'],
      [1, 'STAFF_LOGIN', 'OK'],
    ]);
    expect(jobs[0]).toEqual<JournalJob>({
      seq: 2,
      startedAt: '2025-03-14T01:00:00.000Z',
      finishedAt: '2025-03-14T01:00:05.000Z',
      job: 'CARD_ISSUE',
      terminalId: 'T-0101-01',
      branchCode: '0101',
      tellerId: 'T0001',
      supervisorId: 'S0001',
      customer: '홍*동 900101-1******',
      device: 'KF/12****78',
      result: 'OK',
      issuerRef: 'DEV-1',
      receiptNo: '20250314-000002',
      settledAfterRestart: false,
      training: false,
      fee: null,
    });
    expect(jobs[1]!.finishedAt).toBe(jobs[1]!.startedAt); // an EVENT starts and ends at once
    for (const job of jobs) expect(JournalJobSchema.parse(job)).toEqual(job);
    expect(journal.job(2)).toEqual(jobs[0]);
    expect(journal.job(3)).toBeUndefined(); // an OUTCOME entry is part of job 2, not a job
    expect(journal.job(99)).toBeUndefined();
    journal.close();
  });

  it('lists the PENDING entries a stopped console left, and settles them at the next start', () => {
    const journal = Journal.open(at.file, identity);
    const done = journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', idempotencyKey: 'k-1' });
    journal.finish(done, { result: 'OK' });
    const open1 = journal.begin({ job: 'CARD_REGISTER', tellerId: 'T0001', idempotencyKey: 'k-2' });
    const open2 = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
    journal.close(); // the console stops mid-call

    const again = Journal.open(at.file, identity);
    expect(again.unsettled()).toEqual([
      { seq: open1, at: expect.any(String), job: 'CARD_REGISTER', idempotencyKey: 'k-2' },
      { seq: open2, at: expect.any(String), job: 'OTP_CHECK', idempotencyKey: null },
    ]);
    expect(again.job(open1)).toMatchObject({ result: 'PENDING', finishedAt: null, settledAfterRestart: false });

    again.finish(open1, { result: 'NOT_DONE', settled: true });
    expect(again.unsettled().map((u) => u.seq)).toEqual([open2]);
    expect(again.job(open1)).toMatchObject({ result: 'NOT_DONE', settledAfterRestart: true });
    again.close();
  });

  it('refuses to finish what is not an open PENDING entry, and results that are not codes', () => {
    const journal = Journal.open(at.file, identity);
    const event = journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    const seq = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
    expect(() => journal.finish(event, { result: 'OK' })).toThrow(/not an open PENDING entry/);
    expect(() => journal.finish(99, { result: 'OK' })).toThrow(/not an open PENDING entry/);
    expect(() => journal.finish(seq, { result: 'PENDING' })).toThrow(/not a job result/);
    expect(() => journal.finish(seq, { result: 'ok, kind of' })).toThrow(/not a job result/);
    journal.finish(seq, { result: 'OK' });
    expect(() => journal.finish(seq, { result: 'OK' })).toThrow(/not an open PENDING entry/);
    expect(() => journal.begin({ job: 'NOT_A_JOB' as never, tellerId: null })).toThrow();
    // Nothing refused was written: 1 EVENT, 1 PENDING, 1 OUTCOME.
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 3 });
    journal.close();
  });

  it('writes the identity and the training flag on every entry', () => {
    const journal = Journal.open(at.file, { ...identity, training: true });
    journal.finish(journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' }), { result: 'OK' });
    journal.close();
    const rows = raw(at.file, (db) => db.prepare('SELECT terminal_id, branch_code, institution_code, training FROM entries').all());
    expect(rows).toEqual([
      { terminal_id: 'T-0101-01', branch_code: '0101', institution_code: '088', training: 1 },
      { terminal_id: 'T-0101-01', branch_code: '0101', institution_code: '088', training: 1 },
    ]);
    expect(Journal.open(at.file, identity).jobs({ todayOnly: false, text: '' })[0]!.training).toBe(true);
  });
});

describe('querying jobs', () => {
  it('filters by text (case-insensitive: customer, device, result, job, issuer reference) and by customer', () => {
    morning(at.file);
    const journal = Journal.open(at.file, identity);
    const seqs = (text: string, customerRef?: string) =>
      journal.jobs({ todayOnly: false, text, ...(customerRef ? { customerRef } : {}) }).map((j) => j.seq);
    expect(seqs('')).toEqual([10, 8, 6, 4, 2, 1]);
    expect(seqs('홍*동')).toEqual([6, 4, 2]); // customer
    expect(seqs('d-9')).toEqual([8]); // device, other case
    expect(seqs('mismatch')).toEqual([6]); // result
    expect(seqs('staff_log')).toEqual([10, 1]); // job
    expect(seqs('reg-1')).toEqual([6, 4]); // issuer reference
    expect(seqs('nothing like it')).toEqual([]);
    expect(seqs('', 'C-KIM')).toEqual([8]);
    expect(seqs('', 'C-HONG')).toEqual([6, 4, 2]);
    expect(seqs('ok', 'C-HONG')).toEqual([4, 2]);
    // A LIKE wildcard is just a character here.
    expect(seqs('%')).toEqual([]);

    const open = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001', device: 'D-1' });
    expect(seqs('pending')).toEqual([open]);
    journal.close();
  });

  it('today only: this terminal’s jobs of the local day, across local midnight (Seoul)', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Seoul';
    try {
      // Both instants are on 14 March in UTC but on two local days in Seoul: a UTC day would not tell them apart.
      const before = new Date('2025-03-14T14:59:00Z'); // 23:59 on the 14th in Seoul
      const after = new Date('2025-03-14T15:01:00Z'); // 00:01 on the 15th in Seoul
      expect([before.getDate(), after.getDate()]).toEqual([14, 15]);

      const time = clock(before);
      const journal = Journal.open(at.file, identity, time.now);
      const late = journal.record({ job: 'STAFF_LOGOUT', tellerId: 'T0001' }, { result: 'OK' });
      const pending = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
      time.set(after);
      journal.finish(pending, { result: 'OK' }); // started yesterday: still yesterday's job
      const early = journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0002' }, { result: 'OK' });
      journal.close();

      const other = Journal.open(at.file, { ...identity, terminalId: 'T-0101-02' }, time.now);
      const elsewhere = other.record({ job: 'STAFF_LOGIN', tellerId: 'T0003' }, { result: 'OK' });
      const today = (j: Journal) => j.jobs({ todayOnly: true, text: '' }).map((job) => job.seq);
      expect(today(other)).toEqual([elsewhere]);
      other.close();

      const mine = Journal.open(at.file, identity, time.now);
      expect(today(mine)).toEqual([early]);
      expect(mine.jobs({ todayOnly: false, text: '' }).map((j) => j.seq)).toEqual([elsewhere, early, pending, late]);
      time.set(before);
      expect(today(mine)).toEqual([pending, late]);
      mine.close();
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('finds the jobs and results whose words matched on screen, a transaction number, failures and approvals', () => {
    morning(at.file);
    const journal = Journal.open(at.file, identity);
    const approval = journal.begin({ job: 'DEVICE_UNLOCK', tellerId: 'T0001', ...KIM, device: 'D-9', supervisorId: 'S0001' }); // 11
    journal.finish(approval, { result: 'OK' });
    const seqs = (query: JournalQueryInput) => journal.jobs({ todayOnly: false, ...query }).map((j) => j.seq);
    expect(seqs({ jobs: ['LOSS_REPORT', 'IDENTITY_CHECK'] })).toEqual([8, 2]);
    expect(seqs({ results: ['SMS_CODE_MISMATCH'] })).toEqual([6]);
    // Any one way of matching will do: the words' codes or the free text.
    expect(seqs({ text: '홍*동', jobs: ['LOSS_REPORT'] })).toEqual([8, 6, 4, 2]);
    expect(seqs({ text: '20250314-000008' })).toEqual([8]);
    expect(seqs({ failedOnly: true })).toEqual([6]);
    expect(seqs({ approvedOnly: true })).toEqual([approval]);
    expect(seqs({ approvedOnly: true, failedOnly: true })).toEqual([]);
    expect(seqs({ text: '김*수', approvedOnly: true })).toEqual([approval]);
    // A PENDING job has not failed (yet).
    journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
    expect(seqs({ failedOnly: true })).toEqual([6]);
    journal.close();
  });

  it('pages past 500 jobs by a cursor: every job once, newest first, with the count of all', () => {
    const time = clock(new Date('2025-03-14T01:00:00Z'));
    const journal = Journal.open(at.file, identity, time.now);
    for (let i = 0; i < 1203; i++) journal.record({ job: 'OTP_CHECK', tellerId: 'T0001' }, { result: i % 100 === 0 ? 'OTP_MISMATCH' : 'OK' });
    const first = journal.page({ todayOnly: true });
    expect(first.jobs).toHaveLength(JOURNAL_PAGE_SIZE);
    expect([first.total, first.jobs[0]!.seq, first.next]).toEqual([1203, 1203, 704]);
    const second = journal.page({ todayOnly: true, before: first.next! });
    expect([second.total, second.jobs[0]!.seq, second.jobs.length, second.next]).toEqual([1203, 703, 500, 204]);
    const last = journal.page({ todayOnly: true, before: second.next! });
    expect([last.jobs[0]!.seq, last.jobs.at(-1)!.seq, last.jobs.length, last.next]).toEqual([203, 1, 203, null]);
    // The count and the pages are of the filter: 13 failures, one page.
    expect(journal.page({ todayOnly: true, failedOnly: true })).toMatchObject({ total: 13, next: null });
    // The whole file is not counted (that would read all of it), but it pages all the same.
    expect(journal.page({ todayOnly: false })).toMatchObject({ total: null, next: 704 });
    // The export takes every page.
    expect(journal.allJobs({ todayOnly: true }).map((j) => j.seq)).toEqual(Array.from({ length: 1203 }, (_, i) => 1203 - i));
    journal.close();
  });
});

describe('transaction numbers', () => {
  it('are the business date in Seoul and the seq, zero-padded, whatever the machine’s zone', () => {
    expect(receiptNumber(123, '2026-12-01T14:59:59.000Z')).toBe('20261201-000123'); // 23:59:59 in Seoul
    expect(receiptNumber(123, '2026-12-01T15:00:00.000Z')).toBe('20261202-000123'); // midnight in Seoul
    expect(receiptNumber(1, '2026-12-31T16:00:00.000Z')).toBe('20270101-000001');
    expect(receiptNumber(1_234_567, '2026-06-30T03:00:00.000Z')).toBe('20260630-1234567'); // longer, never cut
  });

  it('name their seq when typed back', () => {
    expect(seqOfReceiptNumber('20261202-000123')).toBe(123);
    expect(seqOfReceiptNumber(' 20261202-1234567 ')).toBe(1_234_567);
    for (const text of ['000123', '2026-12-02-000123', '20261202-000000', '20261202-', 'loss-123']) expect(seqOfReceiptNumber(text)).toBeUndefined();
  });
});

describe('the file', () => {
  it('refuses UPDATE and DELETE, and inserting anything but the next entry', () => {
    morning(at.file);
    raw(at.file, (db) => {
      expect(() => db.prepare("UPDATE entries SET result = 'OK' WHERE seq = 7").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM entries WHERE seq = 10').run()).toThrow(/append-only/);
      // INSERT OR REPLACE deletes without firing DELETE triggers: the insert trigger stops it.
      const copy = db.prepare('SELECT * FROM entries WHERE seq = 3').get() as Record<string, unknown>;
      const columns = Object.keys(copy);
      const replace = db.prepare(`INSERT OR REPLACE INTO entries (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      expect(() => replace.run({ ...copy, result: 'FORGED' })).toThrow(/append-only/);
      expect(() => replace.run({ ...copy, seq: 12 })).toThrow(/append-only/); // a gap
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 10 });
  });

  it('uses WAL and stores the schema version', () => {
    Journal.open(at.file, identity).close();
    raw(at.file, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    });
  });

  it('refuses a file of another schema version and leaves it as it was', () => {
    morning(at.file);
    raw(at.file, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    expect(() => Journal.open(at.file, identity)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}.*left untouched`));
    expect(() => verifyJournal(at.file)).toThrow(/schema version/);
    raw(at.file, (db) => {
      expect((db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n).toBe(10);
    });
  });

  it('refuses an SQLite file that is not a journal', () => {
    mkdirSync(dirname(at.file));
    raw(at.file, (db) => db.exec('CREATE TABLE notes (text TEXT)'));
    expect(() => Journal.open(at.file, identity)).toThrow(/not a journal/);
    raw(at.file, (db) => expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]));
  });

  it('marks the file with the journal application_id', () => {
    Journal.open(at.file, identity).close();
    raw(at.file, (db) => expect(db.pragma('application_id', { simple: true })).toBe(JOURNAL_APPLICATION_ID));
  });

  it('refuses a file of another application, even an empty one, and leaves it unchanged', () => {
    mkdirSync(dirname(at.file));
    raw(at.file, (db) => db.pragma('application_id = 1234'));
    const before = readFileSync(at.file);
    expect(() => Journal.open(at.file, identity)).toThrow(/application_id 1234.*not a journal.*left untouched/);
    expect(readFileSync(at.file).equals(before)).toBe(true);
    expect(() => verifyJournal(at.file)).toThrow(/not a journal/);
  });

  it('refuses a sandbox store, which is left unchanged', () => {
    mkdirSync(dirname(at.file));
    openSandboxDb(at.file).close();
    const before = readFileSync(at.file);
    expect(() => Journal.open(at.file, identity)).toThrow(/not a journal/);
    expect(readFileSync(at.file).equals(before)).toBe(true);
  });

  it('is not taken for a sandbox store: a sandbox opened on it never makes it readable as one', () => {
    morning(at.file);
    let sandboxOpened = true;
    try {
      openSandboxDb(at.file).close();
    } catch {
      sandboxOpened = false; // the sandbox side refuses it itself
    }
    if (sandboxOpened) expect(() => Journal.open(at.file, identity)).toThrow(/not a journal|schema version/);
    raw(at.file, (db) => expect(db.pragma('application_id', { simple: true })).toBe(JOURNAL_APPLICATION_ID));
  });
});
