import Database from 'better-sqlite3';
import { CONTENT_COLUMNS, GENESIS_HASH, entryHash, type EntryRow } from './chain.js';
import { JournalFileError, SCHEMA_VERSION, notAJournal, openFailure } from './schema.js';

export type VerifyReport =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      firstBad: { seq: number; at?: string; job?: string; reason: 'HASH_MISMATCH' | 'CHAIN_BROKEN' | 'SEQUENCE_GAP' };
    };

type BrokenAt = Extract<VerifyReport, { ok: false }>['firstBad'];

const EXPLAINED: Record<BrokenAt['reason'], string> = {
  HASH_MISMATCH: 'its content does not match its hash, so it was changed after it was written',
  CHAIN_BROKEN: 'it does not link to the entry before it, so an earlier entry was changed, removed or moved',
  SEQUENCE_GAP: 'the entry numbers jump here, so the entries just before it were removed',
};

/** `at entry #<seq> (<time> <job>): <what that means>`, for IT (journal:verify, diagnose). */
export function describeBreak({ seq, at, job, reason }: BrokenAt): string {
  const where = [at, job].filter(Boolean).join(' ');
  return `at entry #${seq}${where ? ` (${where})` : ''}: ${EXPLAINED[reason]}`;
}

/**
 * Walks the journal by seq and reports the first entry that breaks the chain: an edited entry
 * fails its own hash; a removed one leaves a gap (or, renumbered, a broken link) at the entry
 * after it; reordered entries link to the wrong predecessor. `entries` counts the rows in the file.
 *
 * A chain cannot show entries cut off its end: what is left is still a valid chain. That is why
 * the report gives the entry count and the head hash, for an auditor to compare with a head
 * recorded earlier (e.g. on the day's closing slip).
 */
export function verifyJournal(file: string): VerifyReport {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    const foreign = notAJournal(db, file);
    if (foreign) throw new JournalFileError(foreign);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      throw new JournalFileError(`${file} is not a journal of schema version ${SCHEMA_VERSION} (it has version ${version})`);
    }
    const entries = (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    const rows = db.prepare(`SELECT ${CONTENT_COLUMNS.join(', ')}, prev_hash, hash FROM entries ORDER BY seq`);
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (const row of rows.iterate() as IterableIterator<EntryRow>) {
      const reason =
        row.seq !== expectedSeq ? 'SEQUENCE_GAP'
        : row.prev_hash !== prevHash ? 'CHAIN_BROKEN'
        : entryHash(row.prev_hash, row) !== row.hash ? 'HASH_MISMATCH'
        : null;
      if (reason) return { ok: false, entries, firstBad: { seq: row.seq, at: row.at, job: row.job, reason } };
      prevHash = row.hash;
      expectedSeq++;
    }
    return { ok: true, entries, headHash: prevHash };
  } catch (error) {
    throw openFailure(file, error);
  } finally {
    db.close();
  }
}
