import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  JobNameSchema,
  JobResultSchema,
  JournalQuerySchema,
  type JobName,
  type JournalJob,
  type JournalQuery,
} from '../../shared/journal.js';
import { CONTENT_COLUMNS, GENESIS_HASH, entryHash, type EntryContent, type EntryRow } from './chain.js';

export { toCsv } from './csv.js';

/**
 * The terminal's electronic journal: an append-only SQLite file. A job that calls the issuer
 * writes a PENDING entry before the call and an OUTCOME entry after it, so a console that stops
 * mid-call finds the open PENDING entry at its next start and settles it with the issuer.
 * Jobs with no issuer call are one EVENT entry. Every entry is chained to the one before by hash
 * (chain.ts); the triggers only stop mistakes, the chain is what shows tampering.
 */

/** Bump when the table changes, with a migration: an audit record is never rebuilt. */
const SCHEMA_VERSION = 1;

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

export interface JournalIdentity {
  terminalId: string;
  branchCode: string;
  institutionCode: string;
  training: boolean;
}

export interface JobFacts {
  job: JobName;
  tellerId: string | null;
  supervisorId?: string | null;
  /** Already masked, e.g. `홍*동 900101-1******`: the journal never sees a full RRN. */
  customer?: string | null;
  customerRef?: string | null;
  device?: string | null;
  idempotencyKey?: string | null;
}

export interface JobOutcome {
  result: string;
  issuerRef?: string | null;
  supervisorId?: string | null;
  device?: string | null;
  /** Written at a later start, by asking the issuer what became of an open PENDING entry. */
  settled?: boolean;
}

export interface UnsettledJob {
  seq: number;
  at: string;
  job: JobName;
  idempotencyKey: string | null;
}

/** The most jobs one query returns: the journal screen shows a day, not years. */
const MAX_JOBS = 500;

/** A job as the list query reads it: its first entry joined with its OUTCOME, if any. */
interface JobRow {
  seq: number;
  started_at: string;
  finished_at: string | null;
  job: string;
  terminal_id: string;
  branch_code: string;
  teller_id: string | null;
  supervisor_id: string | null;
  customer: string | null;
  device: string | null;
  result: string;
  issuer_ref: string | null;
  settled: number;
  training: number;
}

// The OUTCOME row carries the job's final facts (supervisor, device), so it wins when present.
const JOBS_SELECT = `
SELECT * FROM (
  SELECT p.seq, p.at AS started_at, iif(p.kind = 'EVENT', p.at, o.at) AS finished_at, p.job, p.terminal_id,
    p.branch_code, p.teller_id, iif(o.seq IS NULL, p.supervisor_id, o.supervisor_id) AS supervisor_id, p.customer,
    p.customer_ref, iif(o.seq IS NULL, p.device, o.device) AS device, coalesce(o.result, p.result, 'PENDING') AS result,
    coalesce(o.issuer_ref, p.issuer_ref) AS issuer_ref, coalesce(o.settled, p.settled) AS settled, p.training
  FROM entries p LEFT JOIN entries o ON o.refers_to = p.seq AND o.kind = 'OUTCOME'
  WHERE p.kind <> 'OUTCOME'
)`;

// SQLite's lower() folds ASCII only; codes, job names and device ids are ASCII, Hangul has no case.
const TEXT_MATCH = ['customer', 'device', 'result', 'job', 'issuer_ref']
  .map((column) => `instr(lower(${column}), :text) > 0`)
  .join(' OR ');

const toJob = (row: JobRow): JournalJob => ({
  seq: row.seq,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  job: row.job as JobName,
  terminalId: row.terminal_id,
  branchCode: row.branch_code,
  tellerId: row.teller_id,
  supervisorId: row.supervisor_id,
  customer: row.customer,
  device: row.device,
  result: row.result,
  issuerRef: row.issuer_ref,
  settledAfterRestart: row.settled === 1,
  training: row.training === 1,
});

/** The start and end (exclusive) of the local day of `now`, as ISO UTC text comparable with `at`. */
function localDay(now: Date): { from: string; to: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1); // not +24 h: a day across a DST change is 23 or 25 hours
  return { from: start.toISOString(), to: end.toISOString() };
}

function outcomeResult(result: string): string {
  // PENDING is what the job list shows for an open entry; an outcome can never be it.
  if (result === 'PENDING' || !JobResultSchema.safeParse(result).success) {
    throw new Error(`not a job result: ${JSON.stringify(result)}`);
  }
  return result;
}

type NewEntry = Omit<EntryContent, 'seq' | 'at' | 'terminal_id' | 'branch_code' | 'institution_code' | 'training'>;

/** A journal file the console will not use, with why; its message names the file. */
export class JournalFileError extends Error {
  override name = 'JournalFileError';
}

const openFailure = (file: string, error: unknown) =>
  error instanceof JournalFileError
    ? error
    : new JournalFileError(`cannot open the journal ${file}: ${(error as Error).message}`, { cause: error });

/** Creates the table in a new file; refuses any file that is not a journal of this version. */
function ensureSchema(db: Database.Database, file: string): void {
  const check = () => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return true;
    if (version !== 0) {
      throw new JournalFileError(
        `the journal ${file} has schema version ${version}; this console reads version ${SCHEMA_VERSION}. ` +
          'The file is left untouched: an audit record is never rebuilt.',
      );
    }
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
    if (objects > 0) throw new JournalFileError(`${file} is an SQLite file but not a journal; it is left untouched`);
    return false;
  };
  if (check()) return;
  db.transaction(() => {
    // Checked again under the write lock: another process may have created it meanwhile.
    if (check()) return;
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export class Journal {
  private readonly last: Database.Statement<[], { seq: number; hash: string }>;
  private readonly insert: Database.Statement<[EntryRow]>;
  private readonly entry: Database.Statement<[number], EntryRow>;
  private readonly oneJob: Database.Statement<[number], JobRow>;
  private readonly hasOutcome: Database.Statement<[number], { seq: number }>;
  private readonly open: Database.Statement<[], { seq: number; at: string; job: string; idempotency_key: string | null }>;
  private readonly byQuery = new Map<string, Database.Statement>();
  private readonly appendTx: Database.Transaction<(build: () => NewEntry) => number>;

  private constructor(
    private readonly db: Database.Database,
    private readonly identity: JournalIdentity,
    private readonly now: () => Date,
  ) {
    this.last = db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1');
    const columns = [...CONTENT_COLUMNS, 'prev_hash', 'hash'];
    this.insert = db.prepare(`INSERT INTO entries (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    this.entry = db.prepare('SELECT * FROM entries WHERE seq = ?');
    this.oneJob = db.prepare(`${JOBS_SELECT} WHERE seq = ?`);
    this.hasOutcome = db.prepare("SELECT seq FROM entries WHERE refers_to = ? AND kind = 'OUTCOME'");
    this.open = db.prepare(
      `SELECT p.seq, p.at, p.job, p.idempotency_key FROM entries p
       WHERE p.kind = 'PENDING' AND NOT EXISTS (SELECT 1 FROM entries o WHERE o.refers_to = p.seq)
       ORDER BY p.seq`,
    );
    // One write transaction per entry, taking the lock before reading the head: two connections
    // appending at once must not both chain onto the same entry.
    this.appendTx = db.transaction((build: () => NewEntry) => {
      const head = this.last.get();
      const content: EntryContent = {
        ...build(),
        seq: (head?.seq ?? 0) + 1,
        at: this.now().toISOString(),
        terminal_id: this.identity.terminalId,
        branch_code: this.identity.branchCode,
        institution_code: this.identity.institutionCode,
        training: this.identity.training ? 1 : 0,
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      this.insert.run({ ...content, prev_hash: prevHash, hash: entryHash(prevHash, content) });
      return content.seq;
    });
  }

  /** Opens the journal, creating the file (and its folder) if missing. */
  static open(file: string, identity: JournalIdentity, now: () => Date = () => new Date()): Journal {
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw openFailure(file, error);
    }
    try {
      db.pragma('journal_mode = WAL');
      // An audit record: a committed entry must survive a power cut, not only a crash.
      db.pragma('synchronous = FULL');
      ensureSchema(db, file);
      return new Journal(db, identity, now);
    } catch (error) {
      db.close();
      throw openFailure(file, error);
    }
  }

  /** Writes the PENDING entry before the issuer call; returns its seq. */
  begin(facts: JobFacts): number {
    return this.appendTx.immediate(() => ({ ...factColumns(facts), kind: 'PENDING', refers_to: null, result: null, issuer_ref: null, settled: 0 }));
  }

  /** Writes the OUTCOME entry of an open PENDING one (throws if that seq is not an open PENDING entry). */
  finish(pendingSeq: number, outcome: JobOutcome): void {
    const result = outcomeResult(outcome.result);
    this.appendTx.immediate(() => {
      const pending = this.entry.get(pendingSeq);
      if (pending?.kind !== 'PENDING' || this.hasOutcome.get(pendingSeq)) {
        throw new Error(`journal entry #${pendingSeq} is not an open PENDING entry`);
      }
      // The OUTCOME repeats its job's facts so every row reads on its own in an audit.
      return {
        kind: 'OUTCOME',
        refers_to: pendingSeq,
        job: pending.job,
        teller_id: pending.teller_id,
        supervisor_id: outcome.supervisorId === undefined ? pending.supervisor_id : outcome.supervisorId,
        customer: pending.customer,
        customer_ref: pending.customer_ref,
        device: outcome.device === undefined ? pending.device : outcome.device,
        idempotency_key: pending.idempotency_key,
        result,
        issuer_ref: outcome.issuerRef ?? null,
        settled: outcome.settled ? 1 : 0,
      };
    });
  }

  /** A job with no issuer call in between (or refused before one): one EVENT entry; returns its seq. */
  record(facts: JobFacts, outcome: JobOutcome): number {
    const result = outcomeResult(outcome.result);
    const columns = factColumns(facts);
    return this.appendTx.immediate(() => ({
      ...columns,
      kind: 'EVENT',
      refers_to: null,
      supervisor_id: outcome.supervisorId === undefined ? columns.supervisor_id : outcome.supervisorId,
      device: outcome.device === undefined ? columns.device : outcome.device,
      result,
      issuer_ref: outcome.issuerRef ?? null,
      settled: outcome.settled ? 1 : 0,
    }));
  }

  /** PENDING entries that have no OUTCOME: the console stopped mid-call. Oldest first. */
  unsettled(): UnsettledJob[] {
    return this.open.all().map((row) => ({ seq: row.seq, at: row.at, job: row.job as JobName, idempotencyKey: row.idempotency_key }));
  }

  /**
   * Jobs newest first, at most 500. todayOnly: this terminal's jobs started on the local day of
   * now(); text: case-insensitive substring of customer, device, result, job or issuer reference;
   * customerRef: exact. A PENDING entry without an outcome shows result PENDING.
   */
  jobs(query: JournalQuery): JournalJob[] {
    const { todayOnly, text, customerRef } = JournalQuerySchema.parse(query);
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: MAX_JOBS };
    if (todayOnly) {
      const { from, to } = localDay(this.now());
      where.push('started_at >= :from AND started_at < :to AND terminal_id = :terminal');
      Object.assign(params, { from, to, terminal: this.identity.terminalId });
    }
    if (text) {
      where.push(`(${TEXT_MATCH})`);
      params.text = text.toLowerCase();
    }
    if (customerRef !== undefined) {
      where.push('customer_ref = :customerRef');
      params.customerRef = customerRef;
    }
    const sql = `${JOBS_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT :limit`;
    let statement = this.byQuery.get(sql);
    if (!statement) this.byQuery.set(sql, (statement = this.db.prepare(sql)));
    return (statement.all(params) as JobRow[]).map(toJob);
  }

  /** One job by its seq (for a reprint), or undefined. */
  job(seq: number): JournalJob | undefined {
    const row = this.oneJob.get(seq);
    return row && toJob(row);
  }

  close(): void {
    this.db.close();
  }
}

function factColumns(facts: JobFacts) {
  return {
    job: JobNameSchema.parse(facts.job),
    teller_id: facts.tellerId,
    supervisor_id: facts.supervisorId ?? null,
    customer: facts.customer ?? null,
    customer_ref: facts.customerRef ?? null,
    device: facts.device ?? null,
    idempotency_key: facts.idempotencyKey ?? null,
  };
}

// ---------------------------------------------------------------- verification

export type VerifyReport =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      firstBad: { seq: number; at?: string; job?: string; reason: 'HASH_MISMATCH' | 'CHAIN_BROKEN' | 'SEQUENCE_GAP' };
    };

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
