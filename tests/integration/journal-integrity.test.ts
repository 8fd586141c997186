import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/result.js';
import type { ConsoleStatus } from '../../shared/status.js';
import type { JournalPage } from '../../shared/journal.js';
import { JOURNAL_FILE } from '../../main/app/console.js';
import { CONTENT_COLUMNS, GENESIS_HASH, entryHash, type EntryContent } from '../../main/journal/chain.js';
import { identityCheckBody } from '../support/issuer-fixtures.js';
import { memoryLog, type MemoryLog } from '../support/memory-log.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The journal against the issuer's witness, through the console's router with the in-process
// sandbox on a file (its anchors survive a restart): each way of rewriting the journal between two
// starts is caught at the next start, stops every job until a supervisor acknowledges it, and the
// acknowledgement is journaled and holds at later starts.

const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const SUPERVISOR = { staffId: 'S0001', password: 'super-pass-1' };
const codeOf = (result: Result<unknown>) => (result.ok ? 'OK' : result.error.code);

describe('journal integrity against the issuer anchor', () => {
  let dir: string;
  let sandboxFile: string;
  let dataDir: string;
  const consoles: TestConsole[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-integrity-'));
    sandboxFile = join(dir, 'sandbox.sqlite');
    dataDir = join(dir, 'data');
  });
  afterEach(async () => {
    for (const c of consoles.splice(0)) await c.main.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const journalFile = () => join(dataDir, JOURNAL_FILE);

  /** A console started on the shared data folder and sandbox file, its integrity check done. */
  async function start(): Promise<{ c: TestConsole; log: MemoryLog; status: () => Promise<ConsoleStatus> }> {
    const log = memoryLog('info');
    const c = createTestConsole('journal-integrity', { sandboxDb: sandboxFile }, dataDir, log.log);
    consoles.push(c);
    c.main.start();
    const status = async () => {
      const result = await c.main.router.call('status.get', {});
      if (!result.ok) throw new Error(result.error.code);
      return result.value as ConsoleStatus;
    };
    await vi.waitFor(async () => expect((await status()).journal.state).not.toBe('CHECKING'));
    return { c, log, status };
  }

  async function stop(c: TestConsole) {
    consoles.splice(consoles.indexOf(c), 1);
    await c.main.stop();
  }

  /** A teller's day: login, one identity check, logout (which anchors the journal's head). */
  async function tellerWork(c: TestConsole) {
    expect(codeOf(await c.main.router.call('staff.login', TELLER))).toBe('OK');
    expect(codeOf(await c.main.router.call('customer.identify', identityCheckBody('kim')))).toBe('OK');
    expect(codeOf(await c.main.router.call('staff.logout', {}))).toBe('OK');
  }

  async function anchoredRun() {
    const { c, status } = await start();
    await tellerWork(c);
    const { journal } = await status();
    // Logout anchored the head before its own outcome entry was written; stopping anchors that one.
    expect(journal).toMatchObject({ state: 'OK', anchoredSeq: journal.headSeq - 1 });
    await stop(c);
    return { ...journal, anchoredSeq: journal.headSeq };
  }

  /** Opens the journal file past its guards, as someone with write access to it could. */
  function tamper(work: (db: Database.Database) => void) {
    const db = new Database(journalFile());
    db.exec('DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER entries_append_only');
    work(db);
    db.close();
  }

  /** Recomputes every link from `fromSeq` on with `key` (null: plain SHA-256), as a forger would. */
  function rechain(db: Database.Database, key: Buffer | null, fromSeq = 1) {
    const rows = db.prepare('SELECT * FROM entries ORDER BY seq').all() as Array<EntryContent & { prev_hash: string; hash: string }>;
    const update = db.prepare('UPDATE entries SET prev_hash = ?, hash = ? WHERE seq = ?');
    let prev = GENESIS_HASH;
    for (const row of rows) {
      if (row.seq >= fromSeq) {
        const content = Object.fromEntries(CONTENT_COLUMNS.map((c) => [c, row[c]])) as unknown as EntryContent;
        const hash = entryHash(key, prev, content);
        update.run(prev, hash, row.seq);
        prev = hash;
      } else {
        prev = row.hash;
      }
    }
  }

  /** The alarm as a teller and then a supervisor meet it: refused jobs, the acknowledgement, jobs again. */
  async function expectAlarmThenAcknowledge(c: TestConsole, reason: string) {
    const call = c.main.router.call;
    expect(codeOf(await call('staff.login', TELLER))).toBe('OK');
    expect(codeOf(await call('customer.identify', identityCheckBody('kim')))).toBe('JOURNAL_ALARM');
    expect(codeOf(await call('journal.acknowledgeAlarm', {}))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(await call('staff.logout', {}))).toBe('OK');
    expect(codeOf(await call('staff.login', SUPERVISOR))).toBe('OK');
    const ack = await call('journal.acknowledgeAlarm', {});
    expect(ack).toMatchObject({ ok: true, value: { state: 'ACKNOWLEDGED', reason, acknowledgement: { supervisorId: 'S0001' } } });
    expect(codeOf(await call('journal.acknowledgeAlarm', {}))).toBe('INVALID_INPUT'); // nothing left to acknowledge
    expect(codeOf(await call('customer.identify', identityCheckBody('kim')))).toBe('OK');
    const jobs = await call('journal.list', {});
    const names = (jobs.ok ? (jobs.value as JournalPage).jobs : []).map((j) => `${j.job} ${j.result}`);
    expect(names).toContain(`JOURNAL_ALARM_RAISED ${reason}`);
    expect(names).toContain('JOURNAL_ALARM_ACKNOWLEDGED OK');
    expect(codeOf(await call('staff.logout', {}))).toBe('OK');
  }

  it('starts clean when nothing was touched, and anchors what each session wrote', async () => {
    const first = await anchoredRun();
    const { c, log, status } = await start();
    expect((await status()).journal).toMatchObject({ state: 'OK', headSeq: first.headSeq, anchoredSeq: first.headSeq });
    expect(log.entries().some((l) => l.startsWith(`INFO journal integrity: OK`))).toBe(true);
    await tellerWork(c);
    const after = (await status()).journal;
    expect(after).toMatchObject({ state: 'OK', anchoredSeq: after.headSeq - 1 });
    expect(after.headSeq).toBeGreaterThan(first.headSeq);
  });

  it('catches a journal rolled back to an older copy', async () => {
    await anchoredRun();
    const copy = join(dir, 'older.sqlite');
    copyFileSync(journalFile(), copy);
    const { c } = await start();
    await tellerWork(c);
    await stop(c);
    copyFileSync(copy, journalFile());

    const { c: next, log, status } = await start();
    expect((await status()).journal).toMatchObject({ state: 'ALARM', reason: 'BEHIND_ANCHOR' });
    expect(log.entries().find((l) => l.includes('journal integrity:'))).toMatch(/^ERROR journal integrity: ALARM BEHIND_ANCHOR: the journal ends at entry #\d+, but the issuer witnessed entry #\d+/);
    await expectAlarmThenAcknowledge(next, 'BEHIND_ANCHOR');
    await stop(next);

    // The work since wrote past the old anchor and the issuer witnessed it: in step again.
    const { status: againStatus } = await start();
    expect((await againStatus()).journal).toMatchObject({ state: 'OK' });
  });

  it('catches entries cut off the end; an acknowledged alarm found again at the next start stays acknowledged', async () => {
    await anchoredRun();
    const anchored = await anchoredRun(); // two sessions: far enough ahead that the acknowledgement stays below
    tamper((db) => db.prepare('DELETE FROM entries WHERE seq > 2').run());
    const { c, status } = await start();
    // The journal's own record of the alarm is the entry after what is left.
    expect((await status()).journal).toMatchObject({ state: 'ALARM', reason: 'BEHIND_ANCHOR', headSeq: 3, anchoredSeq: anchored.headSeq });
    expect(codeOf(await c.main.router.call('staff.login', SUPERVISOR))).toBe('OK');
    expect(codeOf(await c.main.router.call('journal.acknowledgeAlarm', {}))).toBe('OK');
    await stop(c);

    // Still below the anchor (nothing new is anchored there), but this alarm was acknowledged.
    const { c: again, status: againStatus } = await start();
    expect((await againStatus()).journal).toMatchObject({ state: 'ACKNOWLEDGED', reason: 'BEHIND_ANCHOR', anchoredSeq: anchored.headSeq });
    expect(codeOf(await again.main.router.call('staff.login', TELLER))).toBe('OK');
    expect(codeOf(await again.main.router.call('customer.identify', identityCheckBody('kim')))).toBe('OK');
  });

  it('catches a deleted journal', async () => {
    await anchoredRun();
    for (const suffix of ['', '-wal', '-shm']) rmSync(journalFile() + suffix, { force: true });
    const { c, status } = await start();
    expect((await status()).journal).toMatchObject({ state: 'ALARM', reason: 'JOURNAL_MISSING', headSeq: 1 });
    await expectAlarmThenAcknowledge(c, 'JOURNAL_MISSING');
  });

  it('catches an edited entry re-chained without the key', async () => {
    await anchoredRun();
    tamper((db) => {
      db.prepare("UPDATE entries SET result = 'MISMATCH' WHERE job = 'IDENTITY_CHECK' AND kind = 'OUTCOME'").run();
      rechain(db, null);
    });
    const { c, log, status } = await start();
    expect((await status()).journal).toMatchObject({ state: 'ALARM', reason: 'CHAIN_BROKEN' });
    expect(log.entries().join('\n')).toMatch(/journal integrity: ALARM CHAIN_BROKEN: the chain breaks at entry #1/);
    await expectAlarmThenAcknowledge(c, 'CHAIN_BROKEN');
    await stop(c);

    // Nothing after a break can vouch for itself, an acknowledgement included: raised at every start.
    const { status: againStatus } = await start();
    expect((await againStatus()).journal).toMatchObject({ state: 'ALARM', reason: 'CHAIN_BROKEN' });
  });

  it('catches a journal re-chained under a key of its own, by the hash the issuer witnessed', async () => {
    await anchoredRun();
    const forgedKey = randomBytes(32);
    expect(readFileSync(join(dataDir, 'journal.key')).equals(forgedKey)).toBe(false);
    tamper((db) => {
      db.prepare("UPDATE entries SET result = 'MISMATCH' WHERE job = 'IDENTITY_CHECK' AND kind = 'OUTCOME'").run();
      rechain(db, forgedKey);
    });
    writeFileSync(join(dataDir, 'journal.key'), forgedKey, { mode: 0o600 });
    const { c, status } = await start();
    expect((await status()).journal).toMatchObject({ state: 'ALARM', reason: 'DIVERGES_FROM_ANCHOR' });
    await expectAlarmThenAcknowledge(c, 'DIVERGES_FROM_ANCHOR');
    // Past the alarm, the issuer witnesses the new head: the journal is in step again.
    expect((await status()).journal).toMatchObject({ state: 'OK' });
  });
});
