import { z } from 'zod';
import { businessDateOf, IdSchema, SEOUL_OFFSET_MS } from '../issuer-api/domain.js';
import { CodeSchema } from '../issuer-api/rule-codes.js';

/**
 * The terminal's electronic journal as the renderer sees it: one row per job, the entry written
 * before the issuer call joined with the one that settled it. Only masked customer data is ever
 * journaled (ISSUER-API.md "Conventions").
 */

/** The staff's own comings and goings at the counter. */
export const STAFF_EVENTS = [
  'STAFF_LOGIN',
  'STAFF_LOGOUT',
  'SESSION_EXPIRED',
  /** The issuer stopped honouring the session's token (the account was locked, or the token unknown). */
  'SESSION_ENDED_BY_ISSUER',
  'SESSION_LOCKED',
  'SESSION_UNLOCKED',
  'SESSION_TAKEN_OVER',
] as const;

/** Every job the journal knows. Staff events are jobs too: who was at the counter matters to an audit. */
export const JOB_NAMES = [
  ...STAFF_EVENTS,
  'IDENTITY_CHECK',
  'DIGITAL_OTP_START',
  'DIGITAL_OTP_SMS_RESEND',
  'DIGITAL_OTP_SMS_VERIFY',
  'DIGITAL_OTP_APP_CODE',
  'DIGITAL_OTP_CANCEL',
  /** Seen by the console: activation itself happens on the customer's phone. */
  'DIGITAL_OTP_ACTIVATED',
  'OTP_CHECK',
  'CARD_LOOKUP',
  'CARD_ISSUE',
  'CARD_REGISTER',
  'LOSS_REPORT',
  'LOSS_RELEASE',
  'DEVICE_UNLOCK',
  /** A device the customer no longer uses, ended at the issuer. */
  'DEVICE_TERMINATION',
  /** A Smart OTP card replaced by one from the branch's stock. */
  'CARD_REPLACE',
  'MOBILE_NUMBER_CHANGE',
  // the branch's own jobs (no customer): its card stock and its business day
  'STOCK_RECEIPT',
  'STOCK_COUNT',
  'STOCK_DISPOSAL',
  'DAY_END_CLOSE',
  'DAY_END_REOPEN',
  'SUPERVISOR_APPROVAL',
  'SLIP_REPRINT',
  'JOURNAL_EXPORT',
  /** The console's own: from this entry on, the journal's entries are keyed (main/journal/chain.ts). */
  'JOURNAL_KEYED',
  /** The console found its journal broken, behind, diverging from or missing against the issuer's anchor. */
  'JOURNAL_ALARM_RAISED',
  /** A supervisor acknowledged the journal-integrity alarm. */
  'JOURNAL_ALARM_ACKNOWLEDGED',
] as const;
export const JobNameSchema = z.enum(JOB_NAMES);
export type JobName = z.infer<typeof JobNameSchema>;

/**
 * A job's result: `OK`, the error code it failed with, `PENDING` while the issuer's answer is not
 * known yet, or `NOT_DONE` when the console crashed before the issuer saw the request.
 */
export const JobResultSchema = CodeSchema.max(64);

/** The fee a job charged, in won: 0 with the reason (a WaiverReason code) when it was waived. */
export const JobFeeSchema = z.object({
  amount: z.number().int().nonnegative(),
  waiverReason: z.string().nullable(),
});
export type JobFee = z.infer<typeof JobFeeSchema>;

export const JournalJobSchema = z.object({
  /** The sequence number of the job's first journal entry. */
  seq: z.number().int().positive(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  job: JobNameSchema,
  terminalId: z.string(),
  branchCode: z.string(),
  tellerId: z.string().nullable(),
  supervisorId: z.string().nullable(),
  /** Masked name and RRN, e.g. `홍*동 900101-1******`. */
  customer: z.string().nullable(),
  device: z.string().nullable(),
  result: JobResultSchema,
  issuerRef: z.string().nullable(),
  /** The number a teller reads to a customer: `20261202-000123` (receiptNumber below). */
  receiptNo: z.string(),
  /** Settled at the next start by asking the issuer, after the console stopped mid-call. */
  settledAfterRestart: z.boolean(),
  training: z.boolean(),
  /** From the entry that ended the job; null for a job without a fee (and every job journaled before fees). */
  fee: JobFeeSchema.nullable(),
});
export type JournalJob = z.infer<typeof JournalJobSchema>;

/** The most jobs one page of the list holds; the next page starts below its last seq. */
export const JOURNAL_PAGE_SIZE = 500;

export const JournalQuerySchema = z
  .object({
    /** Only today's jobs (the terminal's local day), the journal screen's default. */
    todayOnly: z.boolean().default(true),
    /**
     * Matches the masked customer, the device, the result code, the job, the issuer reference or
     * a receipt number. Never a full name: the screen masks a name before it sends it.
     */
    text: z.string().trim().max(64).default(''),
    /** Jobs whose name on screen matched the search (the renderer's catalogue knows the words). */
    jobs: z.array(JobNameSchema).max(JOB_NAMES.length).default([]),
    /** Results whose words on screen matched the search. */
    results: z.array(JobResultSchema).max(200).default([]),
    /** Only jobs that failed: neither OK nor still PENDING. */
    failedOnly: z.boolean().default(false),
    /** Only jobs a supervisor approved. */
    approvedOnly: z.boolean().default(false),
    /** Only this customer's jobs (the customer page's "journal" link). */
    customerRef: IdSchema.optional(),
    /** The next page: jobs older than this seq (the previous page's `next`). */
    before: z.number().int().positive().optional(),
  })
  .strict();
export type JournalQuery = z.output<typeof JournalQuerySchema>;
export type JournalQueryInput = z.input<typeof JournalQuerySchema>;

export const JournalPageSchema = z.object({
  /** Newest first, at most JOURNAL_PAGE_SIZE. */
  jobs: z.array(JournalJobSchema),
  /** How many jobs match in all pages; null for a query over the whole file, which would have to read all of it. */
  total: z.number().int().nonnegative().nullable(),
  /** `before` for the next page, or null on the last one. */
  next: z.number().int().positive().nullable(),
});
export type JournalPage = z.infer<typeof JournalPageSchema>;

/** A job is a failure unless it ended OK or has not ended yet. */
export const SUCCESS_OR_OPEN = ['OK', 'PENDING'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A business date, `2026-12-02`. */
export const BusinessDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((day) => businessDayRange(day) !== undefined);

/** The business date in Asia/Seoul of an instant (a job's start), e.g. `2026-12-02` (the issuer's rule). */
export const businessDayOf = businessDateOf;

/** The instants of a business date, from (inclusive) and to (exclusive), as ISO UTC text comparable with the journal's; undefined for no such date. */
export function businessDayRange(day: string): { from: string; to: string } | undefined {
  const start = Date.parse(`${day}T00:00:00.000Z`) - SEOUL_OFFSET_MS;
  if (Number.isNaN(start) || businessDayOf(new Date(start)) !== day) return undefined;
  return { from: new Date(start).toISOString(), to: new Date(start + DAY_MS).toISOString() };
}

/**
 * The receipt number of a job: its business date in Asia/Seoul and its journal seq, e.g.
 * `20261202-000123`. Unique per journal (the seq is), short enough to read to a customer.
 */
export function receiptNumber(seq: number, startedAt: string): string {
  return `${businessDayOf(startedAt).replaceAll('-', '')}-${String(seq).padStart(6, '0')}`;
}

/** The seq a typed receipt number names (`20261202-000123` → 123), or undefined if the text is not one. */
export function seqOfReceiptNumber(text: string): number | undefined {
  const match = /^\d{8}-(\d{1,12})$/.exec(text.trim());
  const seq = match ? Number(match[1]) : 0;
  return seq > 0 ? seq : undefined;
}

/** The fees of one kind of entries (real or training) of a business day: what the day-end close reports. */
export const FeeTallySchema = z.object({
  /** Per job, the jobs that charged a fee and the won they charged; waived jobs are not in it. */
  charged: z.array(z.object({ job: JobNameSchema, count: z.number().int().positive(), amount: z.number().int().nonnegative() })),
  /** Per job and waiver reason, how many jobs had their fee waived. */
  waived: z.array(z.object({ job: JobNameSchema, waiverReason: z.string(), count: z.number().int().positive() })),
  /** The won charged in all. */
  total: z.number().int().nonnegative(),
});
export type FeeTally = z.infer<typeof FeeTallySchema>;

/** A terminal's fees of one business day (Asia/Seoul, as the receipt numbers date jobs), OK jobs only, training apart. */
export const FeeTotalsSchema = z.object({
  day: BusinessDaySchema,
  terminalId: z.string(),
  real: FeeTallySchema,
  training: FeeTallySchema,
});
export type FeeTotals = z.infer<typeof FeeTotalsSchema>;

/**
 * The customer slip a job's screen printed, which the journal can print again as a COPY; null for
 * a job that gave the customer none (an identity check, say). Only the loss report's receipt is
 * rebuilt: the Digital OTP guide's point is its app registration code, a short-lived secret the
 * journal never holds, so a copy of it would be a guide without its code.
 */
export function customerSlipOf(job: Pick<JournalJob, 'job' | 'result'>): 'LOSS_RECEIPT' | null {
  return job.job === 'LOSS_REPORT' && job.result === 'OK' ? 'LOSS_RECEIPT' : null;
}
