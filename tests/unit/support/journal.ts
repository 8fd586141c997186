import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Journal, type JournalIdentity } from '../../../main/journal/journal.js';

export const identity: JournalIdentity = { terminalId: 'T-0101-01', branchCode: '0101', institutionCode: '088', training: false };
export const HONG = { customer: '홍*동 900101-1******', customerRef: 'C-HONG' };
export const KIM = { customer: '김*수 851224-2******', customerRef: 'C-KIM' };

// The hash written from the format's description, not with the module's own helper.
export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** The columns added in schema version 3: in the hashed text only when not null. */
export const VERSION_3_COLUMNS = ['fee_amount', 'fee_waiver_reason'];
export function canonical(value: Record<string, unknown>): string {
  const keys = Object.keys(value).filter((k) => !(VERSION_3_COLUMNS.includes(k) && value[k] === null)).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`).join(',')}}`;
}

/** A clock the test moves by hand. */
export function clock(start: Date) {
  let at = start;
  return { now: () => at, set: (next: Date) => (at = next) };
}

/**
 * A journal file in a fresh temp folder for each test (the file itself, in a `journal` subfolder,
 * is not there yet), removed after it. Read `dir` and `file` inside a test or a later hook.
 */
export function journalFileEachTest(): { readonly dir: string; readonly file: string } {
  const paths = { dir: '', file: '' };
  beforeEach(() => {
    paths.dir = mkdtempSync(join(tmpdir(), 'otp-console-journal-'));
    paths.file = join(paths.dir, 'journal', 'journal.sqlite');
  });
  afterEach(() => rmSync(paths.dir, { recursive: true, force: true }));
  return paths;
}

/** A raw connection to the file, as someone holding it could open one. */
export function raw<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Ten entries of a working morning: seqs 1–10. */
export function morning(file: string): void {
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

/**
 * Turns a journal without fees into one of schema version 2, as a console before fees left it: the
 * fee columns were not there. Its entries stay as written (a null fee was never in the hashed text).
 */
export function makeVersion2(file: string): void {
  raw(file, (db) => {
    if (db.prepare('SELECT count(*) FROM entries WHERE fee_amount IS NOT NULL').pluck().get()) throw new Error('a journal of version 2 has no fees');
    // The reason's CHECK names the amount: it goes first.
    db.exec('ALTER TABLE entries DROP COLUMN fee_waiver_reason; ALTER TABLE entries DROP COLUMN fee_amount');
    db.pragma('user_version = 2');
  });
}
