import Database from 'better-sqlite3';
import { mkdtempSync, openSync, closeSync, fstatSync, writeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result.js';
import { JOURNAL_FILE } from '../../main/app/console.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// A journal file damaged on disk, through the console's router with the in-process sandbox on a
// file: no job runs unjournaled, and a refusal is still answered, never an unhandled rejection.

const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const codeOf = (result: Result<unknown>) => (result.ok ? 'OK' : result.error.code);

/** Overwrites the page of the entries table with garbage: the file opens, its entries cannot be read or written. */
function damageEntriesPage(file: string) {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'entries'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  try {
    expect(fstatSync(fd).size).toBeGreaterThanOrEqual(rootpage * pageSize);
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

describe('a damaged journal', () => {
  let dir: string;
  let sandboxFile: string;
  const consoles: TestConsole[] = [];
  const sessionsAtIssuer = () => {
    const db = new Database(sandboxFile, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM staff_sessions').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-damaged-'));
    sandboxFile = join(dir, 'sandbox.sqlite');
  });
  afterEach(async () => {
    for (const c of consoles.splice(0)) await c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses jobs with JOURNAL_UNAVAILABLE without calling the issuer, and still answers refusals', async () => {
    const first = createTestConsole('journal-damaged', { sandboxDb: sandboxFile });
    expect(codeOf(await first.main.router.call('staff.login', TELLER))).toBe('OK');
    expect(codeOf(await first.main.router.call('staff.logout', {}))).toBe('OK');
    await first.main.stop();
    damageEntriesPage(join(first.dataDir, JOURNAL_FILE));
    const sessionsBefore = sessionsAtIssuer();

    const second = createTestConsole('journal-damaged', { sandboxDb: sandboxFile }, first.dataDir);
    consoles.push(second);
    const login = await second.main.router.call('staff.login', TELLER);
    expect(codeOf(login)).toBe('JOURNAL_UNAVAILABLE');
    expect(login.ok ? '' : login.error.message).toMatch(/journal/i);
    expect(sessionsAtIssuer()).toBe(sessionsBefore); // the login never reached the issuer
    expect(await second.main.router.call('staff.current', {})).toMatchObject({ ok: true, value: null });

    // A call refused before its handler: the refusal is answered although its entry cannot be written.
    await expect(second.main.router.call('staff.logout', {})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
  });
});
