import type Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeeTotalsSchema, JournalJobSchema } from '../../shared/journal.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { HONG, KIM, VERSION_3_COLUMNS, canonical, clock, identity, journalFileEachTest, makeVersion2, morning, raw } from './support/journal.js';

// The fee of a job in the journal (schema version 3): written, read back, chained, migrated to, and totalled for the day's close.
const at = journalFileEachTest();

const CHARGED = { amount: 5000, waiverReason: null };
const DEFECT = { amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' };
const DISCRETION = { amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' };

/** Drops the append-only triggers, as anyone holding the file can, and edits it. */
const untriggered = (file: string, work: (db: Database.Database) => void) =>
  raw(file, (db) => {
    db.exec('DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER entries_append_only;');
    work(db);
  });

describe('a job’s fee', () => {
  it('is written on the entry that ends the job and read back with it; null for a job without one', () => {
    const journal = Journal.open(at.file, identity);
    const issue = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001', ...HONG, idempotencyKey: 'k-1' });
    journal.finish(issue, { result: 'OK', issuerRef: 'DEV-1', fee: CHARGED });
    const replace = journal.begin({ job: 'CARD_REPLACE', tellerId: 'T0001', ...KIM, idempotencyKey: 'k-2' });
    journal.finish(replace, { result: 'OK', supervisorId: 'S0001', fee: DISCRETION });
    const event = journal.record({ job: 'CARD_REPLACE', tellerId: 'T0001' }, { result: 'OK', fee: DEFECT });
    const plain = journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    const open = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001' });

    const fees = new Map(journal.jobs({ todayOnly: false }).map((job) => [job.seq, job.fee]));
    expect(Object.fromEntries(fees)).toEqual({ [issue]: CHARGED, [replace]: DISCRETION, [event]: DEFECT, [plain]: null, [open]: null });
    for (const job of journal.jobs({ todayOnly: false })) expect(JournalJobSchema.parse(job)).toEqual(job);
    raw(at.file, (db) => {
      // The PENDING entry holds none: the fee is known once the issuer answered.
      expect(db.prepare("SELECT count(*) FROM entries WHERE kind = 'PENDING' AND fee_amount IS NOT NULL").pluck().get()).toBe(0);
    });
    journal.close();
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 7 });
  });

  it.each([
    ['a negative amount', { amount: -1, waiverReason: null }],
    ['a part of a won', { amount: 2.5, waiverReason: null }],
    ['a waiver with an amount', { amount: 5000, waiverReason: 'SUPERVISOR_DISCRETION' }],
  ])('is refused as %s, and the job stays open', (_what, fee) => {
    const journal = Journal.open(at.file, identity);
    const seq = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001' });
    expect(() => journal.finish(seq, { result: 'OK', fee })).toThrow();
    expect(journal.unsettled().map((job) => job.seq)).toEqual([seq]);
    journal.close();
  });

  /** Entries 1–2 a card issued for 5,000 won, 3–4 a card replaced with the fee waived, 5–6 a lookup without a fee. */
  function threeJobs() {
    const journal = Journal.open(at.file, identity);
    journal.finish(journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001' }), { result: 'OK', fee: CHARGED });
    journal.finish(journal.begin({ job: 'CARD_REPLACE', tellerId: 'T0001' }), { result: 'OK', fee: DEFECT });
    journal.finish(journal.begin({ job: 'CARD_LOOKUP', tellerId: 'T0001' }), { result: 'OK' });
    journal.close();
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 6 });
  }

  it.each([
    ['changed', 'fee_amount = 0 WHERE seq = 2', 2],
    ['waived afterwards', "fee_amount = 0, fee_waiver_reason = 'SUPERVISOR_DISCRETION' WHERE seq = 2", 2],
    ['removed', 'fee_amount = NULL WHERE seq = 2', 2],
    ['waived for another reason', "fee_waiver_reason = 'SUPERVISOR_DISCRETION' WHERE seq = 4", 4],
    ['added to a job that charged none', 'fee_amount = 5000 WHERE seq = 6', 6],
  ])('is covered by the chain: a fee %s is a hash mismatch at its entry', (_what, edit, seq) => {
    threeJobs();
    untriggered(at.file, (db) => db.exec(`UPDATE entries SET ${edit}`));
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, entries: 6, firstBad: { seq, reason: 'HASH_MISMATCH' } });
  });
});

describe('a journal of schema version 2, written before fees', () => {
  const keyOf = (file: string) => readFileSync(join(file, '..', 'journal.key'));
  const rows = (file: string) => raw(file, (db) => db.prepare('SELECT seq, prev_hash, hash FROM entries ORDER BY seq').all());
  const rootPage = (db: Database.Database) => db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'entries'").pluck().get();

  it('verifies as it is, is migrated in place at its next open, and its entries keep their hashes', () => {
    morning(at.file);
    makeVersion2(at.file);
    const before = rows(at.file);
    const page = raw(at.file, rootPage);
    // Its hashes are the old format's: the 18 columns of version 2, nothing of fees.
    raw(at.file, (db) => {
      for (const { hash, prev_hash, ...content } of db.prepare('SELECT * FROM entries').all() as Array<Record<string, unknown>>) {
        expect(Object.keys(content)).toHaveLength(18);
        expect(hash).toBe(createHmac('sha256', keyOf(at.file)).update(`${prev_hash as string}\n${canonical(content)}`, 'utf8').digest('hex'));
      }
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 10 });

    const journal = Journal.open(at.file, identity);
    journal.finish(journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001', ...HONG }), { result: 'OK', fee: CHARGED });
    journal.close();
    raw(at.file, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      const columns = db.prepare("SELECT name FROM pragma_table_info('entries')").pluck().all();
      expect(columns).toEqual(expect.arrayContaining(VERSION_3_COLUMNS));
      // Columns added to the same table, not a table rebuilt and copied: an audit record is never rebuilt.
      expect(rootPage(db)).toBe(page);
    });
    expect(rows(at.file).slice(0, 10)).toEqual(before);
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 12 });
    expect(Journal.open(at.file, identity).job(11)?.fee).toEqual(CHARGED);
  });

  it('still shows an entry of before edited after the migration', () => {
    morning(at.file);
    makeVersion2(at.file);
    Journal.open(at.file, identity).close();
    untriggered(at.file, (db) => db.exec("UPDATE entries SET fee_amount = 0, fee_waiver_reason = 'SUPERVISOR_DISCRETION' WHERE seq = 9"));
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 9, job: 'LOSS_REPORT', reason: 'HASH_MISMATCH' } });
  });
});

describe('the fees of a business day', () => {
  it('sums this terminal’s fees charged per job and counts the waived ones per reason, OK jobs only, training apart', () => {
    // 23:59 on the 14th and 00:01 on the 15th in Seoul: both the 14th in UTC.
    const time = clock(new Date('2025-03-14T14:59:00Z'));
    const real = Journal.open(at.file, identity, time.now);
    const fee = (journal: Journal, job: 'CARD_ISSUE' | 'CARD_REPLACE', outcome: Parameters<Journal['finish']>[1]) =>
      journal.finish(journal.begin({ job, tellerId: 'T0001' }), outcome);
    fee(real, 'CARD_ISSUE', { result: 'OK', fee: CHARGED }); // the 14th
    const lateJob = real.begin({ job: 'CARD_REPLACE', tellerId: 'T0001' }); // starts on the 14th, ends on the 15th
    time.set(new Date('2025-03-14T15:01:00Z'));
    real.finish(lateJob, { result: 'OK', fee: CHARGED });
    fee(real, 'CARD_ISSUE', { result: 'OK', fee: CHARGED });
    fee(real, 'CARD_ISSUE', { result: 'OK', fee: { amount: 7000, waiverReason: null } });
    fee(real, 'CARD_REPLACE', { result: 'OK', fee: CHARGED });
    fee(real, 'CARD_REPLACE', { result: 'OK', fee: DEFECT });
    fee(real, 'CARD_REPLACE', { result: 'OK', fee: DEFECT });
    fee(real, 'CARD_ISSUE', { result: 'OK', fee: DISCRETION });
    fee(real, 'CARD_ISSUE', { result: 'CARD_NOT_IN_STOCK', fee: CHARGED }); // failed: charged nothing
    real.begin({ job: 'CARD_ISSUE', tellerId: 'T0001' }); // still open: nothing known yet
    real.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    real.close();
    const training = Journal.open(at.file, { ...identity, training: true }, time.now);
    fee(training, 'CARD_ISSUE', { result: 'OK', fee: CHARGED });
    fee(training, 'CARD_REPLACE', { result: 'OK', fee: DISCRETION });
    training.close();
    const elsewhere = Journal.open(at.file, { ...identity, terminalId: 'T-0101-02' }, time.now);
    fee(elsewhere, 'CARD_ISSUE', { result: 'OK', fee: CHARGED });
    elsewhere.close();

    const journal = Journal.open(at.file, identity, time.now);
    const today = journal.feeTotals();
    expect(FeeTotalsSchema.parse(today)).toEqual(today);
    expect(today).toEqual({
      day: '2025-03-15',
      terminalId: 'T-0101-01',
      real: {
        charged: [
          { job: 'CARD_ISSUE', count: 2, amount: 12000 },
          { job: 'CARD_REPLACE', count: 1, amount: 5000 },
        ],
        waived: [
          { job: 'CARD_ISSUE', waiverReason: 'SUPERVISOR_DISCRETION', count: 1 },
          { job: 'CARD_REPLACE', waiverReason: 'DEFECT_WITHIN_1_YEAR', count: 2 },
        ],
        total: 17000,
      },
      training: {
        charged: [{ job: 'CARD_ISSUE', count: 1, amount: 5000 }],
        waived: [{ job: 'CARD_REPLACE', waiverReason: 'SUPERVISOR_DISCRETION', count: 1 }],
        total: 5000,
      },
    });
    // A job is the day's it started on, as its receipt number says.
    expect(journal.feeTotals({ day: '2025-03-14' }).real).toEqual({
      charged: [
        { job: 'CARD_ISSUE', count: 1, amount: 5000 },
        { job: 'CARD_REPLACE', count: 1, amount: 5000 },
      ],
      waived: [],
      total: 10000,
    });
    expect(journal.feeTotals({ day: '2025-03-16' })).toMatchObject({ real: { charged: [], waived: [], total: 0 }, training: { total: 0 } });
    expect(() => journal.feeTotals({ day: '2025-02-30' })).toThrow(/not a business day/);
    journal.close();
  });
});
