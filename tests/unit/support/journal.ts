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
export function canonical(value: Record<string, unknown>): string {
  const keys = Object.keys(value).sort();
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
