import { z } from 'zod';
import { IdempotencyKeySchema, IdSchema } from './domain.js';
import type { IssuerErrorCode } from './errors.js';
import {
  AppActivationRequestSchema,
  AppActivationResponseSchema,
  AppAuthenticateRequestSchema,
  AppAuthenticateResponseSchema,
  AppCodeResponseSchema,
  AppOtpRequestSchema,
  AppOtpResponseSchema,
  ApprovalRequestSchema,
  ApprovalResponseSchema,
  CancelledResponseSchema,
  CardEnrollRequestSchema,
  CardIssueRequestSchema,
  CardIssueResponseSchema,
  CardLookupRequestSchema,
  CardLookupResponseSchema,
  DayEndReopenRequestSchema,
  DayEndReopenResponseSchema,
  DayEndRequestSchema,
  DayEndResponseSchema,
  ClockRequestSchema,
  ClockResponseSchema,
  DeviceResponseSchema,
  DevicesResponseSchema,
  EmptyBodySchema,
  FeesResponseSchema,
  HealthResponseSchema,
  IdentityCheckRequestSchema,
  JournalAnchorRequestSchema,
  JournalAnchorResponseSchema,
  LatestJournalAnchorResponseSchema,
  IdentityCheckResponseSchema,
  LossReportRequestSchema,
  LossReportResponseSchema,
  MobileNumberChangeRequestSchema,
  MobileNumberChangeResponseSchema,
  NotifiedDeviceResponseSchema,
  OtpCheckRequestSchema,
  OtpCheckResponseSchema,
  RegistrationResponseSchema,
  RegistrationSmsResponseSchema,
  ReplacementRequestSchema,
  ReplacementResponseSchema,
  RequestOutcomeQuerySchema,
  RequestOutcomeResponseSchema,
  ResetResponseSchema,
  SmsOutboxQuerySchema,
  SmsOutboxResponseSchema,
  SmsSentResponseSchema,
  SmsVerificationRequestSchema,
  SmsVerifiedResponseSchema,
  StaffLoginRequestSchema,
  StaffLoginResponseSchema,
  StartRegistrationRequestSchema,
  TerminationRequestSchema,
  TerminationResponseSchema,
  UnlockRequestSchema,
  type ApprovalAction,
} from './schemas.js';
import {
  PendingActivationsResponseSchema,
  RestrictedDevicesResponseSchema,
  StockCountRequestSchema,
  StockCountResponseSchema,
  StockDisposalRequestSchema,
  StockDisposalResponseSchema,
  StockReceiptRequestSchema,
  StockReceiptResponseSchema,
  StockResponseSchema,
} from './schemas.js';

/**
 * The issuer API v1 (ISSUER-API.md), written once. One table, `issuerEndpoints`, names every
 * call with its method, path, schemas, success status, whether it needs a staff session or a
 * supervisor's approval, and the error codes it may answer. The sandbox issuer's HTTP server
 * routes by it, the production client calls by it, and the OpenAPI document is generated from it.
 */

/** The contract's version, as the OpenAPI document states it. */
export const ISSUER_API_VERSION = '1';

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
  /** Needs `X-Approval-Token` for this action (only for the bodies `approvalWhen` names, when it is given). */
  approval?: ApprovalAction;
  /** When only some requests need the approval: a fee waived at a supervisor's discretion. */
  approvalWhen?: { description: string; needed: (body: unknown) => boolean };
  /**
   * Still answered while the terminal's day is closed (a POST; reads, the logout and the sandbox's
   * routes always are): login, approvals, anchors and the reopen. Every other POST is a teller's job
   * and is refused with TERMINAL_CLOSED (ISSUER-API.md v1.1 "fine print").
   */
  whileClosed?: true;
  sandboxOnly?: boolean;
  /** Error codes this call answers besides the ones every call may (validation, auth, idempotency). */
  errors: readonly IssuerErrorCode[];
}

const IdParam = (name: string) => z.object({ [name]: IdSchema }).strict();

const endpoint = <E extends IssuerEndpoint>(e: E) => e;

/** A fee waived at the supervisor's discretion needs their approval (ISSUER-API.md v1.1 "Fees"). */
const FEE_WAIVER_APPROVAL = {
  description: 'only when fee.waiverReason is SUPERVISOR_DISCRETION',
  needed: (body: unknown) => (body as { fee?: { waiverReason?: unknown } } | null)?.fee?.waiverReason === 'SUPERVISOR_DISCRETION',
};
const FEE_ERRORS = ['FEE_MISMATCH', 'WAIVER_NOT_APPLICABLE', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'] as const;

export const issuerEndpoints = {
  health: endpoint({ method: 'GET', path: '/v1/health', summary: 'Liveness', response: HealthResponseSchema, status: 200, staff: false, errors: [] }),
  login: endpoint({
    method: 'POST', path: '/v1/staff/sessions', summary: 'Staff login', body: StaffLoginRequestSchema, response: StaffLoginResponseSchema,
    status: 201, staff: false, whileClosed: true, errors: ['INVALID_CREDENTIALS', 'STAFF_LOCKED'],
  }),
  logout: endpoint({ method: 'DELETE', path: '/v1/staff/sessions/current', summary: 'Staff logout', response: z.undefined(), status: 204, staff: true, errors: [] }),
  approve: endpoint({
    method: 'POST', path: '/v1/staff/approvals', summary: 'Supervisor approval for one request', body: ApprovalRequestSchema,
    response: ApprovalResponseSchema, status: 201, staff: true, whileClosed: true,
    errors: ['INVALID_CREDENTIALS', 'STAFF_LOCKED', 'NOT_A_SUPERVISOR', 'SELF_APPROVAL'],
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
    errors: ['DEVICE_NOT_FOUND', 'OTP_MISMATCH', 'DEVICE_RESTRICTED', 'DEVICE_LOST', 'DEVICE_REVOKED', 'INVALID_DEVICE_STATE'],
  }),
  cardLookup: endpoint({
    method: 'POST', path: '/v1/smart-otp/cards/lookup', summary: 'Smart OTP card status', body: CardLookupRequestSchema,
    response: CardLookupResponseSchema, status: 200, staff: true, errors: ['CARD_NOT_FOUND'],
  }),
  issueCard: endpoint({
    method: 'POST', path: '/v1/smart-otp/issuances', summary: "Issue a card from this branch's stock, for its fee or waived",
    body: CardIssueRequestSchema, response: CardIssueResponseSchema, status: 201, staff: true,
    approval: 'FEE_WAIVER', approvalWhen: FEE_WAIVER_APPROVAL,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'CARD_NOT_FOUND', 'CARD_NOT_IN_STOCK', 'ALREADY_REGISTERED_AT_INSTITUTION', ...FEE_ERRORS],
  }),
  registerCard: endpoint({
    method: 'POST', path: '/v1/smart-otp/registrations', summary: 'Register a card issued by another institution',
    body: CardEnrollRequestSchema, response: NotifiedDeviceResponseSchema, status: 201, staff: true,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'CARD_NOT_FOUND', 'HOLDER_MISMATCH', 'CARD_NOT_USABLE', 'ALREADY_REGISTERED_AT_INSTITUTION'],
  }),
  reportLoss: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/loss-reports', summary: 'Lost or stolen: suspended everywhere at once',
    params: IdParam('deviceId'), body: LossReportRequestSchema, response: LossReportResponseSchema, status: 201, staff: true,
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE'],
  }),
  releaseLoss: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/loss-reports/release', summary: 'Device found again', params: IdParam('deviceId'),
    body: EmptyBodySchema, response: NotifiedDeviceResponseSchema, status: 200, staff: true, approval: 'LOSS_REPORT_RELEASE',
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  unlock: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/unlock', summary: 'Reset the failure count of a restricted device',
    params: IdParam('deviceId'), body: UnlockRequestSchema, response: NotifiedDeviceResponseSchema, status: 200, staff: true, approval: 'DEVICE_UNLOCK',
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'IDENTITY_CHECK_INVALID', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  // ---- v1.1: the rest of a device's life
  terminate: endpoint({
    method: 'POST', path: '/v1/devices/{deviceId}/termination',
    summary: 'The holder ends a device here: a Digital OTP everywhere, a card only at this institution',
    params: IdParam('deviceId'), body: TerminationRequestSchema, response: TerminationResponseSchema, status: 200, staff: true,
    errors: ['DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'IDENTITY_CHECK_INVALID', 'HOLDER_MISMATCH', 'NOT_REGISTERED_HERE'],
  }),
  replaceCard: endpoint({
    method: 'POST', path: '/v1/smart-otp/replacements', summary: "A card from this branch's stock replaces the holder's card registered here",
    body: ReplacementRequestSchema, response: ReplacementResponseSchema, status: 201, staff: true,
    approval: 'FEE_WAIVER', approvalWhen: FEE_WAIVER_APPROVAL,
    errors: [
      'IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'DEVICE_NOT_FOUND', 'INVALID_DEVICE_STATE', 'NOT_REGISTERED_HERE', 'HOLDER_MISMATCH',
      'CARD_NOT_FOUND', 'CARD_NOT_IN_STOCK', ...FEE_ERRORS,
    ],
  }),
  changeMobileNumbers: endpoint({
    method: 'POST', path: '/v1/customers/{customerRef}/mobile-numbers', summary: 'Add a mobile number on record, or replace one',
    params: IdParam('customerRef'), body: MobileNumberChangeRequestSchema, response: MobileNumberChangeResponseSchema, status: 200, staff: true,
    errors: ['IDENTITY_CHECK_INVALID', 'CUSTOMER_NOT_FOUND', 'TOO_MANY_NUMBERS', 'MOBILE_IN_USE', 'MOBILE_ALREADY_ON_RECORD', 'REPLACES_AMBIGUOUS'],
  }),
  fees: endpoint({ method: 'GET', path: '/v1/fees', summary: 'The fee table and the waiver reasons', response: FeesResponseSchema, status: 200, staff: true, errors: [] }),
  // ---- v1.1: the branch's stock and worklists ("this branch" is X-Branch-Code: another branch sees none of it)
  receiveStock: endpoint({
    method: 'POST', path: '/v1/smart-otp/stock/receipts', summary: "A delivery of cards into this branch's stock, all or nothing",
    body: StockReceiptRequestSchema, response: StockReceiptResponseSchema, status: 201, staff: true, approval: 'STOCK_RECEIPT',
    errors: ['RANGE_TOO_LARGE', 'CARD_ALREADY_EXISTS', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  stock: endpoint({
    method: 'GET', path: '/v1/smart-otp/stock', summary: "This branch's IN_STOCK cards", response: StockResponseSchema, status: 200, staff: true,
    errors: [],
  }),
  countStock: endpoint({
    method: 'POST', path: '/v1/smart-otp/stock/counts', summary: "A physical count of this branch's stock, recorded",
    body: StockCountRequestSchema, response: StockCountResponseSchema, status: 201, staff: true, errors: [],
  }),
  disposeStock: endpoint({
    method: 'POST', path: '/v1/smart-otp/stock/disposals', summary: "A damaged or defective card leaves this branch's stock, REVOKED",
    body: StockDisposalRequestSchema, response: StockDisposalResponseSchema, status: 201, staff: true, approval: 'STOCK_DISPOSAL',
    errors: ['CARD_NOT_FOUND', 'CARD_NOT_IN_STOCK', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  pendingActivations: endpoint({
    method: 'GET', path: '/v1/worklists/pending-activations', summary: "This branch's Digital OTP app codes issued, unused and unexpired",
    response: PendingActivationsResponseSchema, status: 200, staff: true, errors: [],
  }),
  restrictedDevices: endpoint({
    method: 'GET', path: '/v1/worklists/restricted-devices', summary: 'Devices registered at this institution that are RESTRICTED',
    response: RestrictedDevicesResponseSchema, status: 200, staff: true, errors: [],
  }),
  // No staff session: the console asks at start-up, before anyone logs in. It looks up in one idempotency
  // scope (this terminal, and the staffId the key was sent under; none for a login), and answers only
  // what the terminal's own journal records anyway (operation, status, code), never the stored answer.
  requestOutcome: endpoint({
    method: 'GET', path: '/v1/requests/{idempotencyKey}',
    summary: "What became of this terminal's request, by its Idempotency-Key, in the scope of the staffId it was sent under (none: a login)",
    params: z.object({ idempotencyKey: IdempotencyKeySchema }).strict(), query: RequestOutcomeQuerySchema, response: RequestOutcomeResponseSchema,
    status: 200, staff: false, errors: ['REQUEST_NOT_FOUND'],
  }),
  // The terminal's own witness, like requestOutcome needing no staff session: the console checks its
  // journal against the latest anchor at start, before anyone logs in, and anchors what a session
  // left even after that session ended. The terminal headers (and in production its client
  // certificate) say whose anchors they are; another terminal's are never seen.
  anchorJournal: endpoint({
    method: 'POST', path: '/v1/journal-anchors', summary: "Record this terminal's journal head as a witness",
    body: JournalAnchorRequestSchema, response: JournalAnchorResponseSchema, status: 201, staff: false, whileClosed: true,
    errors: ['ANCHOR_REGRESSION', 'ANCHOR_MISMATCH'],
  }),
  latestJournalAnchor: endpoint({
    method: 'GET', path: '/v1/journal-anchors/latest', summary: "This terminal's latest journal anchor",
    response: LatestJournalAnchorResponseSchema, status: 200, staff: false, errors: ['NO_ANCHOR'],
  }),
  // ---- v1.1: the terminal's business day
  closeDay: endpoint({
    method: 'POST', path: '/v1/terminals/current/day-end', summary: "Close this terminal's business day at its witnessed journal head",
    body: DayEndRequestSchema, response: DayEndResponseSchema, status: 201, staff: true, approval: 'DAY_END_CLOSE',
    errors: ['WRONG_BUSINESS_DATE', 'ANCHOR_MISMATCH', 'TERMINAL_CLOSED', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  reopenDay: endpoint({
    method: 'POST', path: '/v1/terminals/current/day-end/reopen', summary: "Reopen this terminal's closed business day",
    body: DayEndReopenRequestSchema, response: DayEndReopenResponseSchema, status: 200, staff: true, approval: 'DAY_END_REOPEN', whileClosed: true,
    errors: ['TERMINAL_NOT_CLOSED', 'APPROVAL_REQUIRED', 'APPROVAL_INVALID'],
  }),
  // ---- sandbox only
  smsOutbox: endpoint({
    method: 'GET', path: '/v1/sandbox/sms-outbox', summary: "The customer's SMS inbox (sandbox)", query: SmsOutboxQuerySchema,
    response: SmsOutboxResponseSchema, status: 200, staff: false, sandboxOnly: true, errors: [],
  }),
  registrationSms: endpoint({
    method: 'GET', path: '/v1/sandbox/registrations/{registrationId}/sms', summary: "The SMS of one registration's phone (sandbox)",
    params: IdParam('registrationId'), response: RegistrationSmsResponseSchema, status: 200, staff: false, sandboxOnly: true,
    errors: ['REGISTRATION_NOT_FOUND'],
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
    errors: ['DEVICE_NOT_FOUND', 'OTP_MISMATCH', 'DEVICE_RESTRICTED', 'DEVICE_LOST', 'DEVICE_REVOKED', 'INVALID_DEVICE_STATE'],
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

/** Operations only the sandbox serves: the customer's phone and the clock. Never in production. */
export type SandboxOperation = {
  [Op in IssuerOperation]: IssuerEndpoints[Op] extends { sandboxOnly: true } ? Op : never;
}[IssuerOperation];
/** What the production client may call: the issuer API proper. */
export type ProductionOperation = Exclude<IssuerOperation, SandboxOperation>;
