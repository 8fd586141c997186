import type Database from 'better-sqlite3';

/**
 * The journal file's one table and its guards. The triggers only stop mistakes; the hash chain
 * (chain.ts) is what shows tampering.
 */

/**
 * SQLite's application_id of a journal file ("OTPJ"): a file is a journal by this mark, not by
 * its tables, so no other store (the sandbox issuer's, say) is ever taken for one or written as one.
 */
export const JOURNAL_APPLICATION_ID = 0x4f54504a;

/**
 * Bump when the tables change, with a migration: an audit record is never rebuilt. Version 2 added
 * the mark (application_id), keyed entries (journal_meta.keyed_from) and the open-jobs table;
 * version 3 the fee of an OUTCOME (fee_amount, fee_waiver_reason). A column added to `entries`
 * is hashed only when not null (chain.ts), so the entries written before keep their hashes.
 */
export const SCHEMA_VERSION = 3;

/** The oldest version verify.ts reads as it is, without the migration an open does. */
export const OLDEST_VERIFIABLE_VERSION = 2;

const SCHEMA = `
CREATE TABLE entries (
  seq INTEGER PRIMARY KEY CHECK (seq > 0),
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('PENDING', 'OUTCOME', 'EVENT')),
  refers_to INTEGER,
  job TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  institution_code TEXT NOT NULL,
  teller_id TEXT,
  supervisor_id TEXT,
  customer TEXT,
  customer_ref TEXT,
  device TEXT,
  idempotency_key TEXT,
  result TEXT,
  issuer_ref TEXT,
  settled INTEGER NOT NULL CHECK (settled IN (0, 1)),
  training INTEGER NOT NULL CHECK (training IN (0, 1)),
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  CHECK ((kind = 'OUTCOME') = (refers_to IS NOT NULL)),
  CHECK ((kind = 'PENDING') = (result IS NULL))
) STRICT;
-- One outcome per PENDING entry, and the index the job list joins on.
CREATE UNIQUE INDEX entries_outcome ON entries (refers_to) WHERE refers_to IS NOT NULL;
CREATE INDEX entries_at ON entries (at);
CREATE INDEX entries_customer ON entries (customer_ref) WHERE customer_ref IS NOT NULL;
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: UPDATE refused'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: DELETE refused'); END;
-- Only the next seq may be inserted: this also stops INSERT OR REPLACE overwriting an entry,
-- which fires no DELETE trigger.
CREATE TRIGGER entries_append_only BEFORE INSERT ON entries
  WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM entries)
  BEGIN SELECT RAISE(ABORT, 'journal entries are append-only: only the next seq may be inserted'); END;
`;

// Version 2's additions. keyed_from: the first entry linked with the key (chain.ts); 1 in a journal
// created keyed, else its JOURNAL_KEYED switch entry. open_jobs: the PENDING entries with no
// OUTCOME yet, kept with each append so settling after a crash reads them without a scan; it is
// an index, not the record (the entries are), and verify.ts checks it against them.
const VERSION_2 = `
CREATE TABLE journal_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  keyed_from INTEGER NOT NULL CHECK (keyed_from > 0)
) STRICT;
CREATE TABLE open_jobs (seq INTEGER PRIMARY KEY) STRICT;
`;

// Version 3's additions: the fee a job charged, in won, 0 when waived, and why it was waived; on
// the entry that ends the job (OUTCOME, or the one EVENT). Added, never rebuilt: the rows of before
// read null there, as a job without a fee does.
const VERSION_3 = `
ALTER TABLE entries ADD COLUMN fee_amount INTEGER CHECK (fee_amount IS NULL OR (fee_amount >= 0 AND kind <> 'PENDING'));
ALTER TABLE entries ADD COLUMN fee_waiver_reason TEXT CHECK (fee_waiver_reason IS NULL OR fee_amount IS 0);
`;

/** A journal file the console will not use, with why; its message names the file. */
export class JournalFileError extends Error {
  override name = 'JournalFileError';
}

/** Any failure to open or read a journal file, as a JournalFileError that names the file. */
export const openFailure = (file: string, error: unknown) =>
  error instanceof JournalFileError
    ? error
    : new JournalFileError(`cannot open the journal ${file}: ${(error as Error).message}`, { cause: error });

/**
 * Why the console will not use this file as a journal, or null: a journal carries
 * JOURNAL_APPLICATION_ID; an SQLite file of another application, or with objects but no mark, is
 * someone else's. Only an empty file (no objects, no mark) may become a journal.
 */
export function notAJournal(db: Database.Database, file: string): string | null {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === JOURNAL_APPLICATION_ID) return null;
  if (applicationId === 0 && isVersion1Journal(db)) return null;
  if (applicationId !== 0) return `${file} has SQLite application_id ${applicationId}: it is not a journal (a journal has ${JOURNAL_APPLICATION_ID})`;
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  return objects > 0 ? `${file} is an SQLite file but not a journal (it has no journal application_id)` : null;
}

/** A journal of schema version 1, written before journals carried their mark: migrated at open. */
function isVersion1Journal(db: Database.Database): boolean {
  if (db.pragma('user_version', { simple: true }) !== 1) return false;
  const columns = db.prepare("SELECT name FROM pragma_table_info('entries')").pluck().all();
  return columns.includes('prev_hash') && columns.includes('hash') && columns.includes('refers_to');
}

/** Creates the table in a new file; refuses any file that is not a journal of this version. */
export function ensureSchema(db: Database.Database, file: string): void {
  const check = () => {
    const foreign = notAJournal(db, file);
    if (foreign) throw new JournalFileError(`${foreign}; it is left untouched`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return true;
    if (version === 1 || version === 2) return false; // migrated below
    if (version !== 0) {
      throw new JournalFileError(
        `the journal ${file} has schema version ${version}; this console reads version ${SCHEMA_VERSION}. ` +
          'The file is left untouched: an audit record is never rebuilt.',
      );
    }
    return false;
  };
  if (check()) return;
  db.transaction(() => {
    // Checked again under the write lock: another process may have created it meanwhile.
    if (check()) return;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      db.exec(SCHEMA);
      db.exec(VERSION_2);
      db.exec('INSERT INTO journal_meta (id, keyed_from) VALUES (1, 1)');
    } else if (version === 1) {
      // Its entries stay as written (plain SHA-256); the next entry, the switch, is the first keyed one.
      db.exec(VERSION_2);
      db.exec("INSERT INTO journal_meta (id, keyed_from) SELECT 1, coalesce(max(seq), 0) + 1 FROM entries");
      db.exec(`INSERT INTO open_jobs (seq) SELECT p.seq FROM entries p
        WHERE p.kind = 'PENDING' AND NOT EXISTS (SELECT 1 FROM entries o WHERE o.refers_to = p.seq)`);
    }
    db.exec(VERSION_3);
    db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
