import { maskedMobileOf, maskName, maskRrn, maskSerial } from '../../issuer-api/domain.js';
import type { JobName } from '../../shared/journal.js';
import { ConsoleError } from '../app/errors.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { Log } from '../app/log.js';
import type { CallAudit } from '../app/router.js';
import type { ActiveSession } from '../staff/sessions.js';
import type { JobFacts, JobOutcome, Journal } from './journal.js';

/** What the journal says of one channel's job, from its (already validated) input and its output. */
interface JobSpec {
  job: JobName;
  /** When the input names the job more precisely (issue or register a card). */
  jobOf?: (input: Input) => JobName;
  facts?: (input: Input, known: KnownFacts) => Partial<JobFacts>;
  outcome?: (output: Output, input: Input) => Partial<JobOutcome>;
}
type Input = Record<string, unknown> & { customerRef?: string; deviceId?: string; registrationId?: string };
type Output = Record<string, unknown>;

/** Masked facts learned from earlier answers, so later entries can name the customer without asking again. */
interface KnownFacts {
  customer(customerRef: string | undefined): Partial<JobFacts>;
  registration(registrationId: string | undefined): Partial<JobFacts>;
  supervisorOf(approvalToken: unknown): string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const card = (input: Input) => `${String(input.vendorCode)}/${maskSerial(String(input.serial))}`;

/**
 * The jobs of the day, channel by channel. Reads (device lists, status polls) are not jobs; the
 * training panel plays the customer's phone, which is not the counter's work either.
 */
const JOBS: Record<string, JobSpec> = {
  'staff.login': { job: 'STAFF_LOGIN', facts: (input) => ({ tellerId: text(input.staffId) }) },
  'staff.logout': { job: 'STAFF_LOGOUT' },
  'staff.lock': { job: 'SESSION_LOCKED' },
  'staff.unlockConsole': { job: 'SESSION_UNLOCKED' },
  'customer.identify': {
    job: 'IDENTITY_CHECK',
    facts: (input) => ({ customer: `${maskName(String(input.name))} ${maskRrn(String(input.rrn))}` }),
    outcome: (output) => ({ result: output.result === 'VERIFIED' ? 'OK' : String(output.result), issuerRef: text(output.checkId) }),
  },
  'device.reportLoss': {
    job: 'LOSS_REPORT',
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: text(input.deviceId) }),
    outcome: (output) => ({ issuerRef: text(output.reportRef) }),
  },
  'otp.start': {
    job: 'DIGITAL_OTP_START',
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: maskedMobileOf(String(input.mobileNumber)) }),
    outcome: (output) => ({ issuerRef: text(output.registrationId) }),
  },
  'otp.resendSms': registrationStep('DIGITAL_OTP_SMS_RESEND'),
  'otp.verifySms': registrationStep('DIGITAL_OTP_SMS_VERIFY'),
  'otp.issueAppCode': registrationStep('DIGITAL_OTP_APP_CODE'),
  'otp.cancel': registrationStep('DIGITAL_OTP_CANCEL'),
  'otp.checkOtp': { job: 'OTP_CHECK', facts: (input) => ({ device: text(input.deviceId) }) },
  'card.lookup': { job: 'CARD_LOOKUP', facts: (input, known) => ({ ...known.customer(input.customerRef), device: card(input) }) },
  'card.enroll': {
    job: 'CARD_ISSUE',
    jobOf: (input) => (input.action === 'ISSUE' ? 'CARD_ISSUE' : 'CARD_REGISTER'),
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: card(input) }),
    outcome: (output) => ({ issuerRef: text(output.deviceId) }),
  },
  'approval.request': {
    job: 'SUPERVISOR_APPROVAL',
    facts: (input, known) => {
      const request = input.request as { action: string; deviceId: string };
      return { ...known.customer(input.customerRef), device: request.deviceId, supervisorId: text(input.supervisorId) };
    },
    outcome: (output) => ({ supervisorId: text(output.supervisorId) }),
  },
  'device.unlock': supervised('DEVICE_UNLOCK'),
  'device.releaseLoss': supervised('LOSS_RELEASE'),
  'journal.reprint': { job: 'SLIP_REPRINT', outcome: (output) => ({ issuerRef: `#${String(output.seq)}` }) },
  'journal.exportCsv': { job: 'JOURNAL_EXPORT' },
};

function registrationStep(job: JobName): JobSpec {
  return {
    job,
    facts: (input, known) => known.registration(input.registrationId),
    outcome: (_output, input) => ({ issuerRef: text(input.registrationId) }),
  };
}

function supervised(job: JobName): JobSpec {
  return {
    job,
    facts: (input, known) => ({
      ...known.customer(input.customerRef),
      device: text(input.deviceId),
      supervisorId: known.supervisorOf(input.approvalToken),
    }),
  };
}

/**
 * The router's journal: every job is written as PENDING before its handler calls the issuer and
 * settled after with its result code, so nothing happens at the issuer without an entry. Customer
 * data is masked before it is written; the full RRN and mobile number never reach the journal.
 */
export class JobJournal implements CallAudit {
  /** customerRef → masked customer, learned from identity checks. */
  private readonly customers = new Map<string, string>();
  /** registrationId → the customer and masked number it was started for. */
  private readonly registrations = new Map<string, Partial<JobFacts> & { activated?: boolean }>();
  /** Entries this process has begun and not finished yet: in flight, not left by a crash. */
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly journal: Journal,
    private readonly deps: {
      /** The staff member of a locked console, for calls made while it is locked. */
      lockedStaffId: () => string | null;
      supervisorOf: (approvalToken: string) => string | null;
      log: Log;
    },
  ) {}

  async run(channel: string, input: unknown, session: ActiveSession | null, handler: () => Promise<unknown>): Promise<unknown> {
    const spec = JOBS[channel];
    if (channel === 'otp.status') return this.watchActivation(input as Input, session, handler);
    if (!spec) return handler();
    const fields = input as Input;
    const job = spec.jobOf?.(fields) ?? spec.job;
    const facts: JobFacts = {
      job,
      tellerId: this.tellerOf(session),
      idempotencyKey: text(fields.idempotencyKey),
      ...spec.facts?.(fields, this.known()),
    };
    return this.around(facts, async () => {
      const output = (await handler()) as Output;
      this.learn(channel, fields, output);
      return { output, outcome: spec.outcome?.(output, fields) ?? {} };
    });
  }

  refused(channel: string, session: ActiveSession | null, code: string): void {
    const spec = JOBS[channel];
    if (!spec) return;
    // The input was not valid, so nothing of it is written: it may hold personal data in any field.
    this.journal.record({ job: spec.job, tellerId: this.tellerOf(session) }, { result: code });
  }

  /** A job the console does on its own (cancelling a taken-over teller's open registration). */
  async job<T>(facts: JobFacts, work: () => Promise<T>): Promise<T> {
    return this.around(facts, async () => ({ output: await work(), outcome: {} }));
  }

  /** A job with no issuer call in it: one entry. */
  event(facts: JobFacts, result = 'OK', outcome: Omit<JobOutcome, 'result'> = {}): void {
    this.journal.record(facts, { result, ...outcome });
  }

  /** Facts about a registration, for a job the console does on its own. */
  registrationFacts(registrationId: string): Partial<JobFacts> {
    return this.registrations.get(registrationId) ?? {};
  }

  /** Whether this process has begun the entry and not finished it: in flight, not left by a crash. */
  isInFlight(seq: number): boolean {
    return this.inFlight.has(seq);
  }

  private async around<T>(facts: JobFacts, work: () => Promise<{ output: T; outcome: Partial<JobOutcome> }>): Promise<T> {
    // No entry, no job: if the journal cannot be written, the issuer is not called.
    const seq = this.journal.begin(facts);
    this.inFlight.add(seq);
    let done: { output: T; outcome: Partial<JobOutcome> };
    try {
      done = await work();
    } catch (error) {
      this.finish(seq, { result: resultCodeOf(error) });
      throw error;
    }
    this.finish(seq, { result: 'OK', ...done.outcome });
    return done.output;
  }

  /** A failed completion leaves the entry PENDING; the next start settles it with the issuer. */
  private finish(seq: number, outcome: JobOutcome): void {
    this.inFlight.delete(seq);
    try {
      this.journal.finish(seq, outcome);
    } catch (error) {
      this.deps.log(`journal entry #${seq} could not be completed: ${(error as Error).message}`);
    }
  }

  /**
   * The console polls a registration while the customer types the code into the app; the first
   * answer that says ACTIVATED is the job's end, and is journaled once.
   */
  private async watchActivation(input: Input, session: ActiveSession | null, handler: () => Promise<unknown>): Promise<unknown> {
    const output = (await handler()) as Output;
    const registrationId = String(input.registrationId);
    const facts = this.registrations.get(registrationId);
    if (output.status === 'ACTIVATED' && facts && !facts.activated) {
      this.registrations.set(registrationId, { ...facts, activated: true });
      const { activated: _seen, ...known } = facts;
      this.event({ job: 'DIGITAL_OTP_ACTIVATED', tellerId: this.tellerOf(session), ...known }, 'OK', {
        issuerRef: registrationId,
        device: text(output.deviceId),
      });
    }
    return output;
  }

  private learn(channel: string, input: Input, output: Output): void {
    if (channel === 'customer.identify') {
      const customer = output.customer as { customerRef: string; name: string; maskedRrn: string } | undefined;
      if (customer) this.customers.set(customer.customerRef, `${maskName(customer.name)} ${customer.maskedRrn}`);
    }
    if (channel === 'otp.start' && typeof output.registrationId === 'string') {
      this.registrations.set(output.registrationId, {
        ...this.known().customer(input.customerRef),
        device: maskedMobileOf(String(input.mobileNumber)),
      });
    }
  }

  private known(): KnownFacts {
    return {
      customer: (customerRef) => ({ customerRef: customerRef ?? null, customer: (customerRef && this.customers.get(customerRef)) || null }),
      registration: (registrationId) => (registrationId && this.registrations.get(registrationId)) || {},
      supervisorOf: (token) => (typeof token === 'string' ? this.deps.supervisorOf(token) : null),
    };
  }

  private tellerOf(session: ActiveSession | null): string | null {
    return session?.staffId ?? this.deps.lockedStaffId();
  }
}

/** The result code a failed job is journaled with. */
export function resultCodeOf(error: unknown): string {
  if (error instanceof ConsoleError || error instanceof IssuerError) return error.code;
  return 'INTERNAL';
}
