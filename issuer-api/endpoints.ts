import { z } from 'zod';
import {
  AppRegistrationCodeSchema,
  CalendarDateSchema,
  InstitutionCodeSchema,
  MaskedMobileSchema,
  MaskedRrnSchema,
  MobileNumberSchema,
  OtpSchema,
  PersonNameSchema,
  RrnSchema,
  SerialSchema,
  SmsCodeSchema,
  VendorCodeSchema,
} from './domain.js';
import { RoleSchema } from '../shared/staff.js';

/**
 * The issuer API v1 (ISSUER-API.md), written once. One table, `issuerEndpoints`, names every
 * call with its method, path, schemas, success status, whether it needs a staff session or a
 * supervisor's approval, and the error codes it may answer. The sandbox issuer's HTTP server
 * routes by it, the production client calls by it, and the OpenAPI document is generated from it.
 */

// ---------------------------------------------------------------- errors

export const ISSUER_ERROR_CODES = [
  // request shape and headers
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'NOT_FOUND',
  'MISSING_TERMINAL_HEADERS',
  'IDEMPOTENCY_KEY_REUSED',
  'REQUEST_NOT_FOUND',
  'INTERNAL_ERROR',
  // staff and approvals
  'INVALID_CREDENTIALS',
  'STAFF_LOCKED',
  'UNAUTHENTICATED',
  'NOT_A_SUPERVISOR',
  'SELF_APPROVAL',
  'APPROVAL_REQUIRED',
  'APPROVAL_INVALID',
  // customers
  'IDENTITY_CHECK_INVALID',
  'CUSTOMER_NOT_FOUND',
  'NOT_ELIGIBLE',
  // Digital OTP registration
  'MOBILE_NOT_ON_RECORD',
  'REGISTRATION_NOT_FOUND',
  'INVALID_REGISTRATION_STATE',
  'SMS_CODE_EXPIRED',
  'SMS_CODE_MISMATCH',
  'TOO_MANY_ATTEMPTS',
  'RESEND_LIMIT_REACHED',
  'APP_CODE_INVALID',
  'DEVICE_INTEGRITY_FAILED',
  // devices and cards
  'DEVICE_NOT_FOUND',
  'INVALID_DEVICE_STATE',
  'OTP_MISMATCH',
  'DEVICE_RESTRICTED',
  'DEVICE_LOST',
  'CARD_NOT_FOUND',
  'CARD_NOT_IN_STOCK',
  'CARD_NOT_USABLE',
  'HOLDER_MISMATCH',
  'ALREADY_REGISTERED_AT_INSTITUTION',
] as const;
export const IssuerErrorCodeSchema = z.enum(ISSUER_ERROR_CODES);
export type IssuerErrorCode = z.infer<typeof IssuerErrorCodeSchema>;

export const IssuerErrorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});
export type IssuerErrorBody = z.infer<typeof IssuerErrorBodySchema>;

// ---------------------------------------------------------------- shared shapes

const Timestamp = z.iso.datetime();
const Id = z.string().min(1).max(64);

/** An Idempotency-Key: a UUID of any version (no `i` flag, so the OpenAPI pattern says the same). */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'UUID_FORMAT');

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
});
export type Device = z.infer<typeof DeviceSchema>;

export const RegistrationStatusSchema = z.enum(['SMS_SENT', 'SMS_VERIFIED', 'APP_CODE_ISSUED', 'ACTIVATED', 'EXPIRED', 'CANCELLED']);
export const CardStatusSchema = z.enum(['IN_STOCK', 'ACTIVE', 'LOST', 'REVOKED']);
export const ApprovalActionSchema = z.enum(['DEVICE_UNLOCK', 'LOSS_REPORT_RELEASE']);
export type ApprovalAction = z.infer<typeof ApprovalActionSchema>;

// ---------------------------------------------------------------- request and response bodies

export const HealthResponseSchema = z.object({ status: z.literal('ok'), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const StaffLoginRequestSchema = z.object({ staffId: z.string().min(1).max(16), password: z.string().min(1).max(128) }).strict();
export type StaffLoginRequest = z.infer<typeof StaffLoginRequestSchema>;

export const StaffLoginResponseSchema = z.object({
  token: z.string().min(16),
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
export const ApprovalResponseSchema = z.object({ approvalToken: z.string().min(16), supervisorId: z.string(), expiresAt: Timestamp });

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
});
export const CardEnrollRequestSchema = CardRequestSchema.extend({ customerRef: Id, identityCheckId: Id }).strict();
export const DeviceResponseSchema = DeviceSchema;

export const LossReportRequestSchema = z
  .object({ reason: z.enum(['LOST', 'STOLEN']), note: z.string().trim().max(200).optional() })
  .strict();
export const LossReportResponseSchema = z.object({ reportRef: Id, status: z.literal('LOST') });
export const EmptyBodySchema = z.object({}).strict();
export const UnlockRequestSchema = z
  .object({ reason: z.string().trim().min(1, 'REASON_REQUIRED').max(200, 'REASON_TOO_LONG'), identityCheckId: Id })
  .strict();

/** What became of a request this terminal sent: how the console settles a journal entry left open by a crash. */
export const RequestOutcomeResponseSchema = z
  .object({
    idempotencyKey: IdempotencyKeySchema,
    /** The operation of `issuerEndpoints` the key was sent with, e.g. `startRegistration`. */
    operation: z.string().min(1).max(64),
    /** The HTTP status it was answered with; a 5xx is no answer and is never kept. */
    status: z.number().int().min(200).max(499),
    /** The refusal's code, present exactly when status >= 400. */
    errorCode: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
    answeredAt: Timestamp,
  })
  .refine((o) => (o.status >= 400) === (o.errorCode !== undefined), { message: 'ERROR_CODE_STATUS', path: ['errorCode'] });

// sandbox-only: the customer's phone and the clock
export const SmsOutboxQuerySchema = z.object({ mobileNumber: MobileNumberSchema }).strict();
export const SmsOutboxResponseSchema = z.object({
  messages: z.array(z.object({ mobileNumber: z.string(), text: z.string(), sentAt: Timestamp })),
});
export const AppActivationRequestSchema = z
  .object({ appRegistrationCode: AppRegistrationCodeSchema, phoneDeviceId: z.string().min(1).max(64), rooted: z.boolean().optional() })
  .strict();
export const AppActivationResponseSchema = z.object({ deviceId: Id, otpSeed: z.string().regex(/^[0-9a-f]+$/) });
export const AppOtpRequestSchema = z.object({ deviceId: Id }).strict();
export const AppOtpResponseSchema = z.object({ otp: OtpSchema });
export const AppAuthenticateRequestSchema = z.object({ deviceId: Id, otp: OtpSchema }).strict();
export const AppAuthenticateResponseSchema = z.object({ ok: z.literal(true) });
export const ClockRequestSchema = z.object({ advanceSeconds: z.number().int().positive().max(10 * 365 * 24 * 3600) }).strict();
export const ClockResponseSchema = z.object({ now: Timestamp });
export const ResetResponseSchema = z.object({ reset: z.literal(true) });

// ---------------------------------------------------------------- the endpoint table

export interface IssuerEndpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** With `{name}` placeholders for path parameters. */
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** HTTP status of a success; 204 has no body. */
  status: 200 | 201 | 204;
  /** Needs `Authorization: Bearer <staff token>`. */
  staff: boolean;
  /** Needs `X-Approval-Token` for this action. */
  approval?: ApprovalAction;
  sandboxOnly?: boolean;
  /** Error codes this call answers besides the ones every call may (validation, auth, idempotency). */
  errors: readonly IssuerErrorCode[];
}

const IdParam = (name: string) => z.object({ [name]: Id }).strict();

const endpoint = <E extends IssuerEndpoint>(e: E) => e;

export const issuerEndpoints = {
  health: endpoint({ method: 'GET', path: '/v1/health', summary: 'Liveness', response: HealthResponseSchema, status: 200, staff: false, errors: [] }),
  login: endpoint({
    method: 'POST', path: '/v1/staff/sessions', summary: 'Staff login', body: StaffLoginRequestSchema, response: StaffLoginResponseSchema,
    status: 201, staff: false, errors: ['INVALID_CREDENTIALS', 'STAFF_LOCKED'],
  }),
  logout: endpoint({ method: 'DELETE', path: '/v1/staff/sessions/current', summary: 'Staff logout', response: z.undefined(), status: 204, staff: true, errors: [] }),
  approve: endpoint({
    method: 'POST', path: '/v1/staff/approvals', summary: 'Supervisor approval for one request', body: ApprovalRequestSchema,
    response: ApprovalResponseSchema, status: 201, staff: true, errors: ['INVALID_CREDENTIALS', 'STAFF_LOCKED', 'NOT_A_SUPERVISOR', 'SELF_APPROVAL'],
  }),
  identityCheck: endpoint({
    method: 'POST', path: '/v1/identity-checks', summary: 'ID authenticity check', body: IdentityCheckRequestSchema,
    response: IdentityCheckResponseSchema, status: 201, staff: true, errors: [],
  }),
  devices: endpoint({
    method: 'GET', path: '/v1/customers/{customerRef}/devices', summary: "A customer's devices", params: IdParam('customerRef'),
    response: DevicesResponseSchema, status: 200, staff: true, errors: ['CUSTOMER_NOT_FOUND'],
  }),
  startRegistration: endpoint({
    method: 'POST', path: '/v1/digital-otp/registrations', summary: 'Start a Digital OTP registration; sends the SMS code',
    body: StartRegistrationRequestSchema, response: SmsSentResponseSchema, status: 201, staff: true,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'NOT_ELIGIBLE', 'MOBILE_NOT_ON_RECORD'],
  }),
  resendSms: endpoint({
    method: 'POST', path: '/v1/digital-otp/registrations/{registrationId}/sms-resend', summary: 'New SMS code; the old one dies',
    params: IdParam('registrationId'), body: EmptyBodySchema, response: SmsSentResponseSchema, status: 200, staff: true,
    errors: ['REGISTRATION_NOT_FOUND', 'INVALID_REGISTRATION_STATE', 'RESEND_LIMIT_REACHED'],
  }),
  verifySms: endpoint({
    method: 'POST', path: '/v1/digital-otp/registrations/{registrationId}/sms-verification', summary: 'The code the customer shows',
    params: IdParam('registrationId'), body: SmsVerificationRequestSchema, response: SmsVerifiedResponseSchema, status: 200, staff: true,
    errors: ['REGISTRATION_NOT_FOUND', 'INVALID_REGISTRATION_STATE', 'SMS_CODE_EXPIRED', 'SMS_CODE_MISMATCH', 'TOO_MANY_ATTEMPTS'],
  }),
  issueAppCode: endpoint({
    method: 'POST', path: '/v1/digital-otp/registrations/{registrationId}/app-code', summary: 'The 8-digit app registration code',
    params: IdParam('registrationId'), body: EmptyBodySchema, response: AppCodeResponseSchema, status: 201, staff: true,
    errors: ['REGISTRATION_NOT_FOUND', 'INVALID_REGISTRATION_STATE'],
  }),
  registration: endpoint({
    method: 'GET', path: '/v1/digital-otp/registrations/{registrationId}', summary: 'Registration status (polled)',
    params: IdParam('registrationId'), response: RegistrationResponseSchema, status: 200, staff: true, errors: ['REGISTRATION_NOT_FOUND'],
  }),
  cancelRegistration: endpoint({
    method: 'POST', path: '/v1/digital-otp/registrations/{registrationId}/cancel', summary: 'Teller cancels',
    params: IdParam('registrationId'), body: EmptyBodySchema, response: CancelledResponseSchema, status: 200, staff: true,
    errors: ['REGISTRATION_NOT_FOUND', 'INVALID_REGISTRATION_STATE'],
  }),
  otpCheck: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/otp-check', summary: 'Counter check of a first OTP', params: IdParam('deviceId'),
    body: OtpCheckRequestSchema, response: OtpCheckResponseSchema, status: 200, staff: true,
    errors: ['DEVICE_NOT_FOUND', 'OTP_MISMATCH', 'DEVICE_RESTRICTED', 'DEVICE_LOST', 'INVALID_DEVICE_STATE'],
  }),
  cardLookup: endpoint({
    method: 'POST', path: '/v1/smart-otp/cards/lookup', summary: 'Smart OTP card status', body: CardLookupRequestSchema,
    response: CardLookupResponseSchema, status: 200, staff: true, errors: ['CARD_NOT_FOUND'],
  }),
  issueCard: endpoint({
    method: 'POST', path: '/v1/smart-otp/issuances', summary: "Issue a card from this branch's stock", body: CardEnrollRequestSchema,
    response: DeviceResponseSchema, status: 201, staff: true,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'CARD_NOT_FOUND', 'CARD_NOT_IN_STOCK', 'ALREADY_REGISTERED_AT_INSTITUTION'],
  }),
  registerCard: endpoint({
    method: 'POST', path: '/v1/smart-otp/registrations', summary: 'Register a card issued by another institution',
    body: CardEnrollRequestSchema, response: DeviceResponseSchema, status: 201, staff: true,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'CARD_NOT_FOUND', 'HOLDER_MISMATCH', 'CARD_NOT_USABLE', 'ALREADY_REGISTERED_AT_INSTITUTION'],
  }),
  reportLoss: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/loss-reports', summary: 'Lost or stolen: suspended everywhere at once',
    params: IdParam('deviceId'), body: LossReportRequestSchema, response: LossReportResponseSchema, status: 201, staff: true,
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE'],
  }),
  releaseLoss: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/loss-reports/release', summary: 'Device found again', params: IdParam('deviceId'),
    body: EmptyBodySchema, response: DeviceResponseSchema, status: 200, staff: true, approval: 'LOSS_REPORT_RELEASE',
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  unlock: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/unlock', summary: 'Reset the failure count of a restricted device',
    params: IdParam('deviceId'), body: UnlockRequestSchema, response: DeviceResponseSchema, status: 200, staff: true, approval: 'DEVICE_UNLOCK',
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'IDENTITY_CHECK_INVALID', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  // No staff session: the console asks at start-up, before anyone logs in. Only this terminal's keys are visible.
  requestOutcome: endpoint({
    method: 'GET', path: '/v1/requests/{idempotencyKey}', summary: "What became of this terminal's request, by its Idempotency-Key",
    params: z.object({ idempotencyKey: IdempotencyKeySchema }).strict(), response: RequestOutcomeResponseSchema, status: 200, staff: false,
    errors: ['REQUEST_NOT_FOUND'],
  }),
  // ---- sandbox only
  smsOutbox: endpoint({
    method: 'GET', path: '/v1/sandbox/sms-outbox', summary: "The customer's SMS inbox (sandbox)", query: SmsOutboxQuerySchema,
    response: SmsOutboxResponseSchema, status: 200, staff: false, sandboxOnly: true, errors: [],
  }),
  activateApp: endpoint({
    method: 'POST', path: '/v1/sandbox/app/activations', summary: 'The phone app activates with the code (sandbox)',
    body: AppActivationRequestSchema, response: AppActivationResponseSchema, status: 201, staff: false, sandboxOnly: true,
    errors: ['APP_CODE_INVALID', 'DEVICE_INTEGRITY_FAILED'],
  }),
  appOtp: endpoint({
    method: 'POST', path: '/v1/sandbox/app/otp', summary: "The app's current OTP (sandbox)", body: AppOtpRequestSchema,
    response: AppOtpResponseSchema, status: 200, staff: false, sandboxOnly: true, errors: ['DEVICE_NOT_FOUND'],
  }),
  appAuthenticate: endpoint({
    method: 'POST', path: '/v1/sandbox/app/authenticate', summary: 'Use an OTP as a bank would (sandbox)', body: AppAuthenticateRequestSchema,
    response: AppAuthenticateResponseSchema, status: 200, staff: false, sandboxOnly: true,
    errors: ['DEVICE_NOT_FOUND', 'OTP_MISMATCH', 'DEVICE_RESTRICTED', 'DEVICE_LOST', 'INVALID_DEVICE_STATE'],
  }),
  advanceClock: endpoint({
    method: 'POST', path: '/v1/sandbox/clock', summary: 'Move the sandbox clock forward', body: ClockRequestSchema,
    response: ClockResponseSchema, status: 200, staff: false, sandboxOnly: true, errors: [],
  }),
  reset: endpoint({
    method: 'POST', path: '/v1/sandbox/reset', summary: 'Restore the seed', body: EmptyBodySchema, response: ResetResponseSchema,
    status: 200, staff: false, sandboxOnly: true, errors: [],
  }),
} as const satisfies Record<string, IssuerEndpoint>;

export type IssuerEndpoints = typeof issuerEndpoints;
export type IssuerOperation = keyof IssuerEndpoints;

type Part<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType } ? { [P in K]: z.input<S> } : { [P in K]?: undefined };

/** What a call takes: its path parameters, query and body, each only where the endpoint has one. */
export type IssuerRequest<Op extends IssuerOperation> = Part<IssuerEndpoints[Op], 'params'> &
  Part<IssuerEndpoints[Op], 'query'> &
  Part<IssuerEndpoints[Op], 'body'>;
export type IssuerResponse<Op extends IssuerOperation> = z.output<IssuerEndpoints[Op]['response']>;

/** Fills `{name}` placeholders; each value is URI-encoded. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * Canonical JSON for approval digests: object keys sorted at every depth, no whitespace.
 * `actionDigest` = hex SHA-256 of `METHOD + " " + path + "\n" + canonicalJson(body)`.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const approvalDigestText = (method: string, path: string, body: unknown) => `${method} ${path}\n${canonicalJson(body ?? {})}`;

/** Operations only the sandbox serves: the customer's phone and the clock. Never in production. */
export type SandboxOperation = {
  [Op in IssuerOperation]: IssuerEndpoints[Op] extends { sandboxOnly: true } ? Op : never;
}[IssuerOperation];
/** What the production client may call: the issuer API proper. */
export type ProductionOperation = Exclude<IssuerOperation, SandboxOperation>;
