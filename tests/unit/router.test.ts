import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Contract } from '../../shared/contract.js';
import type { SandboxDb } from '../../sandbox/store/store.js';
import { createRouter, type Router } from '../../main/app/router.js';
import { StaffSessions } from '../../main/staff/sessions.js';
import type { TestClock } from './support/clock.js';
import {
  A_SESSION,
  allSpies,
  createRouterParts,
  EIGHT_HOURS_MS,
  expectFailure,
  expectValue,
  KEY,
  type RouterParts,
  type SpyHandlers,
} from './support/router.js';

describe('createRouter: channels, input, sessions', () => {
  let clock: TestClock;
  let db: SandboxDb;
  let sessions: StaffSessions;
  let handlers: SpyHandlers;
  let log: RouterParts['log'];
  let router: Router;

  beforeEach(() => {
    ({ clock, db, sessions, handlers, log, router } = createRouterParts());
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
        'device.terminate': { customerRef: 'cus-1', deviceId: 'dev-1', identityCheckId: 'chk-1', reason: 'CUSTOMER_REQUEST', idempotencyKey: KEY },
        'customer.changeMobile': { customerRef: 'cus-1', identityCheckId: 'chk-1', mobileNumber: '010-9876-5432', idempotencyKey: KEY },
        'dayEnd.close': {
          close: { businessDate: '2025-03-03', journalSeq: 7, headHash: 'a'.repeat(64), summary: {} },
          approvalToken: 'approval-token-0123456789',
          idempotencyKey: KEY,
        },
        'dayEnd.reopen': { reason: 'a late customer', approvalToken: 'approval-token-0123456789', idempotencyKey: KEY },
        'stock.receive': {
          receipt: { vendorCode: '001', deliveryRef: 'DLV-1', serialFrom: '500000000001', serialTo: '500000000010' },
          approvalToken: 'approval-token-0123456789',
          idempotencyKey: KEY,
        },
        'stock.count': { cards: [{ vendorCode: '001', serial: '100000000001' }], idempotencyKey: KEY },
        'stock.dispose': {
          disposal: { vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' },
          approvalToken: 'approval-token-0123456789',
          idempotencyKey: KEY,
        },
        'card.replace': {
          customerRef: 'cus-1', identityCheckId: 'chk-1', oldDeviceId: 'dev-2', reason: 'DAMAGED', vendorCode: '001', serial: '100000000002',
          fee: { code: 'SMART_OTP_REPLACE', amount: 5000 }, idempotencyKey: KEY,
        },
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
      expect(expectValue(await router.call('preferences.get', undefined))).toEqual({ locale: 'ko', localeSetByPolicy: false });
      expect(expectValue(await router.call('preferences.get', null))).toEqual({ locale: 'ko', localeSetByPolicy: false });
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
      const stubbed = createRouter<Contract>({ handlers, sessions: { check }, log: log.log });
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
});
