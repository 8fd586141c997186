import { z } from 'zod';
import { DayStateSchema } from './day-end.js';

/**
 * What the counter's PC/SC stack looks like right now, worst first. RECONNECTING: the service was
 * up and went away moments ago; the console is waiting for it to return.
 */
export const ReaderStateSchema = z.enum(['PCSC_UNAVAILABLE', 'RECONNECTING', 'NO_READER', 'READER_READY', 'CARD_PRESENT']);
export type ReaderState = z.infer<typeof ReaderStateSchema>;

export const IssuerReachabilitySchema = z.enum(['CHECKING', 'REACHABLE', 'UNREACHABLE']);
export type IssuerReachability = z.infer<typeof IssuerReachabilitySchema>;

/**
 * Whether the electronic journal is what the issuer witnessed (main/journal/integrity.ts).
 * CHECKING until the first check; UNVERIFIED while the issuer cannot be asked; ALARM: the journal
 * is broken, behind, diverging from or missing against the issuer's anchor, and no job runs;
 * ACKNOWLEDGED: a supervisor acknowledged that alarm (journaled), and jobs run again.
 */
export const JournalIntegrityStateSchema = z.enum(['CHECKING', 'OK', 'UNVERIFIED', 'ALARM', 'ACKNOWLEDGED']);
export const JournalAlarmReasonSchema = z.enum(['CHAIN_BROKEN', 'JOURNAL_MISSING', 'BEHIND_ANCHOR', 'DIVERGES_FROM_ANCHOR']);
export type JournalAlarmReason = z.infer<typeof JournalAlarmReasonSchema>;
export const JournalIntegritySchema = z.object({
  state: JournalIntegrityStateSchema,
  /** Why the alarm was raised (ALARM, ACKNOWLEDGED). */
  reason: JournalAlarmReasonSchema.optional(),
  /** The journal's last entry. */
  headSeq: z.number().int().nonnegative(),
  /** The last entry the issuer witnessed, when it has any. */
  anchoredSeq: z.number().int().positive().nullable(),
});
export type JournalIntegrity = z.infer<typeof JournalIntegritySchema>;

export const ConsoleStatusSchema = z.object({
  /** True when no issuer URL is configured and the in-process sandbox serves every call. */
  trainingMode: z.boolean(),
  issuer: IssuerReachabilitySchema,
  reader: z.object({
    state: ReaderStateSchema,
    readers: z.array(z.string()),
  }),
  terminal: z.object({ institutionCode: z.string(), branchCode: z.string(), terminalId: z.string() }),
  journal: JournalIntegritySchema,
  /** The terminal's business day: after a day-end close no job is started until the next date or a reopen. */
  day: DayStateSchema,
});
export type ConsoleStatus = z.infer<typeof ConsoleStatusSchema>;
