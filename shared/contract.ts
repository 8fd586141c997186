import { z } from 'zod';
import {
  AppRegistrationCodeSchema,
  IdempotencyKeySchema,
  IdSchema,
  MaskedMobileSchema,
  MobileNumberSchema,
  OtpSchema,
  SerialSchema,
  SmsCodeSchema,
  TokenSchema,
  VendorCodeSchema,
} from '../issuer-api/domain.js';
import {
  AppActivationResponseSchema,
  AppAuthenticateResponseSchema,
  AppCodeResponseSchema,
  AppOtpResponseSchema,
  ApprovalResponseSchema,
  CardLookupResponseSchema,
  PendingActivationsResponseSchema,
  ClockResponseSchema,
  DayEndReopenRequestSchema,
  DayEndReopenResponseSchema,
  DayEndRequestSchema,
  DayEndResponseSchema,
  DeviceSchema,
  FeeChargedSchema,
  FeeRequestSchema,
  FeesResponseSchema,
  IdentityCheckRequestSchema,
  LossReasonSchema,
  MobileNumberChangeResponseSchema,
  NotifiedDeviceResponseSchema,
  RegistrationResponseSchema,
  ReplacementReasonSchema,
  ResetResponseSchema,
  RestrictedDevicesResponseSchema,
  SmsOutboxResponseSchema,
  SmsSentResponseSchema,
  StockCountResponseSchema,
  StockDisposalRequestSchema,
  StockDisposalResponseSchema,
  StockReceiptResponseSchema,
  StockResponseSchema,
  TerminationReasonSchema,
  UnlockRequestSchema,
} from '../issuer-api/schemas.js';
import { IdentifyOutputSchema, ReplaceCardOutputSchema, ReportLossOutputSchema, TerminateOutputSchema } from './customer.js';
import { DaySummarySchema, UnsettledExplanationSchema } from './day-end.js';
import { StockCountCardsSchema, StockReceiptInputSchema } from './stock.js';
import { JournalJobSchema, JournalPageSchema, JournalQuerySchema } from './journal.js';
import { LocaleSchema, PreferencesViewSchema } from './preferences.js';
import { ConfigurationViewSchema } from './configuration.js';
import { ConsoleStatusSchema, JournalIntegritySchema } from './status.js';
import { PasswordSchema, StaffIdSchema, StaffSessionSchema } from './staff.js';
import { ApprovedRequestSchema } from './supervisor.js';

/**
 * Who may call a channel. `public` works before login (login screen, status bar); `staff` needs
 * any live staff session; `supervisor` needs a session whose role is SUPERVISOR, or a teller's
 * session carrying a supervisor's approval that this console obtained for that action (dual control
 * at the counter; the issuer then checks the approval against the exact request).
 */
export type Access = 'public' | 'staff' | 'supervisor';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

const channel = <I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O) =>
  ({ access, input, output }) satisfies ChannelDef<I, O>;

/** A channel's input: its fields, strict (an unknown field is refused, never passed on). */
const input = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.object(shape).strict();
const NoInput = input({});

/**
 * Every action that changes something at the issuer carries an idempotency key made once per
 * action by the renderer and sent again on a retry, so a retry never registers, sends or unlocks
 * twice. Channels are named `<area>.<action>`; their input and output schemas are declared here
 * and nowhere else (code refers to them as `ChannelArgs<'otp.start'>`, `ChannelOutput<…>`).
 */
const Key = IdempotencyKeySchema;
const Card = { customerRef: IdSchema, vendorCode: VendorCodeSchema, serial: SerialSchema };
const Registration = { registrationId: IdSchema, idempotencyKey: Key };

/**
 * The IPC contract: every channel the renderer may call, declared once. The Electron preload, the
 * browser host and the router in main/ are all generated from this table.
 */
export const contract = {
  'status.get': channel('public', NoInput, ConsoleStatusSchema),
  // The configuration and each value's source: IT reads it at the counter, even before a login.
  'config.get': channel('public', NoInput, ConfigurationViewSchema),
  'preferences.get': channel('public', NoInput, PreferencesViewSchema),
  'preferences.setLocale': channel('public', input({ locale: LocaleSchema }), PreferencesViewSchema),
  'staff.current': channel('public', NoInput, StaffSessionSchema.nullable()),
  'staff.login': channel('public', input({ staffId: StaffIdSchema, password: PasswordSchema }), StaffSessionSchema),
  'staff.logout': channel('staff', NoInput, z.object({ loggedOut: z.literal(true) })),
  // Idle lock: `staff.lock` works on a live session; `staff.unlockConsole` on a locked one (the
  // router lets it through) with the password of the staff member who locked it.
  'staff.lock': channel('staff', NoInput, StaffSessionSchema),
  'staff.unlockConsole': channel('public', input({ password: PasswordSchema }), StaffSessionSchema),
  // The teller is typing or clicking: the renderer says so (throttled), since main keeps the idle lock.
  'staff.activity': channel('staff', NoInput, z.object({ idleLockSeconds: z.number().int().positive() })),

  // Supervisor override at the teller's console: the override dialog sends a supervisor's ID and
  // password for one named request (of this customer, or the branch's own: stock, day-end); the
  // issuer checks the supervisor. The approved actions then run in the teller's session with the
  // approval token.
  'approval.request': channel(
    'staff',
    input({ customerRef: IdSchema.optional(), supervisorId: StaffIdSchema, password: PasswordSchema, request: ApprovedRequestSchema }),
    ApprovalResponseSchema,
  ),
  // Unlock a RESTRICTED device: the visit's identity check and a reason.
  'device.unlock': channel(
    'supervisor',
    input({
      customerRef: IdSchema,
      deviceId: IdSchema,
      reason: UnlockRequestSchema.shape.reason,
      identityCheckId: IdSchema,
      approvalToken: TokenSchema,
      idempotencyKey: Key,
    }),
    NotifiedDeviceResponseSchema,
  ),
  // Release a loss report: the device was found.
  'device.releaseLoss': channel(
    'supervisor',
    input({ customerRef: IdSchema, deviceId: IdSchema, approvalToken: TokenSchema, idempotencyKey: Key }),
    NotifiedDeviceResponseSchema,
  ),

  'journal.list': channel('staff', JournalQuerySchema, JournalPageSchema),
  'journal.reprint': channel('staff', input({ seq: z.number().int().positive() }), JournalJobSchema),
  // The audit export is a supervisor's: it takes every customer of the day off the terminal.
  'journal.exportCsv': channel('supervisor', JournalQuerySchema, z.object({ fileName: z.string(), csv: z.string() })),
  // The journal against the issuer's witness, now (it is also checked at start and at login).
  'journal.checkIntegrity': channel('staff', NoInput, JournalIntegritySchema),
  // Only a supervisor's own session: the alarm stops every job until one has looked at it.
  'journal.acknowledgeAlarm': channel(
    'supervisor',
    NoInput,
    JournalIntegritySchema.extend({ acknowledgement: z.object({ reference: z.string(), supervisorId: StaffIdSchema }) }),
  ),

  // The identity check as the teller types it: the issuer's request, with the same rules.
  'customer.identify': channel('staff', IdentityCheckRequestSchema, IdentifyOutputSchema),
  'customer.devices': channel('staff', input({ customerRef: IdSchema }), z.array(DeviceSchema)),
  'device.reportLoss': channel(
    'staff',
    input({
      customerRef: IdSchema,
      deviceId: IdSchema,
      reason: LossReasonSchema,
      note: z.string().trim().max(200).optional(),
      idempotencyKey: Key,
    }),
    ReportLossOutputSchema,
  ),
  // OTP 해지: the holder, identified at this visit, ends a device here (a Digital OTP everywhere).
  'device.terminate': channel(
    'staff',
    input({
      customerRef: IdSchema,
      deviceId: IdSchema,
      identityCheckId: IdSchema,
      reason: TerminationReasonSchema,
      note: z.string().trim().max(200).optional(),
      idempotencyKey: Key,
    }),
    TerminateOutputSchema,
  ),
  // 휴대폰 번호 변경: a number typed in full is added, or takes the place of a masked one on record.
  'customer.changeMobile': channel(
    'staff',
    input({ customerRef: IdSchema, identityCheckId: IdSchema, mobileNumber: MobileNumberSchema, replaces: MaskedMobileSchema.optional(), idempotencyKey: Key }),
    MobileNumberChangeResponseSchema,
  ),
  // The fee table and its waiver reasons, as the issuer has them today.
  'fees.get': channel('staff', NoInput, FeesResponseSchema),

  // Digital OTP registration. `mobileNumber` is a masked number on record as chosen, or one typed in full.
  'otp.start': channel(
    'staff',
    input({ customerRef: IdSchema, identityCheckId: IdSchema, mobileNumber: z.union([MaskedMobileSchema, MobileNumberSchema]), idempotencyKey: Key }),
    SmsSentResponseSchema,
  ),
  'otp.resendSms': channel('staff', input(Registration), SmsSentResponseSchema),
  'otp.verifySms': channel('staff', input({ ...Registration, code: SmsCodeSchema }), z.object({ status: z.literal('SMS_VERIFIED') })),
  'otp.issueAppCode': channel('staff', input(Registration), AppCodeResponseSchema),
  'otp.status': channel('staff', input({ registrationId: IdSchema }), RegistrationResponseSchema),
  'otp.cancel': channel('staff', input(Registration), z.object({ registrationId: z.string(), status: z.literal('CANCELLED') })),
  'otp.checkOtp': channel('staff', input({ deviceId: IdSchema, otp: OtpSchema }), z.object({ ok: z.literal(true) })),

  // Smart OTP card: look up a tapped or typed card, then issue it from stock or register it.
  // Without a customer (a card tapped between customers) the answer says nothing of its holder.
  'card.lookup': channel(
    'staff',
    input({ ...Card, customerRef: IdSchema.optional() }),
    CardLookupResponseSchema.extend({ ourInstitutionCode: z.string() }),
  ),
  'card.enroll': channel(
    'staff',
    input({ ...Card, identityCheckId: IdSchema, action: z.enum(['ISSUE', 'REGISTER']), idempotencyKey: Key }),
    // An issuance charges the fee table's amount (waivers are a replacement's).
    NotifiedDeviceResponseSchema.extend({ fee: FeeChargedSchema.optional() }),
  ),
  // 교체 발급: a card from stock replaces the customer's card registered here. A fee waived at the
  // supervisor's discretion carries their approval for exactly this request (FEE_WAIVER).
  'card.replace': channel(
    'staff',
    input({
      ...Card,
      identityCheckId: IdSchema,
      oldDeviceId: IdSchema,
      reason: ReplacementReasonSchema,
      fee: FeeRequestSchema,
      approvalToken: TokenSchema.optional(),
      idempotencyKey: Key,
    }),
    ReplaceCardOutputSchema,
  ),

  // 마감: the terminal's business day (ISSUER-API.md v1.1 "the branch"). The summary is read from
  // the journal; `prepare` has the issuer witness the journal's head and answers the close request
  // at it, which a supervisor approves as it stands; `close` sends it with that approval.
  'dayEnd.summary': channel('staff', NoInput, DaySummarySchema),
  'dayEnd.prepare': channel(
    'staff',
    input({ unsettledExplanation: UnsettledExplanationSchema.optional() }),
    DayEndRequestSchema.extend({ summary: DaySummarySchema }),
  ),
  'dayEnd.close': channel('supervisor', input({ close: DayEndRequestSchema, approvalToken: TokenSchema, idempotencyKey: Key }), DayEndResponseSchema),
  'dayEnd.reopen': channel(
    'supervisor',
    input({ reason: DayEndReopenRequestSchema.shape.reason, approvalToken: TokenSchema, idempotencyKey: Key }),
    DayEndReopenResponseSchema,
  ),

  // ---- the branch's card stock (ISSUER-API.md v1.1 "the branch"). A receipt and a disposal run on a
  // supervisor's approval of exactly that request (STOCK_RECEIPT, STOCK_DISPOSAL); the list is the
  // branch's IN_STOCK cards, newest first; a count is recorded at the issuer and journaled with its tally.
  'stock.list': channel('staff', NoInput, StockResponseSchema),
  'stock.receive': channel('supervisor', input({ receipt: StockReceiptInputSchema, approvalToken: TokenSchema, idempotencyKey: Key }), StockReceiptResponseSchema),
  'stock.count': channel('staff', input({ cards: StockCountCardsSchema, idempotencyKey: Key }), StockCountResponseSchema),
  'stock.dispose': channel('supervisor', input({ disposal: StockDisposalRequestSchema, approvalToken: TokenSchema, idempotencyKey: Key }), StockDisposalResponseSchema),

  // ---- worklists of the home screen: what the branch has left to follow up (names and numbers masked).
  'worklist.pendingActivations': channel('staff', NoInput, PendingActivationsResponseSchema),
  'worklist.restrictedDevices': channel('staff', NoInput, RestrictedDevicesResponseSchema),

  // Training mode only: the sandbox plays the customer's phone, so a trainer can walk a job alone.
  // The phone of the registration under way (or of a number typed in full, for tests and a second
  // counter); its number comes back masked: the console shows no full number.
  'training.smsOutbox': channel(
    'staff',
    z.union([input({ registrationId: IdSchema }), input({ mobileNumber: MobileNumberSchema })]),
    z.object({ maskedMobile: MaskedMobileSchema, messages: z.array(SmsOutboxResponseSchema.shape.messages.element.omit({ mobileNumber: true })) }),
  ),
  'training.activateApp': channel(
    'staff',
    input({ appRegistrationCode: AppRegistrationCodeSchema, rooted: z.boolean().default(false) }),
    AppActivationResponseSchema.pick({ deviceId: true }),
  ),
  'training.currentOtp': channel('staff', input({ deviceId: IdSchema }), AppOtpResponseSchema),
  'training.useOtp': channel('staff', input({ deviceId: IdSchema, otp: OtpSchema }), AppAuthenticateResponseSchema),
  // The sandbox clock, which advanceClock moves ahead of the wall clock: the training phone counts down on it.
  'training.clock': channel('staff', NoInput, ClockResponseSchema),
  'training.advanceClock': channel('staff', input({ minutes: z.number().int().positive().max(24 * 60) }), ClockResponseSchema),
  'training.reset': channel('staff', NoInput, ResetResponseSchema),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What the renderer sends. */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives: the input after the contract parsed and normalised it. */
export type ChannelArgs<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const CHANNELS = Object.keys(contract) as Channel[];
