import { z } from 'zod';
import {
  AppRegistrationCodeSchema,
  CalendarDateSchema,
  IdempotencyKeySchema,
  IdSchema as Id,
  InstitutionCodeSchema,
  MaskedMobileSchema,
  MaskedRrnSchema,
  MobileNumberSchema,
  OtpSchema,
  PersonNameSchema,
  RrnSchema,
  SerialSchema,
  SmsCodeSchema,
  TokenSchema,
  VendorCodeSchema,
} from './domain.js';
import { CodeSchema } from './rule-codes.js';

/**
 * The issuer API's request and response bodies (ISSUER-API.md), named by the call they belong to:
 * `…RequestSchema` is what the console sends, `…ResponseSchema` what the issuer answers.
 */

// ---------------------------------------------------------------- shared shapes

export const RoleSchema = z.enum(['TELLER', 'SUPERVISOR']);
export type Role = z.infer<typeof RoleSchema>;

const Timestamp = z.iso.datetime();

/** The terminal's identity, sent with every request as X-Institution-Code, X-Branch-Code, X-Terminal-Id. */
export const TerminalIdentitySchema = z.object({
  institutionCode: InstitutionCodeSchema,
  branchCode: z.string().regex(/^\d{4}$/),
  terminalId: z.string().min(1).max(32),
});
export type TerminalIdentity = z.infer<typeof TerminalIdentitySchema>;

export const DeviceKindSchema = z.enum(['DIGITAL_OTP', 'SMART_OTP']);
export const DeviceStatusSchema = z.enum(['PENDING', 'ACTIVE', 'RESTRICTED', 'LOST', 'REPLACED', 'REVOKED']);
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
/** Why a device was reported: a theft and a loss are told apart on the customer's record and slip. */
export const LossReasonSchema = z.enum(['LOST', 'STOLEN']);
export type LossReason = z.infer<typeof LossReasonSchema>;

export const DeviceSchema = z.object({
  deviceId: Id,
  kind: DeviceKindSchema,
  status: DeviceStatusSchema,
  failCount: z.number().int().nonnegative(),
  maxFail: z.number().int().positive(),
  institutionCode: InstitutionCodeSchema,
  registeredAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  maskedMobile: MaskedMobileSchema.optional(),
  vendorCode: VendorCodeSchema.optional(),
  maskedSerial: z.string().regex(/^\d{4}\*{4}\d{4}$/).optional(),
  /** Present while the device is LOST: what the report said. */
  lossReason: LossReasonSchema.optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

/**
 * Who the issuer texted about the job (ISSUER-API.md v1.1 "Notifications"): the customer's numbers
 * on record, masked. The text itself never carries a code, an RRN or a full number.
 */
export const NotifiedSchema = z.array(MaskedMobileSchema);
export type Notified = z.infer<typeof NotifiedSchema>;

export const RegistrationStatusSchema = z.enum(['SMS_SENT', 'SMS_VERIFIED', 'APP_CODE_ISSUED', 'ACTIVATED', 'EXPIRED', 'CANCELLED']);
export const CardStatusSchema = z.enum(['IN_STOCK', 'ACTIVE', 'LOST', 'REVOKED']);
export type CardStatus = z.infer<typeof CardStatusSchema>;
export const ApprovalActionSchema = z.enum([
  'DEVICE_UNLOCK',
  'LOSS_REPORT_RELEASE',
  'FEE_WAIVER',
  'STOCK_RECEIPT',
  'STOCK_DISPOSAL',
  'DAY_END_CLOSE',
  'DAY_END_REOPEN',
]);
export type ApprovalAction = z.infer<typeof ApprovalActionSchema>;

// ---------------------------------------------------------------- request and response bodies

export const HealthResponseSchema = z.object({ status: z.literal('ok'), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const StaffLoginRequestSchema = z.object({ staffId: z.string().min(1).max(16), password: z.string().min(1).max(128) }).strict();
export type StaffLoginRequest = z.infer<typeof StaffLoginRequestSchema>;

export const StaffLoginResponseSchema = z.object({
  token: TokenSchema,
  staffId: z.string(),
  name: z.string(),
  role: RoleSchema,
  expiresAt: Timestamp,
});
export type StaffLoginResponse = z.infer<typeof StaffLoginResponseSchema>;

export const ApprovalRequestSchema = z
  .object({
    supervisorId: z.string().min(1).max(16),
    password: z.string().min(1).max(128),
    action: ApprovalActionSchema,
    actionDigest: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export const ApprovalResponseSchema = z.object({ approvalToken: TokenSchema, supervisorId: z.string(), expiresAt: Timestamp });

export const DocumentTypeSchema = z.enum(['RESIDENT_CARD', 'DRIVER_LICENSE', 'PASSPORT']);
export const IdentityCheckRequestSchema = z
  .object({
    name: PersonNameSchema,
    rrn: RrnSchema,
    document: z.object({ type: DocumentTypeSchema, issueDate: CalendarDateSchema, number: z.string().trim().min(1).max(20).optional() }).strict(),
  })
  .strict();
export type IdentityCheckRequest = z.input<typeof IdentityCheckRequestSchema>;

export const CustomerTypeSchema = z.enum(['INDIVIDUAL', 'SOLE_PROPRIETOR']);
export const IdentityCheckResponseSchema = z.object({
  checkId: Id,
  result: z.enum(['VERIFIED', 'MISMATCH', 'DOCUMENT_REPORTED_LOST']),
  /** Present only when VERIFIED: the opaque reference every later call uses instead of the RRN. */
  customerRef: Id.optional(),
  customerType: CustomerTypeSchema.optional(),
  name: z.string(),
  maskedRrn: MaskedRrnSchema,
  mobileNumbers: z.array(MaskedMobileSchema),
});
export type IdentityCheckResponse = z.infer<typeof IdentityCheckResponseSchema>;

export const DevicesResponseSchema = z.object({ devices: z.array(DeviceSchema) });

/**
 * `mobileNumber` is a number typed in full, or one of the masked numbers the identity check
 * returned (`010-****-5678`), as the teller chose it: the console never holds the full number.
 */
export const StartRegistrationRequestSchema = z
  .object({ customerRef: Id, identityCheckId: Id, mobileNumber: z.union([MaskedMobileSchema, MobileNumberSchema]) })
  .strict();
export const SmsSentResponseSchema = z.object({
  registrationId: Id,
  status: z.literal('SMS_SENT'),
  smsExpiresAt: Timestamp,
  resendsLeft: z.number().int().nonnegative(),
});
export const SmsVerificationRequestSchema = z.object({ code: SmsCodeSchema }).strict();
export const SmsVerifiedResponseSchema = z.object({ status: z.literal('SMS_VERIFIED') });
export const AppCodeResponseSchema = z.object({ appRegistrationCode: AppRegistrationCodeSchema, expiresAt: Timestamp });
export const RegistrationResponseSchema = z.object({
  registrationId: Id,
  status: RegistrationStatusSchema,
  deviceId: Id.optional(),
  activatedAt: Timestamp.optional(),
  /** Once ACTIVATED: who was texted about the activation. */
  notified: NotifiedSchema.optional(),
});
export const CancelledResponseSchema = z.object({ registrationId: Id, status: z.literal('CANCELLED') });

export const OtpCheckRequestSchema = z.object({ otp: OtpSchema }).strict();
export const OtpCheckResponseSchema = z.object({ ok: z.literal(true) });

export const CardRequestSchema = z.object({ vendorCode: VendorCodeSchema, serial: SerialSchema }).strict();
export const CardLookupRequestSchema = CardRequestSchema.extend({ customerRef: Id.optional() }).strict();
export const CardLookupResponseSchema = z.object({
  status: CardStatusSchema,
  issuingInstitutionCode: InstitutionCodeSchema,
  /** Only when the lookup named a customer: whether the card is (or may become) theirs. */
  holderMatches: z.boolean().optional(),
  /** A card replaced by another (status REVOKED): the card that took its place. */
  replacedBy: z.object({ vendorCode: VendorCodeSchema, maskedSerial: z.string().regex(/^\d{4}\*{4}\d{4}$/) }).optional(),
});
export const CardEnrollRequestSchema = CardRequestSchema.extend({ customerRef: Id, identityCheckId: Id }).strict();


// ---- fees (ISSUER-API.md v1.1 "Fees")
export const FeeCodeSchema = z.enum(['SMART_OTP_ISSUE', 'SMART_OTP_REPLACE', 'DIGITAL_OTP_REGISTER']);
export type FeeCode = z.infer<typeof FeeCodeSchema>;
export const WaiverReasonSchema = z.enum(['DEFECT_WITHIN_1_YEAR', 'SUPERVISOR_DISCRETION']);
export type WaiverReason = z.infer<typeof WaiverReasonSchema>;
/** Amounts are whole won. */
const Won = z.number().int().nonnegative().max(10_000_000);
export const FeesResponseSchema = z.object({
  currency: z.literal('KRW'),
  items: z.array(z.object({ code: FeeCodeSchema, amount: Won })),
  waiverReasons: z.array(WaiverReasonSchema),
});
export type Fees = z.infer<typeof FeesResponseSchema>;
/** The fee as the teller charges it: the table's amount, or 0 with a waiver reason. Absent: the full amount. */
export const FeeRequestSchema = z.object({ code: FeeCodeSchema, amount: Won, waiverReason: WaiverReasonSchema.optional() }).strict();
export type FeeRequest = z.infer<typeof FeeRequestSchema>;
/** The fee as the issuer recorded it. */
export const FeeChargedSchema = z.object({ code: FeeCodeSchema, amount: Won, waived: z.boolean() });
export type FeeCharged = z.infer<typeof FeeChargedSchema>;

/** A card issued from stock: with the fee charged or waived. `SUPERVISOR_DISCRETION` needs a FEE_WAIVER approval. */
export const CardIssueRequestSchema = CardEnrollRequestSchema.extend({ fee: FeeRequestSchema.optional() }).strict();
export const DeviceResponseSchema = DeviceSchema;
/** A device after a job the customer is texted about. */
export const NotifiedDeviceResponseSchema = DeviceSchema.extend({ notified: NotifiedSchema });
export const CardIssueResponseSchema = NotifiedDeviceResponseSchema.extend({ fee: FeeChargedSchema });

// ---- the rest of a device's life (ISSUER-API.md v1.1)
export const TerminationReasonSchema = z.enum(['CUSTOMER_REQUEST', 'MEDIUM_CHANGE', 'OTHER']);
export type TerminationReason = z.infer<typeof TerminationReasonSchema>;
export const TerminationRequestSchema = z
  .object({ identityCheckId: Id, reason: TerminationReasonSchema, note: z.string().trim().max(200, 'NOTE_TOO_LONG').optional() })
  .strict();
export const TerminationResponseSchema = z.object({ deviceId: Id, status: z.literal('REVOKED'), terminatedAt: Timestamp, notified: NotifiedSchema });

export const ReplacementReasonSchema = z.enum(['DAMAGED', 'EXPIRED', 'LOST']);
export type ReplacementReason = z.infer<typeof ReplacementReasonSchema>;
export const ReplacementRequestSchema = CardEnrollRequestSchema.extend({
  oldDeviceId: Id,
  reason: ReplacementReasonSchema,
  fee: FeeRequestSchema.optional(),
}).strict();
export const ReplacementResponseSchema = z.object({
  deviceId: Id,
  oldDeviceId: Id,
  /** Where the old card was ACTIVE or RESTRICTED besides here: the customer registers the new card there again. */
  reregisterAt: z.array(InstitutionCodeSchema),
  fee: FeeChargedSchema,
  notified: NotifiedSchema,
});
export type ReplacementResponse = z.infer<typeof ReplacementResponseSchema>;

export const MobileNumberChangeRequestSchema = z
  .object({
    identityCheckId: Id,
    mobileNumber: MobileNumberSchema,
    /** The masked number on record the new one takes the place of; absent: the new number is added. */
    replaces: MaskedMobileSchema.optional(),
  })
  .strict();
export const MobileNumberChangeResponseSchema = z.object({ mobileNumbers: z.array(MaskedMobileSchema), notified: NotifiedSchema });

export const LossReportRequestSchema = z
  .object({ reason: LossReasonSchema, note: z.string().trim().max(200).optional() })
  .strict();
export const LossReportResponseSchema = z.object({ reportRef: Id, status: z.literal('LOST'), notified: NotifiedSchema });
export const EmptyBodySchema = z.object({}).strict();
export const UnlockRequestSchema = z
  .object({ reason: z.string().trim().min(1, 'REASON_REQUIRED').max(200, 'REASON_TOO_LONG'), identityCheckId: Id })
  .strict();

/**
 * The idempotency scope a request-outcome lookup searches (ISSUER-API.md v1.1 "fine print"): the
 * terminal headers and, for a request sent in a staff session, that staff member's ID. Without
 * `staffId` it is the terminal's own scope: its logins (and the sandbox's routes).
 */
export const RequestOutcomeQuerySchema = z.object({ staffId: z.string().min(1).max(16).optional() }).strict();

/** What became of a request this terminal sent: how the console settles a journal entry left open by a crash. */
export const RequestOutcomeResponseSchema = z
  .object({
    idempotencyKey: IdempotencyKeySchema,
    /** The operation of `issuerEndpoints` the key was sent with, e.g. `startRegistration`. */
    operation: Id,
    /** The HTTP status it was answered with; a 5xx is no answer and is never kept. */
    status: z.number().int().min(200).max(499),
    /** The refusal's code, present exactly when status >= 400. */
    errorCode: CodeSchema.optional(),
    answeredAt: Timestamp,
  })
  .refine((o) => (o.status >= 400) === (o.errorCode !== undefined), { message: 'ERROR_CODE_STATUS', path: ['errorCode'] });

// ---- the branch's stock and worklists (ISSUER-API.md v1.1 "the branch"); "this branch" is X-Branch-Code
/** At most this many cards in one receipt (422 RANGE_TOO_LARGE). */
export const MAX_STOCK_RECEIPT = 1000;
/** At most this many cards in one count. */
export const MAX_STOCK_COUNT = 5000;

/** How many cards `serialFrom..serialTo` holds (inclusive); 0 when the range runs backwards. */
export function serialRangeSize(serialFrom: string, serialTo: string): number {
  // 12 digits stay below 2^53: a Number counts them exactly.
  return Math.max(0, Number(serialTo) - Number(serialFrom) + 1);
}

/**
 * What is wrong with a delivery's range, if anything: serials of different lengths or running
 * backwards (SERIAL_RANGE_ORDER, 422 VALIDATION_FAILED), or more than MAX_STOCK_RECEIPT cards
 * (SERIAL_RANGE_TOO_LARGE, 422 RANGE_TOO_LARGE).
 */
export function serialRangeProblem(serialFrom: string, serialTo: string): 'SERIAL_RANGE_ORDER' | 'SERIAL_RANGE_TOO_LARGE' | null {
  if (serialFrom.length !== serialTo.length || serialFrom > serialTo) return 'SERIAL_RANGE_ORDER';
  return serialRangeSize(serialFrom, serialTo) > MAX_STOCK_RECEIPT ? 'SERIAL_RANGE_TOO_LARGE' : null;
}
export const StockCardSchema = z.object({ vendorCode: VendorCodeSchema, serial: SerialSchema }).strict();
export type StockCard = z.output<typeof StockCardSchema>;
/** A delivery of cards: serialFrom..serialTo inclusive (same length, from <= to: 422 VALIDATION_FAILED), all or nothing. */
export const StockReceiptRequestSchema = z
  .object({
    vendorCode: VendorCodeSchema,
    deliveryRef: z.string().trim().min(1, 'DELIVERY_REF_REQUIRED').max(32, 'DELIVERY_REF_TOO_LONG'),
    serialFrom: SerialSchema,
    serialTo: SerialSchema,
  })
  .strict();
export const StockReceiptResponseSchema = z.object({ received: z.number().int().positive(), deliveryRef: z.string() });
export const StockResponseSchema = z.object({
  count: z.number().int().nonnegative(),
  cards: z.array(z.object({ vendorCode: VendorCodeSchema, serial: z.string(), deliveryRef: z.string(), receivedAt: Timestamp })),
});
export const StockCountRequestSchema = z.object({ cards: z.array(StockCardSchema).max(MAX_STOCK_COUNT) }).strict();
/** `missing`: in stock and not counted; `unexpected`: counted and not in this branch's stock (a card unknown to the issuer too). */
export const StockCountResponseSchema = z.object({
  countId: Id,
  expected: z.number().int().nonnegative(),
  counted: z.number().int().nonnegative(),
  missing: z.array(z.object({ vendorCode: VendorCodeSchema, serial: z.string() })),
  unexpected: z.array(z.object({ vendorCode: VendorCodeSchema, serial: z.string() })),
});
export const StockDisposalReasonSchema = z.enum(['DAMAGED', 'DEFECTIVE']);
export const StockDisposalRequestSchema = StockCardSchema.extend({ reason: StockDisposalReasonSchema }).strict();
export const StockDisposalResponseSchema = z.object({ disposalRef: Id, status: z.literal('REVOKED'), disposedAt: Timestamp });
export const PendingActivationsResponseSchema = z.object({
  items: z.array(
    z.object({ registrationId: Id, maskedName: z.string(), maskedMobile: MaskedMobileSchema, staffId: z.string(), appCodeExpiresAt: Timestamp }),
  ),
});
export const RestrictedDevicesResponseSchema = z.object({
  items: z.array(
    z.object({ deviceId: Id, kind: DeviceKindSchema, customerRef: Id, maskedName: z.string(), failCount: z.number().int().nonnegative(), since: Timestamp }),
  ),
});

/**
 * A terminal's journal head, witnessed by the issuer (ISSUER-API.md v1.1 "the branch"): what the
 * console's journal must still reach at its next start. `entryCount` is the number of entries
 * (seq 1..seq in a journal that is whole).
 */
export const JournalAnchorRequestSchema = z
  .object({
    seq: z.number().int().positive(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'HEAD_HASH_FORMAT'),
    entryCount: z.number().int().positive(),
  })
  .strict();
export type JournalAnchorRequest = z.infer<typeof JournalAnchorRequestSchema>;
export const JournalAnchorResponseSchema = z.object({ anchoredAt: Timestamp });
export const LatestJournalAnchorResponseSchema = JournalAnchorRequestSchema.extend({ anchoredAt: Timestamp });
export type JournalAnchor = z.infer<typeof LatestJournalAnchorResponseSchema>;

// ---- the terminal's business day (ISSUER-API.md v1.1 "the branch")
/** A day-end summary is the console's own document, stored as given: any JSON object up to 16 KiB. */
export const DAY_END_SUMMARY_MAX_BYTES = 16 * 1024;
/** UTF-8 length of a text: each %XX of its URI encoding is one byte (JSON text has no lone surrogates). */
const utf8Bytes = (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, '_').length;
export const DayEndRequestSchema = z
  .object({
    businessDate: CalendarDateSchema,
    journalSeq: z.number().int().positive(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'HEAD_HASH_FORMAT'),
    summary: z
      .record(z.string(), z.unknown())
      .refine((summary) => utf8Bytes(JSON.stringify(summary)) <= DAY_END_SUMMARY_MAX_BYTES, 'SUMMARY_TOO_LARGE'),
  })
  .strict();
export const DayEndResponseSchema = z.object({ closeRef: Id, closedAt: Timestamp });
export const DayEndReopenRequestSchema = z
  .object({ reason: z.string().trim().min(1, 'REASON_REQUIRED').max(200, 'REASON_TOO_LONG') })
  .strict();
export const DayEndReopenResponseSchema = z.object({ closeRef: Id, reopenedAt: Timestamp });
export type DayEndRequest = z.output<typeof DayEndRequestSchema>;
export type DayEndResponse = z.output<typeof DayEndResponseSchema>;
export type DayEndReopenResponse = z.output<typeof DayEndReopenResponseSchema>;

// sandbox-only: the customer's phone and the clock
export const SmsOutboxQuerySchema = z.object({ mobileNumber: MobileNumberSchema }).strict();
export const SmsOutboxResponseSchema = z.object({
  messages: z.array(z.object({ mobileNumber: z.string(), text: z.string(), sentAt: Timestamp })),
});
/** One registration's SMS: its number and what was sent to it since the registration started. */
export const RegistrationSmsResponseSchema = SmsOutboxResponseSchema.extend({ mobileNumber: z.string() });
export const AppActivationRequestSchema = z
  .object({ appRegistrationCode: AppRegistrationCodeSchema, phoneDeviceId: Id, rooted: z.boolean().optional() })
  .strict();
export const AppActivationResponseSchema = z.object({ deviceId: Id, otpSeed: z.string().regex(/^[0-9a-f]+$/) });
export const AppOtpRequestSchema = z.object({ deviceId: Id }).strict();
export const AppOtpResponseSchema = z.object({ otp: OtpSchema });
export const AppAuthenticateRequestSchema = z.object({ deviceId: Id, otp: OtpSchema }).strict();
export const AppAuthenticateResponseSchema = z.object({ ok: z.literal(true) });
export const ClockRequestSchema = z.object({ advanceSeconds: z.number().int().positive().max(10 * 365 * 24 * 3600) }).strict();
export const ClockResponseSchema = z.object({ now: Timestamp });
export const ResetResponseSchema = z.object({ reset: z.literal(true) });
