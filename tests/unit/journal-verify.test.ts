import type Database from 'better-sqlite3';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { FileJournalKey } from '../../main/journal/key.js';
import { HONG, canonical, identity, journalFileEachTest, makeVersion2, morning, raw, sha256 } from './support/journal.js';

/** The key the journal made beside its file (journal.key), read as anyone holding the key would. */
const keyOf = (file: string) => readFileSync(join(file, '..', 'journal.key'));

/** Re-chains entries from `from` to the end with plain SHA-256, as someone without the key can. */
function rechainWithSha256(db: Database.Database, from: number) {
  const rows = db.prepare('SELECT * FROM entries WHERE seq >= ? ORDER BY seq').all(from) as Array<Record<string, unknown>>;
  let prev = db.prepare('SELECT hash FROM entries WHERE seq = ?').pluck().get(from - 1) as string | undefined ?? '0'.repeat(64);
  const update = db.prepare('UPDATE entries SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const { hash: _hash, prev_hash: _prev, ...content } of rows) {
    const hash = sha256(`${prev}\n${canonical(content)}`);
    update.run(prev, hash, content.seq);
    prev = hash;
  }
}

const at = journalFileEachTest();

describe('verifying the chain', () => {
  /** Drops the append-only triggers: anyone holding the file can. */
  const untriggered = (work: (db: Database.Database) => void) =>
    raw(at.file, (db) => {
      db.exec('DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER entries_append_only;');
      work(db);
    });
  let head: string;

  beforeEach(() => {
    morning(at.file);
    const report = verifyJournal(at.file);
    if (!report.ok) throw new Error('the untouched journal does not verify');
    head = report.headHash;
  });

  it('passes an untouched journal and gives its entry count and head hash', () => {
    expect(verifyJournal(at.file)).toEqual({ ok: true, entries: 10, headHash: head });
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    // The head is the last entry's hash, chained from 64 zeros.
    raw(at.file, (db) => {
      expect(db.prepare('SELECT prev_hash FROM entries WHERE seq = 1').pluck().get()).toBe('0'.repeat(64));
      expect(db.prepare('SELECT hash FROM entries WHERE seq = 10').pluck().get()).toBe(head);
    });
  });

  it('passes an empty journal', () => {
    rmSync(at.file);
    Journal.open(at.file, identity).close();
    expect(verifyJournal(at.file)).toEqual({ ok: true, entries: 0, headHash: '0'.repeat(64) });
  });

  it.each([
    ['result', "'OK'"],
    ['customer', "'이*희 770707-2******'"],
    ['at', "'2025-03-14T00:29:00.000Z'"],
    ['training', '1'],
    ['refers_to', '5'],
  ])('finds an edited %s as a hash mismatch at that entry', (column, value) => {
    untriggered((db) => db.exec(`UPDATE entries SET ${column} = ${value} WHERE seq = 7`));
    expect(verifyJournal(at.file)).toEqual({
      ok: false,
      entries: 10,
      firstBad: { seq: 7, at: expect.any(String), job: 'DIGITAL_OTP_SMS_VERIFY', reason: 'HASH_MISMATCH' },
    });
  });

  it('finds an edit whose hash was recomputed at the next entry, which no longer links to it', () => {
    untriggered((db) => {
      db.exec("UPDATE entries SET result = 'OK' WHERE seq = 7");
      // The forger (holding even the key) recomputes entry 7's hash but leaves the rest of the chain alone.
      const row = db.prepare('SELECT * FROM entries WHERE seq = 7').get() as Record<string, unknown>;
      const content = Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'hash' && k !== 'prev_hash'));
      const forged = createHmac('sha256', keyOf(at.file)).update(`${row.prev_hash as string}\n${canonical(content)}`).digest('hex');
      db.prepare('UPDATE entries SET hash = ? WHERE seq = 7').run(forged);
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 8, reason: 'CHAIN_BROKEN' } });
  });

  it('finds a deleted entry at the entry after it', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq = 5'));
    expect(verifyJournal(at.file)).toEqual({
      ok: false,
      entries: 9,
      firstBad: { seq: 6, at: expect.any(String), job: 'DIGITAL_OTP_SMS_VERIFY', reason: 'SEQUENCE_GAP' },
    });
  });

  it('finds a deleted first entry', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq = 1'));
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 2, reason: 'SEQUENCE_GAP' } });
  });

  it('finds a deleted entry whose followers were renumbered to close the gap', () => {
    untriggered((db) => {
      db.exec('DELETE FROM entries WHERE seq = 5');
      db.exec('UPDATE entries SET seq = seq - 1 WHERE seq > 5');
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, entries: 9, firstBad: { seq: 5, reason: 'CHAIN_BROKEN' } });
  });

  it('finds two entries whose contents were swapped', () => {
    untriggered((db) => {
      const all = db.prepare('SELECT * FROM entries WHERE seq IN (4, 8) ORDER BY seq').all() as Array<Record<string, unknown>>;
      const columns = Object.keys(all[0]!).filter((c) => c !== 'seq');
      const write = db.prepare(`UPDATE entries SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
      write.run({ ...all[1], seq: 4 });
      write.run({ ...all[0], seq: 8 });
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 4, reason: 'CHAIN_BROKEN' } });
  });

  it('finds two entries whose contents were swapped but their hash columns kept in place', () => {
    untriggered((db) => {
      db.exec(`UPDATE entries SET result = CASE seq WHEN 3 THEN 'SMS_CODE_MISMATCH' ELSE 'OK' END WHERE seq IN (3, 7)`);
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 3, reason: 'HASH_MISMATCH' } });
  });

  it('finds two entries whose seqs were swapped', () => {
    untriggered((db) => {
      db.exec('UPDATE entries SET seq = 100 WHERE seq = 2');
      db.exec('UPDATE entries SET seq = 2 WHERE seq = 9');
      db.exec('UPDATE entries SET seq = 9 WHERE seq = 100');
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, entries: 10, firstBad: { seq: 2, reason: 'CHAIN_BROKEN' } });
  });

  it('cannot see entries cut off the end, but the head hash it prints changes', () => {
    untriggered((db) => db.exec('DELETE FROM entries WHERE seq >= 9'));
    const report = verifyJournal(at.file);
    expect(report).toMatchObject({ ok: true, entries: 8 });
    expect(report.ok && report.headHash).not.toBe(head);
  });

  it('finds an edit re-chained to the end with plain SHA-256: the chain is keyed', () => {
    untriggered((db) => {
      db.exec("UPDATE entries SET result = 'OK' WHERE seq = 7");
      rechainWithSha256(db, 7);
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, entries: 10, firstBad: { seq: 7, reason: 'HASH_MISMATCH' } });
  });

  it('fails with the wrong key, and passes with the right one given as a file', () => {
    expect(verifyJournal(at.file, randomBytes(32))).toMatchObject({ ok: false, firstBad: { seq: 1, reason: 'HASH_MISMATCH' } });
    expect(verifyJournal(at.file, new FileJournalKey(join(at.dir, 'journal', 'journal.key'), { create: false }).load())).toEqual({
      ok: true,
      entries: 10,
      headHash: head,
    });
  });

  it('refuses a missing file rather than creating one', () => {
    expect(() => verifyJournal(join(at.dir, 'nowhere.sqlite'))).toThrow(/cannot open the journal/);
    expect(existsSync(join(at.dir, 'nowhere.sqlite'))).toBe(false);
  });
});

describe('the key', () => {
  it('is made beside a new journal, 32 random bytes readable by its owner only', () => {
    Journal.open(at.file, identity).close();
    const file = join(at.dir, 'journal', 'journal.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file)).toHaveLength(32);
  });

  it('refuses a key file others can read, and one too short to be a key', () => {
    const file = join(at.dir, 'key.bin');
    writeFileSync(file, randomBytes(32), { mode: 0o644 });
    expect(() => new FileJournalKey(file).load()).toThrow(/readable by others/);
    writeFileSync(join(at.dir, 'short.bin'), randomBytes(8), { mode: 0o600 });
    expect(() => new FileJournalKey(join(at.dir, 'short.bin')).load()).toThrow(/32 bytes/);
    expect(() => new FileJournalKey(join(at.dir, 'none.bin'), { create: false }).load()).toThrow(/no journal key/);
  });
});

describe('a journal written before entries were keyed', () => {
  /** Turns a journal into one of schema version 1: no fees, no mark, no meta table, all plain SHA-256. */
  function makeVersion1(file: string) {
    makeVersion2(file);
    raw(file, (db) => {
      db.exec('DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER entries_append_only;');
      rechainWithSha256(db, 1);
      db.exec('DROP TABLE journal_meta; DROP TABLE open_jobs');
      db.pragma('application_id = 0');
      db.pragma('user_version = 1');
    });
  }

  it('keeps its SHA-256 entries, keys every entry from a switch entry on, and catches edits on either side', () => {
    morning(at.file);
    makeVersion1(at.file);
    const journal = Journal.open(at.file, identity);
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0002' }, { result: 'OK' });
    journal.close();
    expect(verifyJournal(at.file)).toMatchObject({ ok: true, entries: 12 });
    raw(at.file, (db) => {
      expect(db.prepare('SELECT job FROM entries WHERE seq = 11').pluck().get()).toBe('JOURNAL_KEYED');
      expect(db.pragma('user_version', { simple: true })).toBe(3); // through version 2 to 3 in one open
    });

    // An old entry edited and re-chained with SHA-256 up to the switch: the keyed switch entry no longer links.
    raw(at.file, (db) => {
      db.exec("UPDATE entries SET result = 'OK' WHERE seq = 7");
      const rows = db.prepare('SELECT * FROM entries WHERE seq BETWEEN 7 AND 10 ORDER BY seq').all() as Array<Record<string, unknown>>;
      let prev = db.prepare('SELECT hash FROM entries WHERE seq = 6').pluck().get() as string;
      for (const { hash: _h, prev_hash: _p, ...content } of rows) {
        const hash = sha256(`${prev}\n${canonical(content)}`);
        db.prepare('UPDATE entries SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, content.seq);
        prev = hash;
      }
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { seq: 11, reason: 'CHAIN_BROKEN' } });
  });

  it('cannot be passed off as unkeyed by moving the switch point past the end', () => {
    morning(at.file);
    raw(at.file, (db) => {
      db.exec('DROP TRIGGER entries_no_update');
      rechainWithSha256(db, 1);
      db.exec('UPDATE journal_meta SET keyed_from = 11');
    });
    expect(verifyJournal(at.file)).toMatchObject({ ok: false, firstBad: { reason: 'HASH_MISMATCH' } });
  });
});

describe('the hash format', () => {
  it('is HMAC-SHA-256 under the journal key of prev_hash, a newline and the sorted compact JSON of every other column', () => {
    const journal = Journal.open(at.file, identity, () => new Date('2025-03-14T01:00:00Z'));
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001', ...HONG }, { result: 'OK' });
    journal.finish(journal.begin({ job: 'CARD_REPLACE', tellerId: 'T0001', ...HONG }), { result: 'OK', fee: { amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' } });
    journal.close();
    const hmac = (text: string) => createHmac('sha256', keyOf(at.file)).update(text, 'utf8').digest('hex');
    raw(at.file, (db) => {
      const row = db.prepare('SELECT * FROM entries WHERE seq = 1').get() as Record<string, unknown>;
      const { hash, prev_hash, ...content } = row;
      expect(Object.keys(content)).toHaveLength(20);
      // The fee columns (schema version 3) are null here, so left out: the text of an entry of before.
      expect(canonical(content)).not.toContain('fee_');
      expect(hash).toBe(hmac(`${prev_hash as string}\n${canonical(content)}`));

      const { hash: feeHash, prev_hash: feePrev, ...feeContent } = db.prepare('SELECT * FROM entries WHERE seq = 3').get() as Record<string, unknown>;
      expect(canonical(feeContent)).toContain('"fee_amount":0,"fee_waiver_reason":"DEFECT_WITHIN_1_YEAR"');
      expect(feeHash).toBe(hmac(`${feePrev as string}\n${canonical(feeContent)}`));
    });
  });
});
