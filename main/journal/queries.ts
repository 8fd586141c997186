import type Database from 'better-sqlite3';
import { JournalQuerySchema, type JobName, type JournalJob, type JournalQuery } from '../../shared/journal.js';

/**
 * Reading the journal as jobs: a job is its first entry (PENDING or EVENT) joined with the
 * OUTCOME that settled it, if any. The journal screen's list, search and reprint read these.
 */

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

export class JobQueries {
  private readonly oneJob: Database.Statement<[number], JobRow>;
  private readonly byQuery = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    /** The terminal whose jobs "today only" shows: the journal file may hold other terminals' too. */
    private readonly terminalId: string,
    private readonly now: () => Date,
  ) {
    this.oneJob = db.prepare(`${JOBS_SELECT} WHERE seq = ?`);
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
      Object.assign(params, { from, to, terminal: this.terminalId });
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
}
