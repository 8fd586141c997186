import { z } from 'zod';
import { ConsoleStatusSchema } from './status.js';
import { LoginInputSchema, StaffSessionSchema, UnlockConsoleInputSchema } from './staff.js';
import { JournalJobSchema, JournalQuerySchema } from './journal.js';
import { ApprovalInputSchema, ApprovalOutputSchema, DeviceUnlockInputSchema, LossReleaseInputSchema } from './supervisor.js';
import { LocaleSchema, PreferencesSchema } from './preferences.js';
import {
  AppActivationResponseSchema,
  AppAuthenticateResponseSchema,
  AppCodeResponseSchema,
  AppOtpResponseSchema,
  ClockResponseSchema,
  DeviceSchema,
  RegistrationResponseSchema,
  ResetResponseSchema,
  SmsOutboxResponseSchema,
  SmsSentResponseSchema,
} from '../issuer-api/schemas.js';
import { AppRegistrationCodeSchema, IdSchema, MobileNumberSchema, OtpSchema } from '../issuer-api/domain.js';
import { OtpCheckInputSchema, RegistrationActionInputSchema, StartRegistrationInputSchema, VerifySmsInputSchema } from './registration.js';
import {
  CardEnrollInputSchema,
  CardLookupInputSchema,
  CardLookupOutputSchema,
  IdentifyInputSchema,
  IdentifyOutputSchema,
  ReportLossInputSchema,
  ReportLossOutputSchema,
} from './customer.js';

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

const NoInput = z.object({}).strict();

/**
 * The IPC contract: every channel the renderer may call, declared once. The Electron preload, the
 * browser host and the router in main/ are all generated from this table.
 */
export const contract = {
  'status.get': channel('public', NoInput, ConsoleStatusSchema),
  'preferences.get': channel('public', NoInput, PreferencesSchema),
  'preferences.setLocale': channel('public', z.object({ locale: LocaleSchema }).strict(), PreferencesSchema),
  'staff.current': channel('public', NoInput, StaffSessionSchema.nullable()),
  'staff.login': channel('public', LoginInputSchema, StaffSessionSchema),
  'staff.logout': channel('staff', NoInput, z.object({ loggedOut: z.literal(true) })),
  // Idle lock: `staff.lock` works on a live session; `staff.unlockConsole` on a locked one (the router lets it through).
  'staff.lock': channel('staff', NoInput, StaffSessionSchema),
  'staff.unlockConsole': channel('public', UnlockConsoleInputSchema, StaffSessionSchema),

  // Supervisor override at the teller's console: the issuer checks the supervisor, the teller's
  // session asks. The approved actions then run in the teller's session with the approval token.
  'approval.request': channel('staff', ApprovalInputSchema, ApprovalOutputSchema),
  'device.unlock': channel('supervisor', DeviceUnlockInputSchema, DeviceSchema),
  'device.releaseLoss': channel('supervisor', LossReleaseInputSchema, DeviceSchema),

  'journal.list': channel('staff', JournalQuerySchema, z.array(JournalJobSchema)),
  'journal.reprint': channel('staff', z.object({ seq: z.number().int().positive() }).strict(), JournalJobSchema),
  // The audit export is a supervisor's: it takes every customer of the day off the terminal.
  'journal.exportCsv': channel('supervisor', JournalQuerySchema, z.object({ fileName: z.string(), csv: z.string() })),

  'customer.identify': channel('staff', IdentifyInputSchema, IdentifyOutputSchema),
  'device.reportLoss': channel('staff', ReportLossInputSchema, ReportLossOutputSchema),
  'otp.start': channel('staff', StartRegistrationInputSchema, SmsSentResponseSchema),
  'otp.resendSms': channel('staff', RegistrationActionInputSchema, SmsSentResponseSchema),
  'otp.verifySms': channel('staff', VerifySmsInputSchema, z.object({ status: z.literal('SMS_VERIFIED') })),
  'otp.issueAppCode': channel('staff', RegistrationActionInputSchema, AppCodeResponseSchema),
  'otp.status': channel('staff', z.object({ registrationId: IdSchema }).strict(), RegistrationResponseSchema),
  'otp.cancel': channel('staff', RegistrationActionInputSchema, z.object({ registrationId: z.string(), status: z.literal('CANCELLED') })),
  'otp.checkOtp': channel('staff', OtpCheckInputSchema, z.object({ ok: z.literal(true) })),
  'card.lookup': channel('staff', CardLookupInputSchema, CardLookupOutputSchema),
  'card.enroll': channel('staff', CardEnrollInputSchema, DeviceSchema),
  'customer.devices': channel('staff', z.object({ customerRef: IdSchema }).strict(), z.array(DeviceSchema)),

  // Training mode only: the sandbox plays the customer's phone, so a trainer can walk a job alone.
  'training.smsOutbox': channel('staff', z.object({ mobileNumber: MobileNumberSchema }).strict(), SmsOutboxResponseSchema),
  'training.activateApp': channel(
    'staff',
    z.object({ appRegistrationCode: AppRegistrationCodeSchema, rooted: z.boolean().default(false) }).strict(),
    AppActivationResponseSchema.pick({ deviceId: true }),
  ),
  'training.currentOtp': channel('staff', z.object({ deviceId: IdSchema }).strict(), AppOtpResponseSchema),
  'training.useOtp': channel(
    'staff',
    z.object({ deviceId: IdSchema, otp: OtpSchema }).strict(),
    AppAuthenticateResponseSchema,
  ),
  'training.advanceClock': channel('staff', z.object({ minutes: z.number().int().positive().max(24 * 60) }).strict(), ClockResponseSchema),
  'training.reset': channel('staff', NoInput, ResetResponseSchema),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const CHANNELS = Object.keys(contract) as Channel[];
