import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { HttpIssuer } from '../../main/issuer/http-client.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { startSandboxServer } from '../../sandbox/http/http-server.js';
import { openSandboxDb } from '../../sandbox/store/store.js';

// `npm run journal:verify` runs this built CLI.
const CLI = 'dist/main/journal/verify-cli.js';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A journal of three jobs (five entries) at a fixed time. */
function writeJournal(file: string): void {
  const journal = Journal.open(file, { terminalId: 'T-CLI', branchCode: '0101', institutionCode: '088', training: false }, () => new Date('2025-03-14T01:02:03Z'));
  journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
  journal.finish(journal.begin({ job: 'IDENTITY_CHECK', tellerId: 'T0001', customer: '홍*동 900101-1******' }), { result: 'OK' });
  journal.finish(journal.begin({ job: 'LOSS_REPORT', tellerId: 'T0001', device: 'D-1' }), { result: 'OK', issuerRef: 'LR-1' });
  journal.close();
}

describe('npm run journal:verify', () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -p main/tsconfig.json\` (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'journal-verify-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the entry count and head hash of an intact journal, exit 0', async () => {
    const file = join(dir, 'good.sqlite');
    writeJournal(file);
    const { code, stdout, stderr } = await run([file]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^journal OK: 5 entries, head [0-9a-f]{64}\n$/);
    const db = new Database(file, { readonly: true });
    expect(stdout).toContain(db.prepare('SELECT hash FROM entries WHERE seq = 5').pluck().get() as string);
    db.close();
  });

  it('names the first broken entry of a tampered journal, exit 1', async () => {
    const file = join(dir, 'tampered.sqlite');
    writeJournal(file);
    const db = new Database(file);
    db.exec("DROP TRIGGER entries_no_update; UPDATE entries SET device = 'D-2' WHERE seq = 4");
    db.close();
    const { code, stdout } = await run([file]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      'journal BROKEN at entry #4 (2025-03-14T01:02:03.000Z LOSS_REPORT): its content does not match its hash, so it was changed after it was written\n',
    );
  });

  it('verifies a journal of schema version 2 as it is, and one with fees, and names an edited fee', async () => {
    const old = join(dir, 'version2.sqlite');
    writeJournal(old);
    // As a console before fees left it: no fee columns, version 2.
    const db = new Database(old);
    db.exec('ALTER TABLE entries DROP COLUMN fee_waiver_reason; ALTER TABLE entries DROP COLUMN fee_amount');
    db.pragma('user_version = 2');
    db.close();
    expect(await run([old])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^journal OK: 5 entries, head [0-9a-f]{64}\n$/) });

    const file = join(dir, 'fees.sqlite');
    const journal = Journal.open(file, { terminalId: 'T-CLI', branchCode: '0101', institutionCode: '088', training: false }, () => new Date('2025-03-14T01:02:03Z'));
    journal.finish(journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001' }), { result: 'OK', fee: { amount: 5000, waiverReason: null } });
    journal.close();
    expect(await run([file])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^journal OK: 2 entries/) });
    const edit = new Database(file);
    edit.exec("DROP TRIGGER entries_no_update; UPDATE entries SET fee_amount = 0, fee_waiver_reason = 'SUPERVISOR_DISCRETION' WHERE seq = 2");
    edit.close();
    expect(await run([file])).toMatchObject({ code: 1, stdout: expect.stringMatching(/^journal BROKEN at entry #2 \(2025-03-14T01:02:03\.000Z CARD_ISSUE\): its content does not match/) });
  });

  it('explains a removed entry in plain words, exit 1', async () => {
    const file = join(dir, 'cut.sqlite');
    writeJournal(file);
    const db = new Database(file);
    db.exec('DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq = 2');
    db.close();
    const { code, stdout } = await run([file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^journal BROKEN at entry #3 \(2025-03-14T01:02:03\.000Z IDENTITY_CHECK\): .*removed\n$/);
  });

  it('checks the keyed chain with the key file given by --key: the right one passes, another fails', async () => {
    const keyed = mkdtempSync(join(tmpdir(), 'journal-verify-cli-key-'));
    try {
      const file = join(keyed, 'journal.sqlite');
      writeJournal(file);
      const keyFile = join(keyed, 'elsewhere.key');
      renameSync(join(keyed, 'journal.key'), keyFile); // the key kept apart from the journal
      const right = await run([file, '--key', keyFile]);
      expect(right).toMatchObject({ code: 0, stdout: expect.stringMatching(/^journal OK: 5 entries, head [0-9a-f]{64}\n$/) });
      const wrongKey = join(keyed, 'wrong.key');
      writeFileSync(wrongKey, randomBytes(32), { mode: 0o600 });
      const wrong = await run([file, '--key', wrongKey]);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toMatch(/^journal BROKEN at entry #1 /);
      const none = await run([file]); // no key beside it and none given
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/no journal key/);
    } finally {
      rmSync(keyed, { recursive: true, force: true });
    }
  });

  it('says so when the file is missing, is not a journal, or is not given, exit 2', async () => {
    const missing = join(dir, 'missing.sqlite');
    expect(await run([missing])).toEqual({ code: 2, stdout: '', stderr: `journal: no such file: ${missing}\n` });
    expect(existsSync(missing)).toBe(false);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words long enough to be a header '.repeat(4));
    const garbage = await run([text]);
    expect(garbage.code).toBe(2);
    expect(garbage.stdout).toBe('');
    expect(garbage.stderr).toMatch(/^journal: cannot open the journal .*notes\.txt: /);

    expect(await run([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('usage: npm run journal:verify -- <journal file>') });
  });

  it('with --issuer, compares the journal with the latest anchor of the terminal its entries name', async () => {
    const file = join(dir, 'anchored.sqlite');
    writeJournal(file);
    const db = openSandboxDb(':memory:');
    const server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    try {
      const issuer = new HttpIssuer({ baseUrl: server.url, terminal: { institutionCode: '088', branchCode: '0101', terminalId: 'T-CLI' }, retries: 0 });
      const head = (seq: number) => {
        const journal = new Database(file, { readonly: true });
        const hash = journal.prepare('SELECT hash FROM entries WHERE seq = ?').pluck().get(seq) as string;
        journal.close();
        return hash;
      };

      // No anchor yet: the chain is all there is to check.
      let result = await run([file, '--issuer', server.url]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/\njournal integrity: OK, 5 entries, head #5; the issuer has no anchor of this terminal yet\n$/);

      await issuer.call('anchorJournal', { body: { seq: 5, headHash: head(5), entryCount: 5 } });
      result = await run([file, '--issuer', server.url]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/journal integrity: OK, 5 entries, head #5, reaching the issuer's anchor at #5\n$/);

      // The last job cut off: the chain still holds, the anchor shows what is missing.
      const cut = new Database(file);
      cut.exec('DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq > 3');
      cut.close();
      result = await run([file, '--issuer', server.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^journal OK: 3 entries/);
      expect(result.stdout).toMatch(/journal integrity: ALARM BEHIND_ANCHOR: the journal ends at entry #3, but the issuer witnessed entry #5 \(5 entries\)/);
    } finally {
      await server.close();
      db.close();
    }
    // An issuer nobody serves: no verdict, exit 2.
    const unreachable = await run([file, '--issuer', 'http://127.0.0.1:9']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^journal: cannot compare with the issuer's anchor/);
  });
});
