import type Database from 'better-sqlite3';
import {
  businessDayOf,
  businessDayRange,
  JOURNAL_PAGE_SIZE,
  JournalQuerySchema,
  receiptNumber,
  seqOfReceiptNumber,
  SUCCESS_OR_OPEN,
  type FeeTally,
  type FeeTotals,
  type JobName,
  type JournalJob,
  type JournalPage,
  type JournalQueryInput,
} from '../../shared/journal.js';
import { NOT_A_DAY_JOB, stockTallyOf, UNSETTLED_LISTED_MAX, type DayState, type DaySummary } from '../../shared/day-end.js';

/**
 * Reading the journal as jobs: a job is its first entry (PENDING or EVENT) joined with the
 * OUTCOME that settled it, if any. The journal screen's list, search and reprint read these.
 */

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
  fee_amount: number | null;
  fee_waiver_reason: string | null;
}

// The OUTCOME row carries the job's final facts (supervisor, device, fee), so it wins when present.
const JOBS_FROM = `(
  SELECT p.seq, p.at AS started_at, iif(p.kind = 'EVENT', p.at, o.at) AS finished_at, p.job, p.terminal_id,
    p.branch_code, p.teller_id, iif(o.seq IS NULL, p.supervisor_id, o.supervisor_id) AS supervisor_id, p.customer,
    p.customer_ref, iif(o.seq IS NULL, p.device, o.device) AS device, coalesce(o.result, p.result, 'PENDING') AS result,
    coalesce(o.issuer_ref, p.issuer_ref) AS issuer_ref, coalesce(o.settled, p.settled) AS settled, p.training,
    iif(o.seq IS NULL, p.fee_amount, o.fee_amount) AS fee_amount,
    iif(o.seq IS NULL, p.fee_waiver_reason, o.fee_waiver_reason) AS fee_waiver_reason
  FROM entries p LEFT JOIN entries o ON o.refers_to = p.seq AND o.kind = 'OUTCOME'
  WHERE p.kind <> 'OUTCOME'
)`;

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

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
  receiptNo: receiptNumber(row.seq, row.started_at),
  settledAfterRestart: row.settled === 1,
  training: row.training === 1,
  fee: row.fee_amount === null ? null : { amount: row.fee_amount, waiverReason: row.fee_waiver_reason },
});

/** The fees of a day as the tally query reads them: one row per training flag, job and waiver reason. */
interface FeeRow {
  training: number;
  job: string;
  fee_waiver_reason: string | null;
  count: number;
  amount: number;
}

function tally(rows: FeeRow[]): FeeTally {
  const charged = rows.filter((row) => row.fee_waiver_reason === null);
  return {
    charged: charged.map((row) => ({ job: row.job as JobName, count: row.count, amount: row.amount })),
    waived: rows.flatMap((row) => (row.fee_waiver_reason === null ? [] : [{ job: row.job as JobName, waiverReason: row.fee_waiver_reason, count: row.count }])),
    total: charged.reduce((sum, row) => sum + row.amount, 0),
  };
}

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
  private readonly fees: Database.Statement<{ from: string; to: string; terminal: string }, FeeRow>;
  private readonly byQuery = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    /** The terminal whose jobs "today only" shows: the journal file may hold other terminals' too. */
    private readonly terminalId: string,
    private readonly now: () => Date,
  ) {
    this.oneJob = db.prepare(`SELECT * FROM ${JOBS_FROM} WHERE seq = ?`);
    // A job belongs to the business day it started on, as its receipt number says. The fee stands
    // on the entry that ended the job; only a job that ended OK charged it.
    this.fees = db.prepare(`
      SELECT training, job, fee_waiver_reason, count(*) AS count, sum(fee_amount) AS amount FROM ${JOBS_FROM}
      WHERE started_at >= :from AND started_at < :to AND terminal_id = :terminal AND result = 'OK' AND fee_amount IS NOT NULL
      GROUP BY training, job, fee_waiver_reason ORDER BY job, fee_waiver_reason`);
  }

  /** This terminal's fees of a business day (Asia/Seoul; by default today's), OK jobs only, training apart. */
  feeTotals(day = businessDayOf(this.now())): FeeTotals {
    const range = businessDayRange(day);
    if (!range) throw new Error(`not a business day: ${JSON.stringify(day)}`);
    const rows = this.fees.all({ ...range, terminal: this.terminalId });
    return {
      day,
      terminalId: this.terminalId,
      real: tally(rows.filter((row) => row.training === 0)),
      training: tally(rows.filter((row) => row.training === 1)),
    };
  }

  /**
   * What the day-end close reports of a business day (Asia/Seoul) of this terminal, from its
   * journal alone: jobs per staff, kind and result; approvals per supervisor; fees; the jobs whose
   * issuer result is not known (PENDING: no outcome yet; UNKNOWN: settled without one); the day's
   * last stock count. `training` picks the training or the real entries, never both.
   */
  daySummary(day: string, training: boolean): Omit<DaySummary, 'unsettled'> & { unsettled: Omit<DaySummary['unsettled'], 'explanation'> } {
    const range = businessDayRange(day);
    if (!range) throw new Error(`not a business day: ${JSON.stringify(day)}`);
    const params = { ...range, terminal: this.terminalId, training: training ? 1 : 0, notJobs: JSON.stringify(NOT_A_DAY_JOB) };
    const ofDay = `${JOBS_FROM} WHERE started_at >= :from AND started_at < :to AND terminal_id = :terminal AND training = :training`;
    const jobs = this.statement(`
      SELECT teller_id AS staffId, job, result, count(*) AS count FROM ${ofDay}
      AND job NOT IN (SELECT value FROM json_each(:notJobs)) GROUP BY teller_id, job, result ORDER BY teller_id, job, result`).all(params) as DaySummary['jobs'];
    const approvals = this.statement(`
      SELECT supervisor_id AS supervisorId, job, result, count(*) AS count FROM ${ofDay}
      AND supervisor_id IS NOT NULL GROUP BY supervisor_id, job, result ORDER BY supervisor_id, job, result`).all(params) as DaySummary['approvals'];
    const unsettled = this.statement(`SELECT * FROM ${ofDay} AND result IN ('PENDING', 'UNKNOWN') ORDER BY seq`).all(params) as JobRow[];
    const count = this.statement(`SELECT * FROM ${ofDay} AND job = 'STOCK_COUNT' AND result = 'OK' ORDER BY seq DESC LIMIT 1`).get(params) as JobRow | undefined;
    const tally = count && stockTallyOf(count.device);
    const fees = this.feeTotals(day);
    return {
      businessDate: day,
      terminalId: this.terminalId,
      training,
      jobs,
      approvals,
      fees: training ? fees.training : fees.real,
      unsettled: {
        count: unsettled.length,
        jobs: unsettled.slice(0, UNSETTLED_LISTED_MAX).map((row) => ({ receiptNo: receiptNumber(row.seq, row.started_at), job: row.job as JobName, result: row.result })),
      },
      stockCount: count && tally ? { ...tally, countId: count.issuer_ref ?? '', receiptNo: receiptNumber(count.seq, count.started_at), at: count.started_at } : null,
    };
  }

  /**
   * The terminal's day as its journal says: closed by the day's last close that no reopen
   * followed, else open. A reopen the issuer refused as TERMINAL_NOT_CLOSED also opens it: the
   * issuer's day is open (a training sandbox reset to its seed, say), and the console follows it.
   */
  dayState(day: string, training: boolean): DayState {
    const range = businessDayRange(day);
    if (!range) throw new Error(`not a business day: ${JSON.stringify(day)}`);
    const last = this.statement(`
      SELECT * FROM ${JOBS_FROM} WHERE started_at >= :from AND started_at < :to AND terminal_id = :terminal AND training = :training
      AND ((job = 'DAY_END_CLOSE' AND result = 'OK') OR (job = 'DAY_END_REOPEN' AND result IN ('OK', 'TERMINAL_NOT_CLOSED')))
      ORDER BY seq DESC LIMIT 1`).get({ ...range, terminal: this.terminalId, training: training ? 1 : 0 }) as
      | JobRow
      | undefined;
    if (!last || last.job !== 'DAY_END_CLOSE') return { state: 'OPEN', businessDate: day };
    return { state: 'CLOSED', businessDate: day, closeRef: last.issuer_ref ?? '', closedAt: last.finished_at ?? last.started_at, receiptNo: receiptNumber(last.seq, last.started_at) };
  }

  /**
   * One page of jobs, newest first (JOURNAL_PAGE_SIZE), with how many match in all and where the
   * next page starts. todayOnly: this terminal's jobs started on the local day of now(); text:
   * case-insensitive substring of customer, device, result, job or issuer reference, or a receipt
   * number; jobs/results: these codes too (their words on screen matched); failedOnly,
   * approvedOnly; customerRef: exact; before: the cursor. A PENDING entry without an outcome shows
   * result PENDING.
   */
  page(query: JournalQueryInput): JournalPage {
    const { todayOnly, text, jobs, results, failedOnly, approvedOnly, customerRef, before } = JournalQuerySchema.parse(query);
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: JOURNAL_PAGE_SIZE + 1 };
    if (todayOnly) {
      const { from, to } = localDay(this.now());
      where.push('started_at >= :from AND started_at < :to AND terminal_id = :terminal');
      Object.assign(params, { from, to, terminal: this.terminalId });
    }
    if (customerRef !== undefined) {
      where.push('customer_ref = :customerRef');
      params.customerRef = customerRef;
    }
    // A search matches what the row shows in any of its ways: any one will do.
    const search: string[] = [];
    if (text) {
      search.push(TEXT_MATCH);
      params.text = text.toLowerCase();
      const receiptSeq = seqOfReceiptNumber(text);
      if (receiptSeq !== undefined) {
        search.push('seq = :receiptSeq');
        params.receiptSeq = receiptSeq;
      }
    }
    if (jobs.length) {
      search.push('job IN (SELECT value FROM json_each(:jobs))');
      params.jobs = JSON.stringify(jobs);
    }
    if (results.length) {
      search.push('result IN (SELECT value FROM json_each(:results))');
      params.results = JSON.stringify(results);
    }
    if (search.length) where.push(`(${search.join(' OR ')})`);
    if (failedOnly) where.push(`result NOT IN (${SUCCESS_OR_OPEN.map((code) => `'${code}'`).join(', ')})`);
    if (approvedOnly) where.push('supervisor_id IS NOT NULL');

    // Only a query held to a day or a customer is counted: those read through an index; the whole file is not.
    const total = todayOnly || customerRef !== undefined ? (this.statement(`SELECT count(*) AS n FROM ${JOBS_FROM} ${whereClause(where)}`).get(params) as { n: number }).n : null;
    if (before !== undefined) {
      where.push('seq < :before');
      params.before = before;
    }
    const rows = this.statement(`SELECT * FROM ${JOBS_FROM} ${whereClause(where)} ORDER BY seq DESC LIMIT :limit`).all(params) as JobRow[];
    const page = rows.slice(0, JOURNAL_PAGE_SIZE).map(toJob);
    return { jobs: page, total, next: rows.length > JOURNAL_PAGE_SIZE ? page.at(-1)!.seq : null };
  }

  /** The first page's jobs (page() without the count's and cursor's use). */
  jobs(query: JournalQueryInput): JournalJob[] {
    return this.page(query).jobs;
  }

  /** Every page's jobs of a query, newest first: the CSV export of a day. */
  allJobs(query: JournalQueryInput): JournalJob[] {
    const all: JournalJob[] = [];
    let before: number | undefined;
    do {
      const page = this.page({ ...query, before });
      all.push(...page.jobs);
      before = page.next ?? undefined;
    } while (before !== undefined);
    return all;
  }

  /** A statement by its text, prepared once: the WHERE combinations are few. */
  private statement(sql: string): Database.Statement {
    let statement = this.byQuery.get(sql);
    if (!statement) this.byQuery.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** One job by its seq (for a reprint), or undefined. */
  job(seq: number): JournalJob | undefined {
    const row = this.oneJob.get(seq);
    return row && toJob(row);
  }
}
