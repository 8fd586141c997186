import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CHANNELS, type ChannelDef, type Contract } from '../../shared/contract.js';
import { resultSchema, type Result } from '../../shared/result.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { ConsoleStatus } from '../../shared/status.js';
import { ConsoleError } from '../../main/app/errors.js';
import { ConsoleEvents } from '../../main/app/events.js';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { createRouter, type CallContext, type Handlers, type HandlersFor, type Router } from '../../main/app/router.js';
import { StaffSessions } from '../../main/staff/sessions.js';
import { testClock, type TestClock } from './support/clock.js';
import { TERMINAL } from './support/sandbox.js';

const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

const STATUS: ConsoleStatus = {
  trainingMode: true,
  issuer: 'REACHABLE',
  reader: { state: 'NO_READER', readers: [] },
  terminal: { institutionCode: '088', branchCode: '0101', terminalId: 'T-TRAINING' },
};

const A_SESSION = {
  staffId: 'T0001', name: '김민지', role: 'TELLER', expiresAt: '2025-03-03T08:30:00.000Z', locked: false, idleLockSeconds: 180,
} as const;
const A_DEVICE = {
  deviceId: 'dev-1', kind: 'DIGITAL_OTP' as const, status: 'ACTIVE' as const, failCount: 0, maxFail: 10,
  institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null,
};

const SMS_SENT = { registrationId: 'reg-1', status: 'SMS_SENT' as const, smsExpiresAt: '2025-03-03T00:33:00.000Z', resendsLeft: 3 };
const KEY = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Spy handlers that answer inside the contract; a test swaps in the one it needs. */
function spyHandlers() {
  return {
    'status.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => STATUS),
    'preferences.get': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ locale: 'ko' as const })),
    'preferences.setLocale': vi.fn(async (input: { locale: 'ko' | 'en' }, _ctx: CallContext) => ({ locale: input.locale })),
    'staff.current': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => null),
    'staff.login': vi.fn(async (_input: { staffId: string; password: string }, _ctx: CallContext) => A_SESSION),
    'staff.logout': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ loggedOut: true as const })),
    'staff.lock': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ ...A_SESSION, locked: true })),
    'staff.unlockConsole': vi.fn(async (_input: { password: string }, _ctx: CallContext) => A_SESSION),
    'approval.request': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      approvalToken: 'approval-token-0123456789', supervisorId: 'S0001', expiresAt: '2025-03-03T00:32:00.000Z',
    })),
    'device.unlock': vi.fn(async (_input: unknown, _ctx: CallContext) => A_DEVICE),
    'device.releaseLoss': vi.fn(async (_input: unknown, _ctx: CallContext) => A_DEVICE),
    'journal.list': vi.fn(async (_input: unknown, _ctx: CallContext) => []),
    'journal.reprint': vi.fn(async (_input: { seq: number }, _ctx: CallContext) => ({
      seq: 1, startedAt: '2025-03-03T00:30:00.000Z', finishedAt: null, job: 'LOSS_REPORT' as const, terminalId: 'T-TRAINING',
      branchCode: '0101', tellerId: 'T0001', supervisorId: null, customer: null, device: null, result: 'OK',
      issuerRef: null, settledAfterRestart: false, training: true,
    })),
    'journal.exportCsv': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ fileName: 'journal.csv', csv: '' })),
    'customer.identify': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      checkId: 'chk-1',
      result: 'MISMATCH' as const,
      maskedRrn: '900101-1******',
      rrnChecksumWarning: false,
    })),
    'device.reportLoss': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      reportRef: 'loss-1',
      reportedAt: '2025-03-03T00:30:00.000Z',
      device: {
        deviceId: 'dev-1', kind: 'DIGITAL_OTP' as const, status: 'LOST' as const, failCount: 0, maxFail: 10,
        institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null,
      },
    })),
    'otp.start': vi.fn(async (_input: unknown, _ctx: CallContext) => SMS_SENT),
    'otp.resendSms': vi.fn(async (_input: unknown, _ctx: CallContext) => SMS_SENT),
    'otp.verifySms': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ status: 'SMS_VERIFIED' as const })),
    'otp.issueAppCode': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ appRegistrationCode: '12345678', expiresAt: '2025-03-03T01:00:00.000Z' })),
    'otp.status': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ registrationId: 'reg-1', status: 'SMS_SENT' as const })),
    'otp.cancel': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ registrationId: 'reg-1', status: 'CANCELLED' as const })),
    'otp.checkOtp': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ ok: true as const })),
    'card.lookup': vi.fn(async (_input: unknown, _ctx: CallContext) => ({ status: 'IN_STOCK' as const, issuingInstitutionCode: '088', ourInstitutionCode: '088' })),
    'card.enroll': vi.fn(async (_input: unknown, _ctx: CallContext) => ({
      deviceId: 'dev-2', kind: 'SMART_OTP' as const, status: 'ACTIVE' as const, failCount: 0, maxFail: 10,
      institutionCode: '088', registeredAt: '2025-03-03T00:00:00.000Z', lastUsedAt: null,
    })),
    'customer.devices': vi.fn(async (_input: { customerRef: string }, _ctx: CallContext) => []),
    'training.smsOutbox': vi.fn(async (_input: { mobileNumber: string }, _ctx: CallContext) => ({ messages: [] })),
    'training.activateApp': vi.fn(async (_input: { appRegistrationCode: string; rooted: boolean }, _ctx: CallContext) => ({ deviceId: 'dev-1' })),
    'training.currentOtp': vi.fn(async (_input: { deviceId: string }, _ctx: CallContext) => ({ otp: '123456' })),
    'training.useOtp': vi.fn(async (_input: { deviceId: string; otp: string }, _ctx: CallContext) => ({ ok: true as const })),
    'training.advanceClock': vi.fn(async (_input: { minutes: number }, _ctx: CallContext) => ({ now: '2025-03-03T00:31:00.000Z' })),
    'training.reset': vi.fn(async (_input: Record<string, never>, _ctx: CallContext) => ({ reset: true as const })),
  } satisfies Handlers;
}

type SpyHandlers = ReturnType<typeof spyHandlers>;

/** Every answer must be a well-formed Result, whatever went wrong. */
function expectWellFormed(result: Result<unknown>): void {
  expect(resultSchema(z.unknown()).safeParse(result).success).toBe(true);
}

function expectFailure(result: Result<unknown>): ErrorInfo {
  expectWellFormed(result);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

function expectValue(result: Result<unknown>): unknown {
  expectWellFormed(result);
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

const allSpies = (handlers: SpyHandlers) => Object.values(handlers);

describe('createRouter', () => {
  let clock: TestClock;
  let db: SandboxDb;
  let sessions: StaffSessions;
  let handlers: SpyHandlers;
  let log: ReturnType<typeof vi.fn<(message: string) => void>>;
  let router: Router;

  beforeEach(() => {
    clock = testClock();
    db = openSandboxDb(':memory:');
    sessions = new StaffSessions({
      issuer: new InProcessIssuer(new SandboxIssuer({ db, now: clock.now }), TERMINAL),
      events: new ConsoleEvents(),
      now: clock.now,
      idleLockSeconds: 180,
    });
    handlers = spyHandlers();
    log = vi.fn<(message: string) => void>();
    router = createRouter<Contract>({ handlers, sessions, log });
  });

  afterEach(() => {
    sessions.dispose();
    db.close();
  });

  describe('channels', () => {
    it.each([['staff.delete'], ['toString'], ['__proto__'], ['constructor'], [''], [42], [null], [undefined], [{}]])(
      'answers UNKNOWN_CHANNEL for %j without calling any handler',
      async (channel) => {
        const error = expectFailure(await router.call(channel, {}));
        expect(error.code).toBe('UNKNOWN_CHANNEL');
        for (const spy of allSpies(handlers)) expect(spy).not.toHaveBeenCalled();
      },
    );

    it('serves every channel of the contract (to a supervisor, who may call them all)', async () => {
      await sessions.login({ staffId: 'S0001', password: 'super-pass-1' });
      const inputs: Record<string, unknown> = {
        'preferences.setLocale': { locale: 'en' },
        'staff.login': { staffId: 'T0001', password: 'teller-pass-1' },
        'training.smsOutbox': { mobileNumber: '010-1234-5678' },
        'training.activateApp': { appRegistrationCode: '12345678' },
        'training.currentOtp': { deviceId: 'dev-1' },
        'training.useOtp': { deviceId: 'dev-1', otp: '123456' },
        'training.advanceClock': { minutes: 1 },
        'customer.identify': { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } },
        'customer.devices': { customerRef: 'cus-1' },
        'device.reportLoss': { customerRef: 'cus-1', deviceId: 'dev-1', reason: 'LOST', idempotencyKey: KEY },
        'otp.start': { customerRef: 'cus-1', identityCheckId: 'chk-1', mobileNumber: '010-****-5678', idempotencyKey: KEY },
        'otp.resendSms': { registrationId: 'reg-1', idempotencyKey: KEY },
        'otp.verifySms': { registrationId: 'reg-1', code: '12345', idempotencyKey: KEY },
        'otp.issueAppCode': { registrationId: 'reg-1', idempotencyKey: KEY },
        'otp.status': { registrationId: 'reg-1' },
        'otp.cancel': { registrationId: 'reg-1', idempotencyKey: KEY },
        'otp.checkOtp': { deviceId: 'dev-1', otp: '123456' },
        'card.lookup': { customerRef: 'cus-1', vendorCode: '001', serial: '100000000001' },
        'card.enroll': { customerRef: 'cus-1', identityCheckId: 'chk-1', vendorCode: '001', serial: '100000000001', action: 'ISSUE', idempotencyKey: KEY },
        'staff.unlockConsole': { password: 'super-pass-1' },
        'approval.request': {
          customerRef: 'cus-1', supervisorId: 'S0002', password: 'super-pass-2',
          request: { action: 'DEVICE_UNLOCK', deviceId: 'dev-1', reason: 'forgot PIN', identityCheckId: 'chk-1' },
        },
        'device.unlock': { customerRef: 'cus-1', deviceId: 'dev-1', reason: 'forgot PIN', identityCheckId: 'chk-1', approvalToken: 'approval-token-0123456789', idempotencyKey: KEY },
        'device.releaseLoss': { customerRef: 'cus-1', deviceId: 'dev-1', approvalToken: 'approval-token-0123456789', idempotencyKey: KEY },
        'journal.reprint': { seq: 1 },
      };
      for (const channel of CHANNELS) {
        const result = await router.call(channel, inputs[channel] ?? {});
        expect(result.ok, channel).toBe(true);
        expect(handlers[channel], channel).toHaveBeenCalledTimes(1);
      }
    });

    it('passes the parsed input (after the schema’s transforms) to the handler', async () => {
      const value = expectValue(await router.call('staff.login', { staffId: '  t0001 ', password: 'teller-pass-1' }));
      expect(value).toEqual(A_SESSION);
      expect(handlers['staff.login']).toHaveBeenCalledTimes(1);
      expect(handlers['staff.login'].mock.calls[0]?.[0]).toEqual({ staffId: 'T0001', password: 'teller-pass-1' });
    });

    it('treats a missing input as {} on channels that take no input', async () => {
      expect(expectValue(await router.call('preferences.get', undefined))).toEqual({ locale: 'ko' });
      expect(expectValue(await router.call('preferences.get', null))).toEqual({ locale: 'ko' });
      expect(handlers['preferences.get']).toHaveBeenCalledTimes(2);
    });
  });

  describe('input validation', () => {
    it('answers INVALID_INPUT naming the field and the rule, never the typed value', async () => {
      const typed = 'zq-typed-secret-991';
      const error = expectFailure(await router.call('staff.login', { staffId: typed, password: 'teller-pass-1' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toEqual({ staffId: 'STAFF_ID_FORMAT' });
      expect(JSON.stringify(error)).not.toContain(typed);
      expect(handlers['staff.login']).not.toHaveBeenCalled();
    });

    it('names the staffId rule for a short ID like "abc"', async () => {
      const error = expectFailure(await router.call('staff.login', { staffId: 'abc', password: 'pw-123456' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details?.staffId).toBe('STAFF_ID_FORMAT');
      expect(JSON.stringify(error)).not.toContain('pw-123456');
      expect(handlers['staff.login']).not.toHaveBeenCalled();
    });

    it('names the password rule for an empty password', async () => {
      const error = expectFailure(await router.call('staff.login', { staffId: 'T0001', password: '' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toEqual({ password: 'PASSWORD_REQUIRED' });
      expect(handlers['staff.login']).not.toHaveBeenCalled();
    });

    it('reports every broken field', async () => {
      const error = expectFailure(await router.call('staff.login', { staffId: '12345', password: '' }));
      expect(error.details).toEqual({ staffId: 'STAFF_ID_FORMAT', password: 'PASSWORD_REQUIRED' });
    });

    it('refuses extra fields without echoing their values', async () => {
      const extraValue = 'extra-secret-value-77';
      const error = expectFailure(
        await router.call('staff.login', { staffId: 'T0001', password: 'teller-pass-1', pin: extraValue }),
      );
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toBeDefined();
      expect(Object.keys(error.details ?? {})).toHaveLength(1);
      expect(JSON.stringify(error)).not.toContain(extraValue);
      expect(JSON.stringify(error)).not.toContain('teller-pass-1');
      expect(handlers['staff.login']).not.toHaveBeenCalled();
    });

    it('refuses extra fields on a channel that takes no input', async () => {
      const error = expectFailure(await router.call('preferences.get', { locale: 'en' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(handlers['preferences.get']).not.toHaveBeenCalled();
    });

    it.each([['fr'], [''], [1], [null]])('refuses locale %j', async (locale) => {
      const error = expectFailure(await router.call('preferences.setLocale', { locale }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(Object.keys(error.details ?? {})).toEqual(['locale']);
      expect(handlers['preferences.setLocale']).not.toHaveBeenCalled();
    });

    it('gives stable codes, not zod prose, for a wrong type or an unknown field', async () => {
      expect(expectFailure(await router.call('staff.login', { staffId: 1, password: 'x' })).details).toEqual({ staffId: 'invalid_type' });
      expect(expectFailure(await router.call('staff.login', { staffId: 'T0001', password: 'x', pin: '1' })).details).toEqual({
        pin: 'unrecognized_keys',
      });
    });

    it('refuses input that is not an object', async () => {
      for (const input of ['T0001', 7, [], true]) {
        const error = expectFailure(await router.call('staff.login', input));
        expect(error.code).toBe('INVALID_INPUT');
      }
      expect(handlers['staff.login']).not.toHaveBeenCalled();
    });
  });

  describe('staff sessions', () => {
    it('answers NOT_LOGGED_IN on a staff channel when nobody is logged in', async () => {
      const error = expectFailure(await router.call('staff.logout', {}));
      expect(error.code).toBe('NOT_LOGGED_IN');
      expect(handlers['staff.logout']).not.toHaveBeenCalled();
    });

    it('answers SESSION_EXPIRED on a staff channel once the session ran out', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      clock.advance(EIGHT_HOURS_MS);
      const error = expectFailure(await router.call('staff.logout', {}));
      expect(error.code).toBe('SESSION_EXPIRED');
      expect(handlers['staff.logout']).not.toHaveBeenCalled();
    });

    it('answers SESSION_EXPIRED when the session check says so (stubbed check)', async () => {
      const check = vi.fn(() => ({ error: 'SESSION_EXPIRED' as const }));
      const stubbed = createRouter<Contract>({ handlers, sessions: { check }, log });
      const error = expectFailure(await stubbed.call('staff.logout', {}));
      expect(error.code).toBe('SESSION_EXPIRED');
      expect(check).toHaveBeenCalled();
      expect(handlers['staff.logout']).not.toHaveBeenCalled();
    });

    it('runs a staff channel for a live session and hands the handler that session', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      clock.advance(EIGHT_HOURS_MS - 1);
      expect(expectValue(await router.call('staff.logout', {}))).toEqual({ loggedOut: true });
      expect(handlers['staff.logout']).toHaveBeenCalledTimes(1);
      const ctx = handlers['staff.logout'].mock.calls[0]?.[1];
      expect(ctx?.session).toMatchObject({ staffId: 'T0001', role: 'TELLER' });
      expect(typeof ctx?.session?.token).toBe('string');
    });

    it('lets a supervisor use a staff channel too', async () => {
      await sessions.login({ staffId: 'S0001', password: 'super-pass-1' });
      expect(expectValue(await router.call('staff.logout', {}))).toEqual({ loggedOut: true });
      expect(handlers['staff.logout'].mock.calls[0]?.[1].session).toMatchObject({ role: 'SUPERVISOR' });
    });

    it('runs public channels without a session, with a null session in the context', async () => {
      expect(expectValue(await router.call('staff.current', {}))).toBeNull();
      expect(handlers['staff.current'].mock.calls[0]?.[1]).toEqual({ session: null });
    });

    it('hands public channels the live session when there is one', async () => {
      await sessions.login({ staffId: 'T0002', password: 'teller-pass-2' });
      await router.call('status.get', {});
      expect(handlers['status.get'].mock.calls[0]?.[1].session).toMatchObject({ staffId: 'T0002' });
    });
  });

  describe('handler output', () => {
    it('answers INTERNAL when the handler breaks the output contract, without leaking the value', async () => {
      const leaked = 'LEAKED-NAME-4411';
      const bad = vi.fn(async () => ({ staffId: 'T0001', name: leaked, role: 'ROOT', expiresAt: 'tomorrow' }));
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.current': bad as unknown as Handlers['staff.current'] }, sessions, log });
      const result = await r.call('staff.current', {});
      const error = expectFailure(result);
      expect(error.code).toBe('INTERNAL');
      expect(JSON.stringify(result)).not.toContain(leaked);
      expect(JSON.stringify(result)).not.toContain('ROOT');
      expect(bad).toHaveBeenCalledTimes(1);
      // The log names the broken fields, not their values.
      expect(log).toHaveBeenCalled();
      expect(log.mock.calls.flat().join('\n')).not.toContain(leaked);
    });

    it('answers INTERNAL when a handler answers nothing', async () => {
      const r = createRouter<Contract>({
        handlers: { ...handlers, 'preferences.get': (async () => undefined) as unknown as Handlers['preferences.get'] },
        sessions,
        log,
      });
      expect(expectFailure(await r.call('preferences.get', {})).code).toBe('INTERNAL');
    });

    it('strips fields the contract does not describe (the token never leaves)', async () => {
      const token = 'tok-should-not-cross-0123456789';
      const withToken = vi.fn(async () => ({ ...A_SESSION, token }));
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.current': withToken }, sessions, log });
      const result = await r.call('staff.current', {});
      expect(expectValue(result)).toEqual(A_SESSION);
      expect(JSON.stringify(result)).not.toContain(token);
    });
  });

  describe('handler errors', () => {
    const throwing = (error: unknown) =>
      vi.fn(async (): Promise<{ loggedOut: true }> => {
        throw error;
      });

    async function callThrowing(error: unknown): Promise<Result<unknown>> {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      const r = createRouter<Contract>({ handlers: { ...handlers, 'staff.logout': throwing(error) }, sessions, log });
      return r.call('staff.logout', {});
    }

    it('passes a ConsoleError through with its code, message and details', async () => {
      const error = expectFailure(await callThrowing(new ConsoleError('SESSION_EXPIRED', 'Session ran out', { minutes: 480 })));
      expect(error).toEqual({ code: 'SESSION_EXPIRED', message: 'Session ran out', details: { minutes: 480 } });
    });

    it('passes an IssuerError with a known code through with its details', async () => {
      const error = expectFailure(
        await callThrowing(new IssuerError(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong', false, { attemptsLeft: 3 })),
      );
      expect(error).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'Staff ID or password is wrong',
        details: { attemptsLeft: 3 },
      });
    });

    it('turns an IssuerError with an unknown code into ISSUER_BAD_RESPONSE', async () => {
      const result = await callThrowing(new IssuerError(500, 'FLUX_CAPACITOR_DOWN', 'raw server text 8812', true, { a: 1 }));
      const error = expectFailure(result);
      expect(error.code).toBe('ISSUER_BAD_RESPONSE');
      expect(JSON.stringify(result)).not.toContain('raw server text 8812');
      expect(log).toHaveBeenCalled();
    });

    it('turns a plain Error into INTERNAL with a generic message', async () => {
      const result = await callThrowing(new Error('SQLITE_CORRUPT at /secret/path customer 711231-1234567'));
      const error = expectFailure(result);
      expect(error.code).toBe('INTERNAL');
      expect(error.details).toBeUndefined();
      const text = JSON.stringify(result);
      expect(text).not.toContain('SQLITE_CORRUPT');
      expect(text).not.toContain('711231');
      expect(text).not.toContain('/secret/path');
      // The full story goes to the main process's log, not the renderer.
      expect(log.mock.calls.flat().join('\n')).toContain('SQLITE_CORRUPT');
    });

    it('never lets an issuer pose as the console with a console-only code', async () => {
      for (const code of ['NOT_LOGGED_IN', 'INTERNAL', 'FORBIDDEN_SENDER']) {
        expect(expectFailure(await callThrowing(new IssuerError(401, code, 'spoofed'))).code).toBe('ISSUER_BAD_RESPONSE');
      }
    });

    it('turns a thrown non-Error into INTERNAL', async () => {
      const result = await callThrowing('a string with 010-1234-5678');
      expect(expectFailure(result).code).toBe('INTERNAL');
      expect(JSON.stringify(result)).not.toContain('010-1234-5678');
    });
  });

  describe('roles (a test contract with a supervisor channel)', () => {
    const testContract = {
      'approvals.grant': {
        access: 'supervisor',
        input: z.object({ action: z.enum(['DEVICE_UNLOCK']) }).strict(),
        output: z.object({ approved: z.literal(true) }),
      },
      'notes.read': { access: 'staff', input: z.object({}).strict(), output: z.object({ notes: z.array(z.string()) }) },
    } satisfies Record<string, ChannelDef>;

    let grant: ReturnType<typeof vi.fn<HandlersFor<typeof testContract>['approvals.grant']>>;
    let roleRouter: Router;

    beforeEach(() => {
      grant = vi.fn<HandlersFor<typeof testContract>['approvals.grant']>(async () => ({ approved: true as const }));
      roleRouter = createRouter({
        contract: testContract,
        handlers: { 'approvals.grant': grant, 'notes.read': async () => ({ notes: [] }) },
        sessions,
        log,
      });
    });

    it('answers FORBIDDEN_ROLE to a teller and never runs the handler', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      const error = expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' }));
      expect(error.code).toBe('FORBIDDEN_ROLE');
      expect(grant).not.toHaveBeenCalled();
    });

    it('runs a supervisor channel for a supervisor', async () => {
      await sessions.login({ staffId: 'S0002', password: 'super-pass-2' });
      expect(expectValue(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' }))).toEqual({ approved: true });
      expect(grant).toHaveBeenCalledTimes(1);
      expect(grant.mock.calls[0]?.[1].session).toMatchObject({ staffId: 'S0002', role: 'SUPERVISOR' });
    });

    it('lets a teller use a staff channel of the same contract', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(expectValue(await roleRouter.call('notes.read', {}))).toEqual({ notes: [] });
    });

    it('answers NOT_LOGGED_IN, not FORBIDDEN_ROLE, when nobody is logged in', async () => {
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' })).code).toBe('NOT_LOGGED_IN');
      expect(grant).not.toHaveBeenCalled();
    });

    it('answers SESSION_EXPIRED once a supervisor’s session ran out', async () => {
      await sessions.login({ staffId: 'S0001', password: 'super-pass-1' });
      clock.advance(EIGHT_HOURS_MS);
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'DEVICE_UNLOCK' })).code).toBe('SESSION_EXPIRED');
      expect(grant).not.toHaveBeenCalled();
    });

    it('checks the input before the role', async () => {
      await sessions.login({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(expectFailure(await roleRouter.call('approvals.grant', { action: 'ANYTHING' })).code).toBe('INVALID_INPUT');
    });

    it('serves only the channels of the contract it was given', async () => {
      expect(expectFailure(await roleRouter.call('status.get', {})).code).toBe('UNKNOWN_CHANNEL');
      expect(handlers['status.get']).not.toHaveBeenCalled();
    });
  });
});
