import { maskedMobileOf, maskName, maskRrn, maskSerial } from '../../issuer-api/domain.js';
import type { Channel } from '../../shared/contract.js';
import { stockTallyText } from '../../shared/day-end.js';
import { serialRangeText } from '../../shared/stock.js';
import type { Device } from '../../issuer-api/schemas.js';
import type { JobName } from '../../shared/journal.js';
import type { Handlers } from '../app/router.js';
import type { JobOutcome } from './journal.js';
import type { KnownFacts, SessionFacts } from './session-facts.js';

/**
 * How every channel of the contract is journaled, declared once. The table is typed over the
 * contract's channel list, so a new channel without a decision does not compile, and each entry's
 * functions get that channel's own input and output. The writer (job-journal.ts) applies it.
 */

// The input as the router hands it to the handler (parsed) and the output as the handler answers it:
// the journal wraps the handler, so this is what it sees.
type In<C extends Channel> = Parameters<Handlers[C]>[0];
type Out<C extends Channel> = Awaited<ReturnType<Handlers[C]>>;

/** What an entry's facts may be drawn from besides the call: earlier answers of this session. */
export interface Known {
  customer(customerRef: string): KnownFacts;
  registration(registrationId: string): KnownFacts | undefined;
  /** The supervisor who gave an approval this console holds. */
  supervisorOf(approvalToken: string): string | null;
}

/**
 * A job: written PENDING before its handler calls the issuer and completed after with the result
 * code; a call refused before its handler (bad input, no session, wrong role) is one entry with
 * the refusal's code and nothing of its input. The facts must be masked already.
 */
export interface JobJournaling<I, O> {
  kind: 'job';
  job: JobName;
  /** When the input names the job more precisely (issue or register a card). */
  jobOf?: (input: I) => JobName;
  facts?: (input: I, known: Known) => KnownFacts & { tellerId?: string };
  outcome?: (output: O, input: I) => Partial<JobOutcome>;
  /** What later entries of this session may say of this answer. */
  remember?: (output: O, input: I, facts: SessionFacts) => void;
  /**
   * Runs while the journal-integrity alarm stands (integrity.ts): staff coming and going, a slip
   * or the export for whoever looks into it, the acknowledgement. Every other job waits.
   */
  duringAlarm?: true;
}

/**
 * A read the console polls while a job finishes elsewhere (on the customer's phone): the first
 * answer that shows it done is journaled once, as one entry of `job`.
 */
export interface WatchJournaling<I, O> {
  kind: 'watch';
  job: JobName;
  /** The finished job the answer shows, keyed to be journaled once; null while there is none of this session's. */
  seen: (output: O, input: I, known: Known) => { once: string; facts: KnownFacts; outcome: Omit<JobOutcome, 'result'> } | null;
}

/** Not the counter's work at the issuer, with why. */
export interface NotJournaled<O = unknown> {
  kind: 'not journaled';
  why: string;
  /** A read whose answer names what later entries of this session may say (a worklist's registrations). */
  remember?: (output: O, facts: SessionFacts) => void;
}

export type Journaling<C extends Channel> = JobJournaling<In<C>, Out<C>> | WatchJournaling<In<C>, Out<C>> | NotJournaled<Out<C>>;

/** Every channel, and only those, with its decision: the compiler holds the table to the contract. */
export type JournalingTable = { [C in Channel]: Journaling<C> };

const notJournaled = (why: string): NotJournaled => ({ kind: 'not journaled', why });
const READ = notJournaled('a read: it changes nothing at the issuer or the counter');
const DISPLAY = notJournaled("the console's display language: no customer, no issuer");
const TRAINING_PHONE = notJournaled("the training phone plays the customer's phone, which is not the counter's work");

const card = (input: { vendorCode: string; serial: string }) => `${input.vendorCode}/${maskSerial(input.serial)}`;

/**
 * A device as the job's answer shows it, masked (`010-****-5678`, `003/3000****0004`): what an
 * auditor reads. The PENDING entry written before the call keeps the device ID the teller chose.
 */
const maskedDevice = (device: Device) =>
  device.maskedMobile ?? (device.vendorCode && device.maskedSerial ? `${device.vendorCode}/${device.maskedSerial}` : device.deviceId);

/** A step of a Digital OTP registration: its customer and number come from the registration's start. */
const registrationStep = (job: JobName): JobJournaling<{ registrationId: string }, unknown> => ({
  kind: 'job',
  job,
  facts: (input, known) => known.registration(input.registrationId) ?? {},
  outcome: (_output, input) => ({ issuerRef: input.registrationId }),
});

/** An action run on a supervisor's approval: the supervisor is the one who gave it. */
const supervised = (job: JobName): JobJournaling<{ customerRef: string; deviceId: string; approvalToken: string }, unknown> => ({
  kind: 'job',
  job,
  facts: (input, known) => ({
    ...known.customer(input.customerRef),
    device: input.deviceId,
    supervisorId: known.supervisorOf(input.approvalToken),
  }),
});

const registrationStart = (input: In<'otp.start'>, known: Pick<Known, 'customer'>): KnownFacts => ({
  ...known.customer(input.customerRef),
  device: maskedMobileOf(input.mobileNumber),
});

export const JOURNALING: JournalingTable = {
  'status.get': READ,
  'config.get': READ,
  'preferences.get': READ,
  'preferences.setLocale': DISPLAY,
  'staff.current': READ,
  // Staff events are jobs too: who was at the counter matters to an audit.
  'staff.login': { kind: 'job', job: 'STAFF_LOGIN', facts: (input) => ({ tellerId: input.staffId }), duringAlarm: true },
  'staff.logout': { kind: 'job', job: 'STAFF_LOGOUT', duringAlarm: true },
  'staff.lock': { kind: 'job', job: 'SESSION_LOCKED', duringAlarm: true },
  // A keep-alive many times a minute: the jobs it keeps open are journaled, it is not.
  'staff.activity': READ,
  'staff.unlockConsole': { kind: 'job', job: 'SESSION_UNLOCKED', duringAlarm: true },

  'approval.request': {
    kind: 'job',
    job: 'SUPERVISOR_APPROVAL',
    facts: (input, known) => ({
      ...(input.customerRef && known.customer(input.customerRef)),
      device: 'deviceId' in input.request ? input.request.deviceId : null,
      supervisorId: input.supervisorId,
    }),
    outcome: (output) => ({ supervisorId: output.supervisorId }),
  },
  'device.unlock': supervised('DEVICE_UNLOCK'),
  'device.releaseLoss': supervised('LOSS_RELEASE'),

  'journal.list': READ,
  // The reference of a reprint is the transaction whose receipt was printed again.
  'journal.reprint': { kind: 'job', job: 'SLIP_REPRINT', outcome: (output) => ({ issuerRef: output.receiptNo }), duringAlarm: true },
  'journal.exportCsv': { kind: 'job', job: 'JOURNAL_EXPORT', duringAlarm: true },
  'journal.checkIntegrity': notJournaled('a check: it changes nothing, and what it finds goes to the log and the status bar'),
  // The supervisor is the staff member of the session; the alarm's reference keeps it acknowledged at later starts.
  'journal.acknowledgeAlarm': {
    kind: 'job',
    job: 'JOURNAL_ALARM_ACKNOWLEDGED',
    outcome: ({ acknowledgement }) => ({ issuerRef: acknowledgement.reference, supervisorId: acknowledgement.supervisorId }),
    duringAlarm: true,
  },

  'customer.identify': {
    kind: 'job',
    job: 'IDENTITY_CHECK',
    facts: (input) => ({ customer: `${maskName(input.name)} ${maskRrn(input.rrn)}` }),
    outcome: (output) => ({ result: output.result === 'VERIFIED' ? 'OK' : output.result, issuerRef: output.checkId }),
    remember: ({ customer }, _input, facts) => {
      if (customer) facts.rememberCustomer(customer.customerRef, `${maskName(customer.name)} ${customer.maskedRrn}`);
    },
  },
  'device.reportLoss': {
    kind: 'job',
    job: 'LOSS_REPORT',
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: input.deviceId }),
    outcome: (output) => ({ issuerRef: output.reportRef, device: maskedDevice(output.device) }),
  },
  'device.terminate': {
    kind: 'job',
    job: 'DEVICE_TERMINATION',
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: input.deviceId }),
    outcome: (output) => ({ issuerRef: output.deviceId, device: maskedDevice(output.device) }),
  },
  // The new number, masked: the journal keeps no full number.
  'customer.changeMobile': {
    kind: 'job',
    job: 'MOBILE_NUMBER_CHANGE',
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: maskedMobileOf(input.mobileNumber) }),
  },
  'fees.get': READ,
  'otp.start': {
    kind: 'job',
    job: 'DIGITAL_OTP_START',
    facts: registrationStart,
    outcome: (output) => ({ issuerRef: output.registrationId }),
    remember: (output, input, facts) => facts.rememberRegistration(output.registrationId, registrationStart(input, facts)),
  },
  'otp.resendSms': registrationStep('DIGITAL_OTP_SMS_RESEND'),
  'otp.verifySms': registrationStep('DIGITAL_OTP_SMS_VERIFY'),
  'otp.issueAppCode': registrationStep('DIGITAL_OTP_APP_CODE'),
  // Polled while the customer types the app registration code: activation happens on the phone.
  'otp.status': {
    kind: 'watch',
    job: 'DIGITAL_OTP_ACTIVATED',
    seen: (output, input, known) => {
      const registration = known.registration(input.registrationId);
      if (output.status !== 'ACTIVATED' || !registration) return null;
      return { once: input.registrationId, facts: registration, outcome: { issuerRef: input.registrationId, device: output.deviceId ?? null } };
    },
  },
  'otp.cancel': registrationStep('DIGITAL_OTP_CANCEL'),
  'otp.checkOtp': { kind: 'job', job: 'OTP_CHECK', facts: (input) => ({ device: input.deviceId }) },
  'card.lookup': {
    kind: 'job',
    job: 'CARD_LOOKUP',
    facts: (input, known) => ({ ...(input.customerRef && known.customer(input.customerRef)), device: card(input) }),
  },
  'card.enroll': {
    kind: 'job',
    job: 'CARD_ISSUE',
    jobOf: (input) => (input.action === 'ISSUE' ? 'CARD_ISSUE' : 'CARD_REGISTER'),
    facts: (input, known) => ({ ...known.customer(input.customerRef), device: card(input) }),
    // An issuance charges the table's fee; a registration of a card from elsewhere has none.
    outcome: (output) => ({ issuerRef: output.deviceId, ...(output.fee && { fee: { amount: output.fee.amount, waiverReason: null } }) }),
  },
  'card.replace': {
    kind: 'job',
    job: 'CARD_REPLACE',
    facts: (input, known) => ({
      ...known.customer(input.customerRef),
      device: card(input),
      supervisorId: input.approvalToken ? known.supervisorOf(input.approvalToken) : null,
    }),
    // The issuer's answer says whether the fee was waived; the reason is the one the teller sent.
    outcome: (output, input) => ({ issuerRef: output.deviceId, fee: { amount: output.fee.amount, waiverReason: input.fee.waiverReason ?? null } }),
  },
  'customer.devices': READ,
  // A registration cancelled from the worklist may be another session's: its entry names the
  // masked customer and number the worklist showed (what this session learned itself comes first).
  'worklist.pendingActivations': {
    ...READ,
    remember: (output: Out<'worklist.pendingActivations'>, facts: SessionFacts) => {
      for (const item of output.items) {
        if (!facts.registration(item.registrationId)) facts.rememberRegistration(item.registrationId, { customer: item.maskedName, device: item.maskedMobile });
      }
    },
  },
  'worklist.restrictedDevices': READ,

  'dayEnd.summary': READ,
  'dayEnd.prepare': notJournaled("has the issuer witness the journal's head and reads the summary: the close it prepares is journaled"),
  'dayEnd.close': {
    kind: 'job',
    job: 'DAY_END_CLOSE',
    facts: (input, known) => ({ supervisorId: known.supervisorOf(input.approvalToken) }),
    outcome: (output) => ({ issuerRef: output.closeRef }),
  },
  'dayEnd.reopen': {
    kind: 'job',
    job: 'DAY_END_REOPEN',
    facts: (input, known) => ({ supervisorId: known.supervisorOf(input.approvalToken) }),
    outcome: (output) => ({ issuerRef: output.closeRef }),
  },

  // The branch's card stock: no customer. A stock card has no holder, so its serial is written in full.
  'stock.list': READ,
  'stock.receive': {
    kind: 'job',
    job: 'STOCK_RECEIPT',
    facts: (input, known) => ({ device: serialRangeText(input.receipt), supervisorId: known.supervisorOf(input.approvalToken) }),
    outcome: (output) => ({ issuerRef: output.deliveryRef }),
  },
  // The day-end summary reads the day's last count back from this entry's text (stockTallyOf).
  'stock.count': {
    kind: 'job',
    job: 'STOCK_COUNT',
    outcome: (output) => ({
      issuerRef: output.countId,
      device: stockTallyText({ expected: output.expected, counted: output.counted, missing: output.missing.length, unexpected: output.unexpected.length }),
    }),
  },
  'stock.dispose': {
    kind: 'job',
    job: 'STOCK_DISPOSAL',
    facts: (input, known) => ({
      device: `${input.disposal.vendorCode} ${input.disposal.serial} ${input.disposal.reason}`,
      supervisorId: known.supervisorOf(input.approvalToken),
    }),
    outcome: (output) => ({ issuerRef: output.disposalRef }),
  },

  'training.smsOutbox': TRAINING_PHONE,
  'training.activateApp': TRAINING_PHONE,
  'training.currentOtp': TRAINING_PHONE,
  'training.useOtp': TRAINING_PHONE,
  'training.clock': TRAINING_PHONE,
  'training.advanceClock': TRAINING_PHONE,
  'training.reset': TRAINING_PHONE,
};

/** A decision as the writer holds it: for a channel it knows only at run time. */
export type AnyJournaling = JobJournaling<unknown, unknown> | WatchJournaling<unknown, unknown> | NotJournaled<unknown>;

/**
 * The decision for a channel named at run time, or undefined for a name outside the contract.
 * The router has parsed the call's input against that channel's schema before the writer asks,
 * so the entry's functions get the input they declare.
 */
export function journalingOf(channel: string): AnyJournaling | undefined {
  if (!Object.prototype.hasOwnProperty.call(JOURNALING, channel)) return undefined;
  return JOURNALING[channel as Channel] as AnyJournaling;
}
