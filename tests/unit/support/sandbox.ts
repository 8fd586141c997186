import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { approvalDigestText } from '../../../issuer-api/approval-digest.js';
import { fillPath, issuerEndpoints, type IssuerOperation, type IssuerRequest, type IssuerResponse } from '../../../issuer-api/endpoints.js';
import type { ApprovalAction, TerminalIdentity } from '../../../issuer-api/schemas.js';
import { IssuerError } from '../../../issuer-api/errors.js';
import { SandboxIssuer, type SandboxContext } from '../../../sandbox/sandbox-issuer.js';
import { SEED_CUSTOMERS, SEED_STAFF } from '../../../sandbox/store/seed.js';
import { openSandboxDb, type SandboxDb } from '../../../sandbox/store/store.js';
import { testClock, type TestClock } from './clock.js';
import { totp } from '../../../sandbox/rules/totp.js';

/** The seed branch's counter (institution 088) and a counter of the other institution (020). */
export const TERMINAL: TerminalIdentity = { institutionCode: '088', branchCode: '0101', terminalId: 'T-TEST-01' };
export const OTHER_TERMINAL: TerminalIdentity = { institutionCode: '020', branchCode: '0202', terminalId: 'T-OTHER-01' };
/** Another branch of the seed institution: "this branch" (its stock, its worklist) is not its. */
export const OTHER_BRANCH: TerminalIdentity = { institutionCode: '088', branchCode: '0102', terminalId: 'T-BRANCH-02' };

export const MINUTE_MS = 60_000;

type Ctx = Partial<SandboxContext>;

/**
 * A real SandboxIssuer on a fresh ':memory:' store and a hand-moved clock, with the steps every
 * sandbox test repeats (log in, identify a seed customer, read the SMS, approve). Everything goes
 * through `handle`, as InProcessIssuer and the HTTP server call it.
 */
export class SandboxHarness {
  readonly clock: TestClock = testClock();
  readonly db: SandboxDb = openSandboxDb(':memory:');
  readonly sandbox = new SandboxIssuer({ db: this.db, now: this.clock.now });

  close(): void {
    this.db.close();
  }

  /** A 6-digit OTP the device does not accept now (none of the three steps the issuer allows). */
  wrongOtp(seedHex: string): string {
    const now = this.clock.now().getTime();
    const accepted = new Set([-1, 0, 1].map((step) => totp(Buffer.from(seedHex, 'hex'), now + step * MINUTE_MS)));
    for (let n = 0; ; n++) {
      const candidate = String(n).padStart(6, '0');
      if (!accepted.has(candidate)) return candidate;
    }
  }

  /** A typed call as the console would make it, from the seed branch unless `ctx` says otherwise. */
  call<Op extends IssuerOperation>(op: Op, request: IssuerRequest<Op>, ctx: Ctx = {}): Promise<IssuerResponse<Op>> {
    return this.sandbox.handle(op, request, { terminal: TERMINAL, ...ctx });
  }

  /** An untyped call, for requests that break the contract. */
  raw(op: string, request: unknown, ctx: Ctx = {}): Promise<unknown> {
    return this.sandbox.handle(op as IssuerOperation, request as never, { terminal: TERMINAL, ...ctx });
  }

  /** A fresh sandbox with teller T0001 logged in: what each sandbox test starts from. */
  static async withTeller(): Promise<{ h: SandboxHarness; token: string }> {
    const h = new SandboxHarness();
    return { h, token: await h.login() };
  }

  async login(staffId = 'T0001', ctx: Ctx = {}): Promise<string> {
    const staff = SEED_STAFF.find((s) => s.staffId === staffId);
    if (!staff) throw new Error(`no seed staff ${staffId}`);
    const { token } = await this.call('login', { body: { staffId, password: staff.password } }, ctx);
    return token;
  }

  /** An identity check of a seed customer, typed exactly as the seed has them. */
  async identify(token: string, name: string): Promise<IssuerResponse<'identityCheck'>> {
    const customer = SEED_CUSTOMERS.find((c) => c.name === name);
    if (!customer) throw new Error(`no seed customer ${name}`);
    return this.call(
      'identityCheck',
      { body: { name, rrn: customer.rrn, document: { type: customer.document.type, issueDate: customer.document.issueDate } } },
      { token },
    );
  }

  /** A VERIFIED check: its customerRef and checkId. */
  async verified(token: string, name: string): Promise<{ customerRef: string; checkId: string }> {
    const check = await this.identify(token, name);
    expect(check.result).toBe('VERIFIED');
    return { customerRef: check.customerRef!, checkId: check.checkId };
  }

  async outbox(mobileNumber: string) {
    return (await this.call('smsOutbox', { query: { mobileNumber } })).messages;
  }

  /** The code in the newest SMS to a number that carries one (a notification sent since carries none). */
  async smsCode(mobileNumber: string): Promise<string> {
    const code = (await this.outbox(mobileNumber)).map((m) => /\[(\d{5})\]/.exec(m.text)?.[1]).find(Boolean);
    if (!code) throw new Error('no SMS code in the outbox');
    return code;
  }

  /** A registration for a seed customer, left in SMS_SENT. */
  async startRegistration(token: string, name = '홍길동') {
    const { customerRef, checkId } = await this.verified(token, name);
    const mobileNumber = SEED_CUSTOMERS.find((c) => c.name === name)!.mobiles[0]!;
    const started = await this.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber } }, { token });
    return { ...started, customerRef, checkId, mobileNumber };
  }

  /** A registration taken up to APP_CODE_ISSUED. */
  async appCodeIssued(token: string, name = '홍길동') {
    const started = await this.startRegistration(token, name);
    const code = await this.smsCode(started.mobileNumber);
    const params = { registrationId: started.registrationId };
    await this.call('verifySms', { params, body: { code } }, { token });
    const appCode = await this.call('issueAppCode', { params, body: {} }, { token });
    return { ...started, ...appCode };
  }

  /** A whole Digital OTP registration, activated on a sandbox phone. */
  async activatedDigitalOtp(token: string, name = '홍길동') {
    const issued = await this.appCodeIssued(token, name);
    const activated = await this.call('activateApp', {
      body: { appRegistrationCode: issued.appRegistrationCode, phoneDeviceId: `phone-${name}` },
    });
    return { ...issued, ...activated };
  }

  /** A supervisor's approval for one exact request. */
  async approval(token: string, action: ApprovalAction, request: ApprovedRequest, supervisorId = 'S0001', ctx: Ctx = {}): Promise<string> {
    const password = SEED_STAFF.find((s) => s.staffId === supervisorId)!.password;
    const actionDigest = 'deviceId' in request ? digestOf(request.op, request.deviceId, request.body) : digestOf(request.op, undefined, request.body);
    const { approvalToken } = await this.call('approve', { body: { supervisorId, password, action, actionDigest } }, { ...ctx, token });
    return approvalToken;
  }

  count(table: string, where = '1 = 1', ...args: unknown[]): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...args) as { n: number }).n;
  }

  device(deviceId: string) {
    return this.db.prepare('SELECT * FROM devices WHERE device_id = ?').get(deviceId) as
      | { status: string; fail_count: number; max_fail: number; institution_code: string; customer_ref: string; otp_seed: string | null }
      | undefined;
  }
}

/** A request a supervisor approves: an unlock or release of a device, or a card hand-over whose fee is waived. */
export type ApprovedRequest =
  | { op: 'unlock' | 'releaseLoss'; deviceId: string; body: object }
  | { op: 'issueCard' | 'replaceCard' | 'receiveStock' | 'disposeStock' | 'closeDay' | 'reopenDay'; body: object };

/** The actionDigest of an approved request, as ISSUER-API.md defines it. */
export function digestOf(op: ApprovedRequest['op'], deviceId: string | undefined, body: object): string {
  const endpoint = issuerEndpoints[op];
  const text = approvalDigestText(endpoint.method, fillPath(endpoint.path, deviceId === undefined ? undefined : { deviceId }), body);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The IssuerError a call fails with; fails the test when the call succeeds or throws something else. */
export async function errorOf(call: Promise<unknown>): Promise<IssuerError> {
  const error = await call.then(
    (answer) => new Error(`expected a refusal, got ${JSON.stringify(answer)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IssuerError);
  return error as IssuerError;
}

/** Expects a refusal with this status and code (and details, when given). */
export async function expectRefusal(
  call: Promise<unknown>,
  status: number,
  code: string,
  details?: Record<string, string | number | boolean>,
): Promise<IssuerError> {
  const error = await errorOf(call);
  expect({ status: error.status, code: error.code }).toEqual({ status, code });
  if (details) expect(error.details).toEqual(details);
  return error;
}
