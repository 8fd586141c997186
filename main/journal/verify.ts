import Database from 'better-sqlite3';
import { GENESIS_HASH, HASHED_COLUMNS, KEYED_SWITCH_JOB, linkHash, linkText } from './chain.js';
import { FileJournalKey, keyFileBeside, type JournalKey } from './key.js';
import { JournalFileError, OLDEST_VERIFIABLE_VERSION, SCHEMA_VERSION, notAJournal, openFailure } from './schema.js';

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
 * Keyed entries (all of a journal created keyed; from the JOURNAL_KEYED switch in one of version 1)
 * are checked with `key` (the key, or the JournalKey keeping it), by default the key file beside the
 * journal; an edit re-chained with plain SHA-256 fails there. One pass over the rows as arrays, reading only the columns hashed.
 * A file of version 2, not yet opened by a console of version 3, verifies as it is.
 *
 * A chain cannot show entries cut off its end: what is left is still a valid chain. That is why
 * the report gives the entry count and the head hash, for comparing with a head recorded earlier
 * (the issuer's anchor, anchoring.ts).
 */
export function verifyJournal(file: string, key?: Buffer | JournalKey): VerifyReport {
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
    if (version < OLDEST_VERIFIABLE_VERSION || version > SCHEMA_VERSION) {
      throw new JournalFileError(
        `${file} is not a journal of schema version ${OLDEST_VERIFIABLE_VERSION} to ${SCHEMA_VERSION} (it has version ${version})`,
      );
    }
    const entries = (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    const recorded = db.prepare('SELECT keyed_from FROM journal_meta WHERE id = 1').pluck().get() as number | undefined;
    // The switch point counts only where a keyed JOURNAL_KEYED entry stands: moved anywhere else,
    // every entry is held to the key, so it cannot pass re-chained entries off as older ones.
    const switchJob = recorded && recorded > 1 ? db.prepare('SELECT job FROM entries WHERE seq = ?').pluck().get(recorded) : undefined;
    const keyedFrom = switchJob === KEYED_SWITCH_JOB ? recorded! : 1;
    // A key given as a JournalKey is loaded only when a keyed entry needs it, as the default is.
    let theKey: Buffer | null = Buffer.isBuffer(key) ? key : null;
    const keyFor = (seq: number) => {
      if (seq < keyedFrom) return null;
      theKey ??= (key && !Buffer.isBuffer(key) ? key : new FileJournalKey(keyFileBeside(file), { create: false })).load();
      return theKey;
    };
    // A file not migrated yet (read-only here) lacks the later columns: they read null, as they do once added.
    const present = new Set(db.prepare("SELECT name FROM pragma_table_info('entries')").pluck().all());
    const selected = HASHED_COLUMNS.map((column) => (present.has(column) ? column : `NULL AS ${column}`));
    const rows = db.prepare(`SELECT ${selected.join(', ')}, prev_hash, hash FROM entries ORDER BY seq`).raw(true);
    const SEQ = HASHED_COLUMNS.indexOf('seq');
    const AT = HASHED_COLUMNS.indexOf('at');
    const JOB = HASHED_COLUMNS.indexOf('job');
    const PREV = HASHED_COLUMNS.length;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (const row of rows.iterate() as IterableIterator<unknown[]>) {
      const seq = row[SEQ] as number;
      const reason =
        seq !== expectedSeq ? 'SEQUENCE_GAP'
        : row[PREV] !== prevHash ? 'CHAIN_BROKEN'
        : linkHash(keyFor(seq), linkText(prevHash, row)) !== row[PREV + 1] ? 'HASH_MISMATCH'
        : null;
      if (reason) return { ok: false, entries, firstBad: { seq, at: row[AT] as string, job: row[JOB] as string, reason } };
      prevHash = row[PREV + 1] as string;
      expectedSeq++;
    }
    return { ok: true, entries, headHash: prevHash };
  } catch (error) {
    throw openFailure(file, error);
  } finally {
    db.close();
  }
}
