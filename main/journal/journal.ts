import type { DayState } from '../../shared/day-end.js';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { JobNameSchema, JobResultSchema, receiptNumber, type FeeTotals, type JobFee, type JobName, type JournalJob, type JournalPage, type JournalQueryInput } from '../../shared/journal.js';
import { CONTENT_COLUMNS, GENESIS_HASH, KEYED_SWITCH_JOB, entryHash, type EntryContent, type EntryRow } from './chain.js';
import { FileJournalKey, keyFileBeside, type JournalKey } from './key.js';
import { JobQueries } from './queries.js';
import { JournalFileError, ensureSchema, notAJournal, openFailure } from './schema.js';
import { verifyJournal, type VerifyReport } from './verify.js';

/**
 * The terminal's electronic journal: an append-only SQLite file. A job that calls the issuer
 * writes a PENDING entry before the call and an OUTCOME entry after it, so a console that stops
 * mid-call finds the open PENDING entry at its next start and settles it with the issuer.
 * Jobs with no issuer call are one EVENT entry. Every entry is chained to the one before by hash
 * (chain.ts); the table and its guards are in schema.ts, the job list's queries in queries.ts and
 * the chain's check in verify.ts.
 */

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
  /** The fee the job charged, in won: 0 with the reason when waived. Absent for a job without a fee. */
  fee?: JobFee;
}

export type { JobFee };

/** The journal's last entry: what an anchor at the issuer records. */
export interface JournalHead {
  seq: number;
  hash: string;
  entryCount: number;
}

export interface UnsettledJob {
  seq: number;
  at: string;
  job: JobName;
  idempotencyKey: string | null;
}

function outcomeResult(result: string): string {
  // PENDING is what the job list shows for an open entry; an outcome can never be it.
  if (result === 'PENDING' || !JobResultSchema.safeParse(result).success) {
    throw new Error(`not a job result: ${JSON.stringify(result)}`);
  }
  return result;
}

type NewEntry = Omit<EntryContent, 'seq' | 'at' | 'terminal_id' | 'branch_code' | 'institution_code' | 'training'>;

export class Journal {
  private readonly last: Database.Statement<[], { seq: number; hash: string }>;
  private readonly insert: Database.Statement<[EntryRow]>;
  private readonly entry: Database.Statement<[number], EntryRow>;
  private readonly hasOutcome: Database.Statement<[number], { seq: number }>;
  private readonly open: Database.Statement<[], { seq: number; at: string; job: string; idempotency_key: string | null }>;
  private readonly opened: Database.Statement<[number]>;
  private readonly closed: Database.Statement<[number]>;
  /** The first keyed entry (journal_meta): 1, or the JOURNAL_KEYED switch of a journal of version 1. */
  private readonly keyedFrom: number;
  private readonly queries: JobQueries;
  private readonly appendTx: Database.Transaction<(build: () => NewEntry) => number>;
  private readonly count: Database.Statement<[], number>;
  private readonly acknowledgement: Database.Statement<[string], number>;
  private readonly appendListeners = new Set<(seq: number) => void>();

  private constructor(
    private readonly file: string,
    /** The file did not exist before this open: a journal that was deleted starts anew here. */
    readonly created: boolean,
    private readonly db: Database.Database,
    private readonly identity: JournalIdentity,
    private readonly now: () => Date,
    private readonly key: Buffer,
  ) {
    this.keyedFrom = db.prepare('SELECT keyed_from FROM journal_meta WHERE id = 1').pluck().get() as number;
    this.last = db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1');
    const columns = [...CONTENT_COLUMNS, 'prev_hash', 'hash'];
    this.insert = db.prepare(`INSERT INTO entries (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    this.entry = db.prepare('SELECT * FROM entries WHERE seq = ?');
    this.hasOutcome = db.prepare("SELECT seq FROM entries WHERE refers_to = ? AND kind = 'OUTCOME'");
    // Settling reads the small open_jobs table, not the whole journal: login time stays flat.
    // CROSS JOIN keeps open_jobs the outer loop (SQLite may otherwise walk every entry).
    this.open = db.prepare(
      `SELECT p.seq, p.at, p.job, p.idempotency_key FROM open_jobs j CROSS JOIN entries p ON p.seq = j.seq ORDER BY j.seq`,
    );
    this.opened = db.prepare('INSERT INTO open_jobs (seq) VALUES (?)');
    this.closed = db.prepare('DELETE FROM open_jobs WHERE seq = ?');
    this.queries = new JobQueries(db, identity.terminalId, now);
    this.count = db.prepare<[], number>('SELECT count(*) FROM entries').pluck();
    this.acknowledgement = db
      .prepare<[string], number>("SELECT seq FROM entries WHERE job = 'JOURNAL_ALARM_ACKNOWLEDGED' AND kind = 'OUTCOME' AND result = 'OK' AND issuer_ref = ? LIMIT 1")
      .pluck();
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
      const key = content.seq >= this.keyedFrom ? this.key : null;
      this.insert.run({ ...content, prev_hash: prevHash, hash: entryHash(key, prevHash, content) });
      if (content.kind === 'PENDING') this.opened.run(content.seq);
      if (content.kind === 'OUTCOME') this.closed.run(content.refers_to!);
      return content.seq;
    });
  }

  /**
   * Opens the journal, creating the file (and its folder) if missing. Entries are keyed with `key`;
   * by default the key file beside the journal (journal.key), made on first use.
   */
  static open(
    file: string,
    identity: JournalIdentity,
    now: () => Date = () => new Date(),
    key: JournalKey = new FileJournalKey(keyFileBeside(file)),
  ): Journal {
    mkdirSync(dirname(file), { recursive: true });
    const created = !existsSync(file);
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw openFailure(file, error);
    }
    try {
      // Before anything writes to it: another application's file is left exactly as it was.
      const foreign = notAJournal(db, file);
      if (foreign) throw new JournalFileError(`${foreign}; it is left untouched`);
      db.pragma('journal_mode = WAL');
      // An audit record: a committed entry must survive a power cut, not only a crash.
      db.pragma('synchronous = FULL');
      ensureSchema(db, file);
      const journal = new Journal(file, created, db, identity, now, key.load());
      journal.writeKeyedSwitch();
      return journal;
    } catch (error) {
      db.close();
      throw openFailure(file, error);
    }
  }

  /** A journal of version 1 gets its switch entry, the first keyed one, at its first open as version 2. */
  private writeKeyedSwitch(): void {
    if (this.keyedFrom === 1 || (this.last.get()?.seq ?? 0) >= this.keyedFrom) return;
    this.appendTx.immediate(() => ({
      ...factColumns({ job: KEYED_SWITCH_JOB, tellerId: null }),
      kind: 'EVENT', refers_to: null, result: 'OK', issuer_ref: null, settled: 0, ...feeColumns(undefined),
    }));
  }

  /** The last entry's seq (0 in an empty journal): cheap enough for every status read. */
  lastSeq(): number {
    return this.last.get()?.seq ?? 0;
  }

  /** The last entry and how many there are (0 and the genesis hash in an empty journal); counting reads every row. */
  head(): JournalHead {
    const last = this.last.get();
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, entryCount: this.count.get() ?? 0 };
  }

  /** The number a teller reads to the customer for the job whose entry is `seq` (shared/journal.ts). */
  receiptNumberOf(seq: number): string {
    const entry = this.entry.get(seq);
    if (!entry) throw new Error(`journal entry #${seq} does not exist`);
    return receiptNumber(seq, entry.at);
  }

  /** The hash of entry `seq`, or undefined when there is no such entry. */
  hashAt(seq: number): string | undefined {
    return this.entry.get(seq)?.hash;
  }

  /** Checks the whole chain with this journal's key (verify.ts), from the file as it is on disk. */
  verify(): VerifyReport {
    return verifyJournal(this.file, this.key);
  }

  /** Whether a supervisor's acknowledgement of the alarm `reference` names (integrity.ts) is in the journal. */
  isAcknowledged(reference: string): boolean {
    return this.acknowledgement.get(reference) !== undefined;
  }

  /** `listener` hears the seq of every entry appended from now on (anchoring.ts batches them). */
  onAppend(listener: (seq: number) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  private append(build: () => NewEntry): number {
    const seq = this.appendTx.immediate(build);
    for (const listener of this.appendListeners) listener(seq);
    return seq;
  }

  /** Writes the PENDING entry before the issuer call; returns its seq. */
  begin(facts: JobFacts): number {
    return this.append(() => ({
      ...factColumns(facts), kind: 'PENDING', refers_to: null, result: null, issuer_ref: null, settled: 0, ...feeColumns(undefined),
    }));
  }

  /** Writes the OUTCOME entry of an open PENDING one (throws if that seq is not an open PENDING entry). */
  finish(pendingSeq: number, outcome: JobOutcome): void {
    const result = outcomeResult(outcome.result);
    this.append(() => {
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
        ...feeColumns(outcome.fee),
      };
    });
  }

  /** A job with no issuer call in between (or refused before one): one EVENT entry; returns its seq. */
  record(facts: JobFacts, outcome: JobOutcome): number {
    const result = outcomeResult(outcome.result);
    const columns = factColumns(facts);
    return this.append(() => ({
      ...columns,
      kind: 'EVENT',
      refers_to: null,
      supervisor_id: outcome.supervisorId === undefined ? columns.supervisor_id : outcome.supervisorId,
      device: outcome.device === undefined ? columns.device : outcome.device,
      result,
      issuer_ref: outcome.issuerRef ?? null,
      settled: outcome.settled ? 1 : 0,
      ...feeColumns(outcome.fee),
    }));
  }

  /** PENDING entries that have no OUTCOME: the console stopped mid-call. Oldest first. */
  unsettled(): UnsettledJob[] {
    return this.open.all().map((row) => ({ seq: row.seq, at: row.at, job: row.job as JobName, idempotencyKey: row.idempotency_key }));
  }

  /** One page of jobs, newest first, as the journal screen filters them (queries.ts). */
  page(query: JournalQueryInput): JournalPage {
    return this.queries.page(query);
  }

  /** The first page's jobs only. */
  jobs(query: JournalQueryInput): JournalJob[] {
    return this.queries.jobs(query);
  }

  /** Every page's jobs, newest first. */
  allJobs(query: JournalQueryInput): JournalJob[] {
    return this.queries.allJobs(query);
  }

  /** One job by its seq (for a reprint), or undefined. */
  job(seq: number): JournalJob | undefined {
    return this.queries.job(seq);
  }

  /** This terminal's fees of a business day (`2026-12-02`, Asia/Seoul; by default today's): the day-end close's figure. */
  feeTotals(query: { day?: string } = {}): FeeTotals {
    return this.queries.feeTotals(query.day);
  }

  /** This terminal's business day as the day-end close reports it, in this journal's mode (training or real). */
  daySummary(day: string) {
    return this.queries.daySummary(day, this.identity.training);
  }

  /** Whether this terminal's business day was closed (and not reopened), in this journal's mode. */
  dayState(day: string): DayState {
    return this.queries.dayState(day, this.identity.training);
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

function feeColumns(fee: JobFee | undefined) {
  return { fee_amount: fee?.amount ?? null, fee_waiver_reason: fee?.waiverReason ?? null };
}
