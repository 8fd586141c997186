import { z } from 'zod';
import { FeeTallySchema, JobNameSchema, JobResultSchema, STAFF_EVENTS, type JobName } from './journal.js';

/**
 * The day-end close (마감, ISSUER-API.md v1.1 "the branch"): what the console reports of a
 * terminal's business day, read from its journal, and the state of the day.
 */

/** How many unsettled jobs the summary names one by one; the count covers all. */
export const UNSETTLED_LISTED_MAX = 20;

/** A physical stock count as the journal keeps it on the STOCK_COUNT job: `counted/expected -missing +unexpected`. */
export const StockTallySchema = z.object({
  expected: z.number().int().nonnegative(),
  counted: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  unexpected: z.number().int().nonnegative(),
});
export type StockTally = z.infer<typeof StockTallySchema>;

export const stockTallyText = (t: StockTally) => `${t.counted}/${t.expected} -${t.missing} +${t.unexpected}`;

/** The tally a STOCK_COUNT job's text holds, or undefined for any other text. */
export function stockTallyOf(text: string | null): StockTally | undefined {
  const match = /^(\d+)\/(\d+) -(\d+) \+(\d+)$/.exec(text ?? '');
  if (!match) return undefined;
  const [counted, expected, missing, unexpected] = match.slice(1).map(Number) as [number, number, number, number];
  return { expected, counted, missing, unexpected };
}

/** Entries of the staff's own comings and goings and the journal's own: not jobs of the day's tally. */
export const NOT_A_DAY_JOB: readonly JobName[] = [
  ...STAFF_EVENTS,
  'JOURNAL_KEYED',
  // counted under approvals
  'SUPERVISOR_APPROVAL',
];

export const DaySummarySchema = z.object({
  businessDate: z.string(),
  terminalId: z.string(),
  /** A training day's summary counts the training entries only, a real day's the real ones. */
  training: z.boolean(),
  /** Jobs per staff member, kind and result (the staff's own logins and locks are not jobs). */
  jobs: z.array(z.object({ staffId: z.string().nullable(), job: JobNameSchema, result: JobResultSchema, count: z.number().int().positive() })),
  /** Approvals given and jobs run on one, per supervisor. */
  approvals: z.array(z.object({ supervisorId: z.string(), job: JobNameSchema, result: JobResultSchema, count: z.number().int().positive() })),
  fees: FeeTallySchema,
  /** Jobs whose result at the issuer is not known: zero, or explained before the close. */
  unsettled: z.object({
    count: z.number().int().nonnegative(),
    jobs: z.array(z.object({ receiptNo: z.string(), job: JobNameSchema, result: JobResultSchema })).max(UNSETTLED_LISTED_MAX),
    explanation: z.string().nullable(),
  }),
  /** The day's last physical count of the branch's card stock, or null when there was none. */
  stockCount: StockTallySchema.extend({ countId: z.string(), receiptNo: z.string(), at: z.string() }).nullable(),
});
export type DaySummary = z.infer<typeof DaySummarySchema>;

/** The unsettled jobs' explanation, as the teller types it. */
export const UnsettledExplanationSchema = z.string().trim().min(1, 'EXPLANATION_REQUIRED').max(300, 'EXPLANATION_TOO_LONG');

/** The terminal's day as the journal says: closed (and by which close) or open. */
export const DayStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('OPEN'), businessDate: z.string() }),
  z.object({ state: z.literal('CLOSED'), businessDate: z.string(), closeRef: z.string(), closedAt: z.string(), receiptNo: z.string() }),
]);
export type DayState = z.infer<typeof DayStateSchema>;
