import { IssuerError } from '../../issuer-api/errors.js';
import { ConsoleError } from '../app/errors.js';
import type { Log } from '../app/log.js';
import type { CallAudit } from '../app/router.js';
import type { ActiveSession } from '../staff/sessions.js';
import { journalingOf, type AnyJournaling, type JobJournaling, type Known, type WatchJournaling } from './journaling.js';
import type { JobFacts, JobOutcome, Journal } from './journal.js';
import { SessionFacts, type KnownFacts } from './session-facts.js';

/**
 * Refused calls without a staff session come from anyone who can reach a transport (a fuzzer wrote
 * 372 fsynced entries in one run): per channel and code, this many a minute are journaled, the rest
 * are counted into one entry when the minute ends.
 */
export const REFUSALS_PER_MINUTE = 5;
const REFUSAL_WINDOW_MS = 60_000;

/**
 * The router's journal: every job is written as PENDING before its handler calls the issuer and
 * settled after with its result code, so nothing happens at the issuer without an entry. Which
 * channel is which job is journaling.ts's table; customer data is masked there before it is
 * written, so the full RRN and mobile number never reach the journal.
 */
export class JobJournal implements CallAudit {
  private readonly facts = new SessionFacts();
  private readonly known: Known;
  /** Entries this process has begun and not finished yet: in flight, not left by a crash. */
  private readonly inFlight = new Set<number>();
  /** Per `channel code`: the minute of refusals without a session being counted. */
  private readonly refusals = new Map<string, { job: JobFacts['job']; code: string; tellerId: string | null; written: number; more: number }>();

  constructor(
    private readonly journal: Journal,
    private readonly deps: {
      /** The staff member of a locked console, for calls made while it is locked. */
      lockedStaffId: () => string | null;
      supervisorOf: (approvalToken: string) => string | null;
      /** The journal-integrity alarm stands (integrity.ts): jobs not marked `duringAlarm` are refused. */
      alarmed?: () => boolean;
      log: Log;
    },
  ) {
    this.known = {
      customer: (customerRef) => this.facts.customer(customerRef),
      registration: (registrationId) => this.facts.registration(registrationId),
      supervisorOf: (approvalToken) => this.deps.supervisorOf(approvalToken),
    };
  }

  /** Runs a call's handler as its journaling decision says; a job's handler gets its receipt number. */
  async run(channel: string, input: unknown, session: ActiveSession | null, handler: (receiptNo?: string) => Promise<unknown>): Promise<unknown> {
    const journaling = this.decisionFor(channel);
    switch (journaling.kind) {
      case 'not journaled': {
        const output = await handler();
        journaling.remember?.(output, this.facts);
        return output;
      }
      case 'watch':
        return this.watch(channel, journaling, input, session, handler);
      case 'job':
        return this.runJob(journaling, input, session, handler);
    }
  }

  refused(channel: string, session: ActiveSession | null, code: string): void {
    const journaling = journalingOf(channel);
    if (journaling?.kind !== 'job') return;
    const tellerId = this.tellerOf(session);
    if (!session) {
      const key = `${channel} ${code}`;
      let minute = this.refusals.get(key);
      if (!minute) {
        minute = { job: journaling.job, code, tellerId, written: 0, more: 0 };
        this.refusals.set(key, minute);
        setTimeout(() => this.endRefusalMinute(key), REFUSAL_WINDOW_MS).unref?.();
      }
      if (minute.written >= REFUSALS_PER_MINUTE) return void minute.more++;
      minute.written++;
    }
    // The input was not valid, so nothing of it is written: it may hold personal data in any field.
    // Nothing ran, so the refusal is answered even when its entry cannot be written.
    try {
      const seq = this.write(() => this.journal.record({ job: journaling.job, tellerId }, { result: code }));
      this.logOutcome(journaling.job, seq, code);
    } catch {
      // write() has logged it
    }
  }

  /** The refusals a minute did not journal one by one: one entry counts them (in its device column). */
  private endRefusalMinute(key: string): void {
    const minute = this.refusals.get(key);
    this.refusals.delete(key);
    if (!minute?.more) return;
    try {
      const seq = this.journal.record({ job: minute.job, tellerId: minute.tellerId, device: `${minute.more} more refused` }, { result: minute.code });
      this.logOutcome(minute.job, seq, minute.code);
    } catch (error) {
      // The journal may be closed by now (the console stopped): the count goes to the log instead.
      this.deps.log.warn(`${minute.more} more ${minute.job} refusals (${minute.code}) not journaled: ${(error as Error).message}`);
    }
  }

  /** A job the console does on its own (cancelling a taken-over teller's open registration). */
  async job<T>(facts: JobFacts, work: () => Promise<T>): Promise<T> {
    return this.around(facts, async () => ({ output: await work(), outcome: {} }));
  }

  /** A job with no issuer call in it: one entry. */
  event(facts: JobFacts, result = 'OK', outcome: Omit<JobOutcome, 'result'> = {}): void {
    this.logOutcome(facts.job, this.write(() => this.journal.record(facts, { result, ...outcome })), result);
  }

  /** Facts about a registration of this session, for a job the console does on its own. */
  registrationFacts(registrationId: string): KnownFacts {
    return this.facts.registration(registrationId) ?? {};
  }

  /** The staff session ended: what its answers taught is not the next session's to journal. */
  sessionEnded(): void {
    this.facts.clear();
  }

  /** Whether this process has begun the entry and not finished it: in flight, not left by a crash. */
  isInFlight(seq: number): boolean {
    return this.inFlight.has(seq);
  }

  private decisionFor(channel: string): AnyJournaling {
    const journaling = journalingOf(channel);
    // The compiler holds the table to the contract; a channel outside it is not run unjournaled.
    if (!journaling) throw new Error(`no journaling decision for channel ${channel}`);
    return journaling;
  }

  private runJob(journaling: JobJournaling<unknown, unknown>, input: unknown, session: ActiveSession | null, handler: (receiptNo: string) => Promise<unknown>) {
    // Refused before any entry or issuer call, like a job without a session: the alarm is in the journal already.
    if (!journaling.duringAlarm && this.deps.alarmed?.()) {
      throw new ConsoleError('JOURNAL_ALARM', 'The journal-integrity alarm stands: a supervisor must acknowledge it first');
    }
    const facts: JobFacts = {
      job: journaling.jobOf?.(input) ?? journaling.job,
      tellerId: this.tellerOf(session),
      idempotencyKey: idempotencyKeyOf(input),
      ...journaling.facts?.(input, this.known),
    };
    return this.around(facts, async (seq) => {
      const output = await handler(this.journal.receiptNumberOf(seq));
      journaling.remember?.(output, input, this.facts);
      return { output, outcome: journaling.outcome?.(output, input) ?? {} };
    });
  }

  private async watch(
    channel: string,
    journaling: WatchJournaling<unknown, unknown>,
    input: unknown,
    session: ActiveSession | null,
    handler: () => Promise<unknown>,
  ): Promise<unknown> {
    const output = await handler();
    const seen = journaling.seen(output, input, this.known);
    if (seen && this.facts.firstTime(`${channel} ${seen.once}`)) {
      this.event({ job: journaling.job, tellerId: this.tellerOf(session), ...seen.facts }, 'OK', seen.outcome);
    }
    return output;
  }

  private async around<T>(facts: JobFacts, work: (seq: number) => Promise<{ output: T; outcome: Partial<JobOutcome> }>): Promise<T> {
    // No entry, no job: if the journal cannot be written, the issuer is not called.
    const seq = this.write(() => this.journal.begin(facts));
    this.inFlight.add(seq);
    let done: { output: T; outcome: Partial<JobOutcome> };
    try {
      done = await work(seq);
    } catch (error) {
      this.finish(seq, facts.job, { result: resultCodeOf(error) });
      throw error;
    }
    this.finish(seq, facts.job, { result: 'OK', ...done.outcome });
    return done.output;
  }

  /** An entry written, or JOURNAL_UNAVAILABLE for the caller (logged for IT with SQLite's reason). */
  private write<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      this.deps.log.error(`journal write failed: ${(error as Error).message}`);
      throw new ConsoleError('JOURNAL_UNAVAILABLE', 'The electronic journal cannot be written; the job was not done');
    }
  }

  /** A failed completion leaves the entry PENDING; the next start settles it with the issuer. */
  private finish(seq: number, job: string, outcome: JobOutcome): void {
    this.inFlight.delete(seq);
    try {
      this.journal.finish(seq, outcome);
    } catch (error) {
      this.deps.log.error(`journal entry #${seq} could not be completed: ${(error as Error).message}`);
    }
    this.logOutcome(job, seq, outcome.result);
  }

  /** For IT: the job, its journal entry and its result code; what it was about stays in the journal. */
  private logOutcome(job: string, seq: number, result: string): void {
    this.deps.log.info(`job ${job} #${seq}: ${result}`);
  }

  private tellerOf(session: ActiveSession | null): string | null {
    return session?.staffId ?? this.deps.lockedStaffId();
  }
}

/** Every action that changes something at the issuer carries one; settling after a crash asks by it. */
function idempotencyKeyOf(input: unknown): string | null {
  const key = typeof input === 'object' && input !== null && 'idempotencyKey' in input ? input.idempotencyKey : null;
  return typeof key === 'string' ? key : null;
}

/** The result code a failed job is journaled with. */
export function resultCodeOf(error: unknown): string {
  if (error instanceof ConsoleError || error instanceof IssuerError) return error.code;
  return 'INTERNAL';
}
