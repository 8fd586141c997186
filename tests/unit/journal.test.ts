import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalJobSchema, type JournalJob } from '../../shared/journal.js';
import { Journal, toCsv, verifyJournal, type JournalIdentity } from '../../main/journal/journal.js';

const identity: JournalIdentity = { terminalId: 'T-0101-01', branchCode: '0101', institutionCode: '088', training: false };
const HONG = { customer: '홍*동 900101-1******', customerRef: 'C-HONG' };
const KIM = { customer: '김*수 851224-2******', customerRef: 'C-KIM' };

// The hash written from the format's description, not with the module's own helper.
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
function canonical(value: Record<string, unknown>): string {
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`).join(',')}}`;
}

/** A clock the test moves by hand. */
function clock(start: Date) {
  let at = start;
  return { now: () => at, set: (next: Date) => (at = next) };
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'otp-console-journal-'));
  file = join(dir, 'journal', 'journal.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A raw connection to the file, as someone holding it could open one. */
function raw<T>(work: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Ten entries of a working morning: seqs 1–10. */
function morning(): void {
  const time = clock(new Date('2025-03-14T00:30:00Z'));
  const journal = Journal.open(file, identity, time.now);
  journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' }); // 1
  const check = journal.begin({ job: 'IDENTITY_CHECK', tellerId: 'T0001', ...HONG }); // 2
  journal.finish(check, { result: 'OK', issuerRef: 'IC-1' }); // 3
  const start = journal.begin({ job: 'DIGITAL_OTP_START', tellerId: 'T0001', ...HONG, device: '010-****-5678', idempotencyKey: 'k-1' }); // 4
  journal.finish(start, { result: 'OK', issuerRef: 'REG-1' }); // 5
  const verify = journal.begin({ job: 'DIGITAL_OTP_SMS_VERIFY', tellerId: 'T0001', ...HONG, idempotencyKey: 'k-2' }); // 6
  journal.finish(verify, { result: 'SMS_CODE_MISMATCH', issuerRef: 'REG-1' }); // 7
  const loss = journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', ...KIM, device: 'D-9', idempotencyKey: 'k-3' }); // 8
  journal.finish(loss, { result: 'OK', issuerRef: 'LR-1' }); // 9
  journal.record({ job: 'STAFF_LOGOUT', tellerId: 'T0001' }, { result: 'OK' }); // 10
  journal.close();
}

describe('writing jobs', () => {
  it('chains begin/finish and record into entries 1, 2, 3… and reads them back as jobs', () => {
    const time = clock(new Date('2025-03-14T01:00:00Z'));
    const journal = Journal.open(file, identity, time.now);
    expect(existsSync(file)).toBe(true); // the missing folder was created
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
      settledAfterRestart: false,
      training: false,
    });
    expect(jobs[1]!.finishedAt).toBe(jobs[1]!.startedAt); // an EVENT starts and ends at once
    for (const job of jobs) expect(JournalJobSchema.parse(job)).toEqual(job);
    expect(journal.job(2)).toEqual(jobs[0]);
    expect(journal.job(3)).toBeUndefined(); // an OUTCOME entry is part of job 2, not a job
    expect(journal.job(99)).toBeUndefined();
    journal.close();
  });

  it('lists the PENDING entries a stopped console left, and settles them at the next start', () => {
    const journal = Journal.open(file, identity);
    const done = journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', idempotencyKey: 'k-1' });
    journal.finish(done, { result: 'OK' });
    const open1 = journal.begin({ job: 'CARD_REGISTER', tellerId: 'T0001', idempotencyKey: 'k-2' });
    const open2 = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
    journal.close(); // the console stops mid-call

    const again = Journal.open(file, identity);
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
    const journal = Journal.open(file, identity);
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
    expect(verifyJournal(file)).toMatchObject({ ok: true, entries: 3 });
    journal.close();
  });

  it('writes the identity and the training flag on every entry', () => {
    const journal = Journal.open(file, { ...identity, training: true });
    journal.finish(journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' }), { result: 'OK' });
    journal.close();
    const rows = raw((db) => db.prepare('SELECT terminal_id, branch_code, institution_code, training FROM entries').all());
    expect(rows).toEqual([
      { terminal_id: 'T-0101-01', branch_code: '0101', institution_code: '088', training: 1 },
      { terminal_id: 'T-0101-01', branch_code: '0101', institution_code: '088', training: 1 },
    ]);
    expect(Journal.open(file, identity).jobs({ todayOnly: false, text: '' })[0]!.training).toBe(true);
  });
});

describe('querying jobs', () => {
  it('filters by text (case-insensitive: customer, device, result, job, issuer reference) and by customer', () => {
    morning();
    const journal = Journal.open(file, identity);
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
      const journal = Journal.open(file, identity, time.now);
      const late = journal.record({ job: 'STAFF_LOGOUT', tellerId: 'T0001' }, { result: 'OK' });
      const pending = journal.begin({ job: 'OTP_CHECK', tellerId: 'T0001' });
      time.set(after);
      journal.finish(pending, { result: 'OK' }); // started yesterday: still yesterday's job
      const early = journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0002' }, { result: 'OK' });
      journal.close();

      const other = Journal.open(file, { ...identity, terminalId: 'T-0101-02' }, time.now);
      const elsewhere = other.record({ job: 'STAFF_LOGIN', tellerId: 'T0003' }, { result: 'OK' });
      const today = (j: Journal) => j.jobs({ todayOnly: true, text: '' }).map((job) => job.seq);
      expect(today(other)).toEqual([elsewhere]);
      other.close();

      const mine = Journal.open(file, identity, time.now);
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

  it('returns at most 500 jobs, newest first', () => {
    const journal = Journal.open(file, identity);
    for (let i = 0; i < 510; i++) journal.record({ job: 'OTP_CHECK', tellerId: 'T0001' }, { result: 'OK' });
    const jobs = journal.jobs({ todayOnly: false, text: '' });
    expect(jobs).toHaveLength(500);
    expect([jobs[0]!.seq, jobs[499]!.seq]).toEqual([510, 11]);
    journal.close();
  });
});

describe('the file', () => {
  it('refuses UPDATE and DELETE, and inserting anything but the next entry', () => {
    morning();
    raw((db) => {
      expect(() => db.prepare("UPDATE entries SET result = 'OK' WHERE seq = 7").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM entries WHERE seq = 10').run()).toThrow(/append-only/);
      // INSERT OR REPLACE deletes without firing DELETE triggers: the insert trigger stops it.
      const copy = db.prepare('SELECT * FROM entries WHERE seq = 3').get() as Record<string, unknown>;
      const columns = Object.keys(copy);
      const replace = db.prepare(`INSERT OR REPLACE INTO entries (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      expect(() => replace.run({ ...copy, result: 'FORGED' })).toThrow(/append-only/);
      expect(() => replace.run({ ...copy, seq: 12 })).toThrow(/append-only/); // a gap
    });
    expect(verifyJournal(file)).toMatchObject({ ok: true, entries: 10 });
  });

  it('uses WAL and stores the schema version', () => {
    Journal.open(file, identity).close();
    raw((db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
    });
  });

  it('refuses a file of another schema version and leaves it as it was', () => {
    morning();
    raw((db) => db.pragma('user_version = 2'));
    expect(() => Journal.open(file, identity)).toThrow(/schema version 2.*left untouched/);
    expect(() => verifyJournal(file)).toThrow(/schema version/);
    raw((db) => {
      expect((db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n).toBe(10);
    });
  });

  it('refuses an SQLite file that is not a journal', () => {
    mkdirSync(dirname(file));
    raw((db) => db.exec('CREATE TABLE notes (text TEXT)'));
    expect(() => Journal.open(file, identity)).toThrow(/not a journal/);
    raw((db) => expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]));
  });
});

describe('verifying the chain', () => {
  /** Drops the append-only triggers: anyone holding the file can. */
  const untriggered = (work: (db: Database.Database) => void) =>
    raw((db) => {
      db.exec('DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER entries_append_only;');
      work(db);
    });
  let head: string;

  beforeEach(() => {
    morning();
    const report = verifyJournal(file);
    if (!report.ok) throw new Error('the untouched journal does not verify');
    head = report.headHash;
  });

  it('passes an untouched journal and gives its entry count and head hash', () => {
    expect(verifyJournal(file)).toEqual({ ok: true, entries: 10, headHash: head });
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    // The head is the last entry's hash, chained from 64 zeros.
    raw((db) => {
      expect(db.prepare('SELECT prev_hash FROM entries WHERE seq = 1').pluck().get()).toBe('0'.repeat(64));
      expect(db.prepare('SELECT hash FROM entries WHERE seq = 10').pluck().get()).toBe(head);
    });
  });

  it('passes an empty journal', () => {
    rmSync(file);
    Journal.open(file, identity).close();
    expect(verifyJournal(file)).toEqual({ ok: true, entries: 0, headHash: '0'.repeat(64) });
  });

  it.each([
    ['result', "'OK'"],
    ['customer', "'이*희 770707-2******'"],
    ['at', "'2025-03-14T00:29:00.000Z'"],
    ['training', '1'],
    ['refers_to', '5'],
  ])('finds an edited %s as a hash mismatch at that entry', (column, value) => {
    untriggered((db) => db.exec(`UPDATE entries SET ${column} = ${value} WHERE seq = 7`));
    expect(verifyJournal(file)).toEqual({
      ok: false,
      entries: 10,
      firstBad: { seq: 7, at: expect.any(String), job: 'DIGITAL_OTP_SMS_VERIFY', reason: 'HASH_MISMATCH' },
    });
  });

  it('finds an edit whose hash was recomputed at the next entry, which no longer links to it', () => {
    untriggered((db) => {
      db.exec("UPDATE entries SET result = 'OK' WHERE seq = 7");
      // The forger recomputes entry 7's hash but leaves the rest of the chain alone.
      const row = db.prepare('SELECT * FROM entries WHERE seq = 7').get() as Record<string, unknown>;
      const content = Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'hash' && k !== 'prev_hash'));
      const forged = sha256(`${row.prev_hash as string}\n${canonical(content)}`);
      db.prepare('UPDATE entries SET hash = ? WHERE seq = 7').run(forged);
    });
    expect(verifyJournal(file)).toMatchObject({ ok: false, firstBad: { seq: 8, reason: 'CHAIN_BROKEN' } });
  });

  it('finds a deleted entry at the entry after it', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq = 5'));
    expect(verifyJournal(file)).toEqual({
      ok: false,
      entries: 9,
      firstBad: { seq: 6, at: expect.any(String), job: 'DIGITAL_OTP_SMS_VERIFY', reason: 'SEQUENCE_GAP' },
    });
  });

  it('finds a deleted first entry', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq = 1'));
    expect(verifyJournal(file)).toMatchObject({ ok: false, firstBad: { seq: 2, reason: 'SEQUENCE_GAP' } });
  });

  it('finds a deleted entry whose followers were renumbered to close the gap', () => {
    untriggered((db) => {
      db.exec('DELETE FROM entries WHERE seq = 5');
      db.exec('UPDATE entries SET seq = seq - 1 WHERE seq > 5');
    });
    expect(verifyJournal(file)).toMatchObject({ ok: false, entries: 9, firstBad: { seq: 5, reason: 'CHAIN_BROKEN' } });
  });

  it('finds two entries whose contents were swapped', () => {
    untriggered((db) => {
      const all = db.prepare('SELECT * FROM entries WHERE seq IN (4, 8) ORDER BY seq').all() as Array<Record<string, unknown>>;
      const columns = Object.keys(all[0]!).filter((c) => c !== 'seq');
      const write = db.prepare(`UPDATE entries SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
      write.run({ ...all[1], seq: 4 });
      write.run({ ...all[0], seq: 8 });
    });
    expect(verifyJournal(file)).toMatchObject({ ok: false, firstBad: { seq: 4, reason: 'CHAIN_BROKEN' } });
  });

  it('finds two entries whose contents were swapped but their hash columns kept in place', () => {
    untriggered((db) => {
      db.exec(`UPDATE entries SET result = CASE seq WHEN 3 THEN 'SMS_CODE_MISMATCH' ELSE 'OK' END WHERE seq IN (3, 7)`);
    });
    expect(verifyJournal(file)).toMatchObject({ ok: false, firstBad: { seq: 3, reason: 'HASH_MISMATCH' } });
  });

  it('finds two entries whose seqs were swapped', () => {
    untriggered((db) => {
      db.exec('UPDATE entries SET seq = 100 WHERE seq = 2');
      db.exec('UPDATE entries SET seq = 2 WHERE seq = 9');
      db.exec('UPDATE entries SET seq = 9 WHERE seq = 100');
    });
    expect(verifyJournal(file)).toMatchObject({ ok: false, entries: 10, firstBad: { seq: 2, reason: 'CHAIN_BROKEN' } });
  });

  it('cannot see entries cut off the end, but the head hash it prints changes', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq >= 9'));
    const report = verifyJournal(file);
    expect(report).toMatchObject({ ok: true, entries: 8 });
    expect(report.ok && report.headHash).not.toBe(head);
  });

  it('refuses a missing file rather than creating one', () => {
    expect(() => verifyJournal(join(dir, 'nowhere.sqlite'))).toThrow(/cannot open the journal/);
    expect(existsSync(join(dir, 'nowhere.sqlite'))).toBe(false);
  });
});

describe('CSV export', () => {
  const job = (over: Partial<JournalJob>): JournalJob => ({
    seq: 1,
    startedAt: '2025-03-14T01:00:00.000Z',
    finishedAt: null,
    job: 'CARD_ISSUE',
    terminalId: 'T-1',
    branchCode: '0101',
    tellerId: 'T0001',
    supervisorId: null,
    customer: '홍*동 900101-1******',
    device: null,
    result: 'PENDING',
    issuerRef: null,
    settledAfterRestart: false,
    training: true,
    ...over,
  });

  it('starts with a UTF-8 BOM and a header, ends every row with CRLF', () => {
    const csv = toCsv([job({})]);
    expect(csv.startsWith('\uFEFFseq,startedAt,finishedAt,job,')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFseq,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training',
      '1,2025-03-14T01:00:00.000Z,,CARD_ISSUE,T-1,0101,T0001,,홍*동 900101-1******,,PENDING,,false,true',
      '',
    ]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(toCsv([])).toBe('\uFEFFseq,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training\r\n');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const row = toCsv([job({ customer: 'a,b', device: 'say "hi"', issuerRef: 'line\nbreak', tellerId: 'cr\rlf' })]).split('\r\n')[1];
    expect(row).toContain(',"a,b",');
    expect(row).toContain(',"say ""hi""",');
    expect(row).toContain(',"line\nbreak",');
    expect(row).toContain(',"cr\r'); // the cell with a lone CR is quoted too
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const csv = toCsv([job({ customer: '=HYPERLINK("http://x")', device: '+82', issuerRef: '-1+1', tellerId: '@SUM(A1)' })]);
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(row).toContain(",'+82,");
    expect(row).toContain(",'-1+1,");
    expect(row).toContain(",'@SUM(A1),");
    // A masked RRN has its dash inside, not at the start: left alone.
    expect(toCsv([job({ device: '010-****-5678' })]).split('\r\n')[1]).toContain(',홍*동 900101-1******,010-****-5678,');
  });
});

describe('the hash format', () => {
  it('is sha256 of prev_hash, a newline and the sorted compact JSON of every other column', () => {
    const journal = Journal.open(file, identity, () => new Date('2025-03-14T01:00:00Z'));
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001', ...HONG }, { result: 'OK' });
    journal.close();
    raw((db) => {
      const row = db.prepare('SELECT * FROM entries WHERE seq = 1').get() as Record<string, unknown>;
      const { hash, prev_hash, ...content } = row;
      expect(Object.keys(content)).toHaveLength(18);
      expect(hash).toBe(sha256(`${prev_hash as string}\n${canonical(content)}`));
    });
  });
});
