import { z } from 'zod';
import { IdSchema } from '../issuer-api/domain.js';
import { CodeSchema } from '../issuer-api/rule-codes.js';

/**
 * The terminal's electronic journal as the renderer sees it: one row per job, the entry written
 * before the issuer call joined with the one that settled it. Only masked customer data is ever
 * journaled (ISSUER-API.md "Conventions").
 */

/** Every job the journal knows. Staff events are jobs too: who was at the counter matters to an audit. */
export const JOB_NAMES = [
  'STAFF_LOGIN',
  'STAFF_LOGOUT',
  'SESSION_EXPIRED',
  /** The issuer stopped honouring the session's token (the account was locked, or the token unknown). */
  'SESSION_ENDED_BY_ISSUER',
  'SESSION_LOCKED',
  'SESSION_UNLOCKED',
  'SESSION_TAKEN_OVER',
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
  /** Settled at the next start by asking the issuer, after the console stopped mid-call. */
  settledAfterRestart: z.boolean(),
  training: z.boolean(),
});
export type JournalJob = z.infer<typeof JournalJobSchema>;

export const JournalQuerySchema = z
  .object({
    /** Only today's jobs (the terminal's local day), the journal screen's default. */
    todayOnly: z.boolean().default(true),
    /** Matches the masked customer, the device, the result code, the job or the issuer reference. */
    text: z.string().trim().max(64).default(''),
    /** Only this customer's jobs (the customer page's "journal" link). */
    customerRef: IdSchema.optional(),
  })
  .strict();
export type JournalQuery = z.output<typeof JournalQuerySchema>;
