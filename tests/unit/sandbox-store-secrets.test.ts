import Database from 'better-sqlite3';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../issuer-api/canonical-json.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { SEED_CUSTOMERS } from '../../sandbox/store/seed.js';
import { openSandboxDb, SANDBOX_APPLICATION_ID, sandboxKeyFileOf, type SandboxDb } from '../../sandbox/store/store.js';
import { T0 } from './support/clock.js';
import { digestOf, TERMINAL } from './support/sandbox.js';

// What the sandbox's SQLite file gives away to someone who has the file and nothing else (issue 12,
// finding 8), and which files it agrees to open (finding 9). Real files in a temporary folder.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-secrets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const issuerOn = (db: SandboxDb) => new SandboxIssuer({ db, now: () => new Date(T0) });

/** Every value in every table of a database file, read as an outsider would, without the sandbox's code. */
function everyCell(file: string): Array<string | Buffer> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    const cells: Array<string | Buffer> = [];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]) {
        for (const value of row) {
          if (typeof value === 'string' || Buffer.isBuffer(value)) cells.push(value);
          else if (typeof value === 'number' || typeof value === 'bigint') cells.push(String(value));
        }
      }
    }
    return cells;
  } finally {
    db.close();
  }
}

/** The file and its WAL as bytes: whatever SQLite wrote, in pages or in the log. */
const rawBytes = (file: string) => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));

/** What an RRN's digest may look like: hex, base64 or raw bytes. */
const forms = (digest: Buffer) => [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url'), digest];

describe('the sandbox store on disk keeps no secret an outsider can read back', () => {
  it('RRN lookups are keyed: no stored value is SHA-256 of a seed RRN, nor HMAC with any key the db holds', () => {
    const file = join(dir, 'sandbox.db');
    openSandboxDb(file).close();

    const cells = everyCell(file);
    const stored = new Set(cells.map((cell) => (Buffer.isBuffer(cell) ? cell.toString('hex') : cell)));
    const storedBuffers = cells.filter(Buffer.isBuffer);
    // Anything in the db could be a key: every value, as text and as bytes.
    const candidateKeys = cells.map((cell) => (Buffer.isBuffer(cell) ? cell : Buffer.from(cell, 'utf8')));
    expect(candidateKeys.length).toBeGreaterThan(20);

    for (const { rrn } of SEED_CUSTOMERS) {
      const texts = [rrn, rrn.replace('-', ''), `rrn:${rrn.replace('-', '')}`, `rrn:${rrn}`];
      for (const text of texts) {
        const digests = [createHash('sha256').update(text, 'utf8').digest()];
        for (const key of candidateKeys) digests.push(createHmac('sha256', key).update(text, 'utf8').digest());
        for (const digest of digests) {
          for (const form of forms(digest)) {
            if (Buffer.isBuffer(form)) expect(storedBuffers.some((b) => b.equals(form)), text).toBe(false);
            else expect(stored.has(form), `${text} → ${form}`).toBe(false);
          }
        }
      }
    }
  });

  it('keeps the key outside the db: a key file beside it, mode 0600, whose bytes appear nowhere in the db', () => {
    const file = join(dir, 'sandbox.db');
    const db = openSandboxDb(file);
    db.close();
    const keyFile = sandboxKeyFileOf(file);
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile);
    expect(key.length).toBeGreaterThanOrEqual(32);
    const bytes = rawBytes(file);
    for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))]) expect(bytes.includes(form)).toBe(false);
  });

  it('finds customers again after a reopen with the same key file, or the same key given by the caller', async () => {
    const file = join(dir, 'sandbox.db');
    const check = async (db: SandboxDb) => {
      const sandbox = issuerOn(db);
      const { token } = await sandbox.handle('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } }, { terminal: TERMINAL });
      const kim = SEED_CUSTOMERS[1]!;
      const body = { name: kim.name, rrn: kim.rrn, document: { type: kim.document.type, issueDate: kim.document.issueDate } };
      const answer = await sandbox.handle('identityCheck', { body }, { terminal: TERMINAL, token });
      db.close();
      return answer.result;
    };
    expect(await check(openSandboxDb(file))).toBe('VERIFIED');
    expect(await check(openSandboxDb(file))).toBe('VERIFIED');

    const given = Buffer.alloc(32, 7);
    const other = join(dir, 'given.db');
    expect(await check(openSandboxDb(other, { key: given }))).toBe('VERIFIED');
    expect(existsSync(sandboxKeyFileOf(other))).toBe(false);
    expect(await check(openSandboxDb(other, { key: Buffer.from(given) }))).toBe('VERIFIED');
    // Another key cannot read this store's lookups: refused by name rather than answering MISMATCH for everyone.
    expect(() => openSandboxDb(other, { key: Buffer.alloc(32, 8) })).toThrow(/key/);
  });

  it('stores no bearer token, approval token, stored answer or request digest an outsider can use', async () => {
    const file = join(dir, 'sandbox.db');
    const db = openSandboxDb(file);
    const sandbox = issuerOn(db);
    const login = await sandbox.handle('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } }, { terminal: TERMINAL, idempotencyKey: randomUUID() });
    const token = login.token;
    const kim = SEED_CUSTOMERS[1]!;
    const checkBody = { name: kim.name, rrn: kim.rrn, document: { type: kim.document.type, issueDate: kim.document.issueDate } };
    const check = await sandbox.handle('identityCheck', { body: checkBody }, { terminal: TERMINAL, token, idempotencyKey: randomUUID() });
    await sandbox.handle('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { terminal: TERMINAL, token });
    const { approvalToken } = await sandbox.handle(
      'approve',
      { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'LOSS_REPORT_RELEASE', actionDigest: digestOf('releaseLoss', 'dev-kim-digital', {}) } },
      { terminal: TERMINAL, token, idempotencyKey: randomUUID() },
    );
    // The tokens work: the store finds them by their keyed hashes.
    await expect(
      sandbox.handle('releaseLoss', { params: { deviceId: 'dev-kim-digital' }, body: {} }, { terminal: TERMINAL, token, approvalToken }),
    ).resolves.toMatchObject({ status: 'ACTIVE' });
    db.close();

    const text = rawBytes(file).toString('latin1');
    const cells = everyCell(file).map((cell) => (Buffer.isBuffer(cell) ? cell.toString('latin1') : cell));
    const sha = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
    for (const secret of [token, approvalToken, sha(token), sha(approvalToken), sha(canonicalJson(checkBody)), kim.rrn.replace('-', '')]) {
      expect(text.includes(secret), secret).toBe(false);
      expect(cells.some((cell) => cell.includes(secret)), secret).toBe(false);
    }
    // A stored answer is kept sealed: not even the identity check's answer can be read from the file.
    expect(check.maskedRrn).toBe('850615-2******');
    expect(cells.filter((cell) => cell.includes('"maskedRrn"') || cell.includes('"token"'))).toEqual([]);
  });

  it('redacts RRNs and mobile numbers from a loss report’s note before storing it', async () => {
    const db = openSandboxDb(':memory:');
    const sandbox = issuerOn(db);
    const { token } = await sandbox.handle('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } }, { terminal: TERMINAL });
    const note = '고객 850615-2234565, 연락처 010-2345-6789 / 01023456789: 택시에 두고 내림';
    await sandbox.handle('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST', note } }, { terminal: TERMINAL, token });
    const stored = db.prepare('SELECT note FROM loss_reports').pluck().get() as string;
    db.close();
    expect(stored).toBe('고객 850615-2******, 연락처 010-****-6789 / 010-****-6789: 택시에 두고 내림');
  });
});

describe('the sandbox store opens only its own files (application_id)', () => {
  /** The folder's files and each one's bytes: what "left unchanged" is checked against. */
  const snapshot = () => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));

  /** A SQLite file of another program, as the console's journal would be: its own application_id, a table, WAL. */
  function foreignFile(name: string, applicationId: number): string {
    const file = join(dir, name);
    const db = new Database(file);
    if (applicationId !== 0) db.pragma(`application_id = ${applicationId}`);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE entries (seq INTEGER PRIMARY KEY, body TEXT); INSERT INTO entries (body) VALUES ('first'), ('second');");
    db.close();
    return file;
  }

  it('marks a new store with its application_id', () => {
    const file = join(dir, 'sandbox.db');
    const db = openSandboxDb(file);
    expect(db.pragma('application_id', { simple: true })).toBe(SANDBOX_APPLICATION_ID);
    db.close();
    expect(readFileSync(file).readInt32BE(68)).toBe(SANDBOX_APPLICATION_ID);
  });

  it('refuses a file with another application_id, saying why, and leaves it byte for byte unchanged', () => {
    const file = foreignFile('journal.sqlite', 0x4f54504a);
    const before = snapshot();
    expect(() => openSandboxDb(file)).toThrow(/application_id/);
    expect(() => openSandboxDb(file)).toThrow(file);
    expect(snapshot()).toEqual(before);
    expect(new Database(file, { readonly: true }).prepare('SELECT count(*) FROM entries').pluck().get()).toBe(2);
  });

  it('refuses a non-empty SQLite file with no application_id, unchanged', () => {
    const file = foreignFile('other.sqlite', 0);
    const before = snapshot();
    expect(() => openSandboxDb(file)).toThrow(/application_id/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a file that is not SQLite at all, unchanged', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a database, but somebody’s notes\n'.repeat(10));
    const before = snapshot();
    expect(() => openSandboxDb(file)).toThrow(/not a SQLite database/);
    expect(snapshot()).toEqual(before);
  });

  it('takes an empty file as a new store, and reopens its own', () => {
    const file = join(dir, 'empty.db');
    writeFileSync(file, '');
    openSandboxDb(file).close();
    const db = openSandboxDb(file);
    expect(db.pragma('application_id', { simple: true })).toBe(SANDBOX_APPLICATION_ID);
    db.close();
  });
});
