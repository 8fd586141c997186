import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issuerEndpoints, type IssuerOperation } from '../../issuer-api/endpoints.js';
import { SANDBOX_VERSION } from '../../sandbox/sandbox-issuer.js';
import { errorOf, expectRefusal, SandboxHarness, TERMINAL } from './support/sandbox.js';

/** A request of the right shape for every operation (whether the rules then accept it is another matter). */
const WELL_FORMED: Record<IssuerOperation, { params?: object; query?: object; body?: object }> = {
  health: {},
  login: { body: { staffId: 'T0001', password: 'teller-pass-1' } },
  logout: {},
  approve: { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'DEVICE_UNLOCK', actionDigest: 'a'.repeat(64) } },
  identityCheck: { body: { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } } },
  devices: { params: { customerRef: 'cus-kim' } },
  startRegistration: { body: { customerRef: 'cus-hong', identityCheckId: 'chk-x', mobileNumber: '01012345678' } },
  resendSms: { params: { registrationId: 'reg-x' }, body: {} },
  verifySms: { params: { registrationId: 'reg-x' }, body: { code: '12345' } },
  issueAppCode: { params: { registrationId: 'reg-x' }, body: {} },
  registration: { params: { registrationId: 'reg-x' } },
  cancelRegistration: { params: { registrationId: 'reg-x' }, body: {} },
  otpCheck: { params: { deviceId: 'dev-kim-digital' }, body: { otp: '123456' } },
  cardLookup: { body: { vendorCode: '001', serial: '100000000001' } },
  issueCard: { body: { customerRef: 'cus-hong', identityCheckId: 'chk-x', vendorCode: '001', serial: '100000000001' } },
  registerCard: { body: { customerRef: 'cus-kim', identityCheckId: 'chk-x', vendorCode: '003', serial: '300000000004' } },
  reportLoss: { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } },
  releaseLoss: { params: { deviceId: 'dev-kim-digital' }, body: {} },
  unlock: { params: { deviceId: 'dev-choi-digital' }, body: { reason: 'forgot PIN', identityCheckId: 'chk-x' } },
  terminate: { params: { deviceId: 'dev-kim-digital' }, body: { identityCheckId: 'chk-x', reason: 'CUSTOMER_REQUEST' } },
  replaceCard: {
    body: { customerRef: 'cus-kim', identityCheckId: 'chk-x', oldDeviceId: 'dev-kim-card-020', reason: 'DAMAGED', vendorCode: '001', serial: '100000000001' },
  },
  changeMobileNumbers: { params: { customerRef: 'cus-hong' }, body: { identityCheckId: 'chk-x', mobileNumber: '01099998888' } },
  fees: {},
  requestOutcome: { params: { idempotencyKey: '6f1c1d3a-4b7e-4c1a-9a55-0d2d8c4b7e11' } },
  anchorJournal: { body: { seq: 1, headHash: 'a'.repeat(64), entryCount: 1 } },
  latestJournalAnchor: {},
  closeDay: { body: { businessDate: '2026-12-02', journalSeq: 1, headHash: 'a'.repeat(64), summary: {} } },
  reopenDay: { body: { reason: 'a job was left out' } },
  receiveStock: { body: { vendorCode: '001', deliveryRef: 'DLV-1', serialFrom: '500000000001', serialTo: '500000000002' } },
  stock: {},
  countStock: { body: { cards: [{ vendorCode: '001', serial: '100000000001' }] } },
  disposeStock: { body: { vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' } },
  pendingActivations: {},
  restrictedDevices: {},
  smsOutbox: { query: { mobileNumber: '01012345678' } },
  registrationSms: { params: { registrationId: 'reg-x' } },
  activateApp: { body: { appRegistrationCode: '12345678', phoneDeviceId: 'phone-1' } },
  appOtp: { body: { deviceId: 'dev-kim-digital' } },
  appAuthenticate: { body: { deviceId: 'dev-kim-digital', otp: '123456' } },
  advanceClock: { body: { advanceSeconds: 60 } },
  reset: { body: {} },
};

const ALL_OPS = Object.keys(issuerEndpoints) as IssuerOperation[];
const STAFF_OPS = ALL_OPS.filter((op) => issuerEndpoints[op].staff);

describe('sandbox: the contract around every rule', () => {
  let h: SandboxHarness;

  beforeEach(() => {
    h = new SandboxHarness();
  });

  afterEach(() => {
    h.close();
  });

  it('has a well-formed sample for every operation of the contract', () => {
    expect(Object.keys(WELL_FORMED).sort()).toEqual([...ALL_OPS].sort());
    expect(STAFF_OPS.length).toBeGreaterThan(15);
  });

  describe('staff session', () => {
    it.each(STAFF_OPS)('%s answers 401 UNAUTHENTICATED without a token, and changes nothing', async (op) => {
      const before = h.count('identity_checks') + h.count('sms_outbox') + h.count('approvals');
      await expectRefusal(h.raw(op, WELL_FORMED[op]), 401, 'UNAUTHENTICATED');
      expect(h.count('identity_checks') + h.count('sms_outbox') + h.count('approvals')).toBe(before);
    });

    it.each(STAFF_OPS)('%s refuses a token the issuer never gave', async (op) => {
      await expectRefusal(h.raw(op, WELL_FORMED[op], { token: 'made-up-token-0123456789' }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a logged-out token and an expired one, and accepts a live one', async () => {
      const ended = await h.login();
      await h.call('logout', {}, { token: ended });
      await expectRefusal(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token: ended }), 401, 'UNAUTHENTICATED');

      const live = await h.login('T0002');
      await expect(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token: live })).resolves.toBeDefined();
      h.clock.advance(8 * 60 * 60 * 1000);
      await expectRefusal(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token: live }), 401, 'UNAUTHENTICATED');
    });

    it("needs no token for health, login, requestOutcome, the terminal's journal anchors and the sandbox-only routes", async () => {
      const open = ALL_OPS.filter((op) => !issuerEndpoints[op].staff);
      expect(open.sort()).toEqual([
        'activateApp', 'advanceClock', 'anchorJournal', 'appAuthenticate', 'appOtp', 'health', 'latestJournalAnchor', 'login', 'registrationSms',
        'requestOutcome', 'reset', 'smsOutbox',
      ]);
      for (const op of ['health', 'login', 'smsOutbox', 'appOtp', 'advanceClock', 'anchorJournal', 'latestJournalAnchor'] as const) {
        await expect(h.raw(op, WELL_FORMED[op]), op).resolves.toBeDefined();
      }
    });
  });

  describe('request validation', () => {
    let token: string;
    beforeEach(async () => {
      token = await h.login();
    });

    const identityBody = (overrides: Record<string, unknown>) => ({
      ...(WELL_FORMED.identityCheck.body as object),
      ...overrides,
    });

    it('names the field and our rule for a malformed RRN, and never echoes it', async () => {
      const typed = '900101-112345';
      const error = await expectRefusal(h.raw('identityCheck', { body: identityBody({ rrn: typed }) }, { token }), 400, 'VALIDATION_FAILED', {
        rrn: 'RRN_FORMAT',
      });
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain('900101112345');
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(typed);
      expect(h.count('identity_checks')).toBe(0);
    });

    it('names RRN_DATE for a birth date that does not exist and DATE_INVALID for a bad issue date', async () => {
      await expectRefusal(
        h.raw('identityCheck', { body: identityBody({ rrn: '900230-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-02-30' } }) }, { token }),
        400,
        'VALIDATION_FAILED',
        { rrn: 'RRN_DATE', 'document.issueDate': 'DATE_INVALID' },
      );
    });

    it("falls back to zod's issue code where the schema has no rule name", async () => {
      await expectRefusal(
        h.raw('identityCheck', { body: { rrn: '900101-1123459', document: { type: 'ID_CARD', issueDate: '2015-03-02' }, extra: 1 } }, { token }),
        400,
        'VALIDATION_FAILED',
        { name: 'invalid_type', 'document.type': 'invalid_value', extra: 'unrecognized_keys' },
      );
    });

    it('names the body itself when it is not an object', async () => {
      await expectRefusal(h.raw('identityCheck', { body: ['a'] }, { token }), 400, 'VALIDATION_FAILED', { body: 'invalid_type' });
    });

    it('validates path parameters and queries too', async () => {
      await expectRefusal(h.raw('registration', { params: { registrationId: 'r'.repeat(65) } }, { token }), 400, 'VALIDATION_FAILED', {
        registrationId: 'too_big',
      });
      await expectRefusal(h.raw('smsOutbox', { query: { mobileNumber: '02-123-4567' } }), 400, 'VALIDATION_FAILED', {
        mobileNumber: 'MOBILE_FORMAT',
      });
      await expectRefusal(h.raw('smsOutbox', {}), 400, 'VALIDATION_FAILED', { mobileNumber: 'invalid_type' });
    });

    it('never puts a typed password in the error', async () => {
      const password = `secret-${'x'.repeat(130)}`;
      const error = await expectRefusal(h.raw('login', { body: { staffId: 'T0001', password } }), 400, 'VALIDATION_FAILED', {
        password: 'too_big',
      });
      expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain('secret-');
    });

    it('validates before it authenticates or changes anything', async () => {
      await expectRefusal(h.raw('verifySms', { params: { registrationId: 'reg-x' }, body: { code: '1234' } }), 400, 'VALIDATION_FAILED', {
        code: 'SMS_CODE_FORMAT',
      });
    });

    it('takes a missing body of a POST as {} (so empty-body calls need none)', async () => {
      await expect(h.raw('reset', {})).resolves.toEqual({ reset: true });
      await expectRefusal(h.raw('approve', {}, { token }), 400, 'VALIDATION_FAILED', {
        supervisorId: 'invalid_type',
        password: 'invalid_type',
        action: 'invalid_value',
        actionDigest: 'invalid_type',
      });
    });

    it('refuses a request that is not even an object', async () => {
      await expectRefusal(h.raw('login', null), 400, 'VALIDATION_FAILED', { staffId: 'invalid_type', password: 'invalid_type' });
    });

    it('ignores parts an endpoint does not take (the HTTP server passes every query)', async () => {
      await expect(h.raw('health', { query: { anything: '1' }, params: {} })).resolves.toEqual({ status: 'ok', version: SANDBOX_VERSION });
    });
  });

  describe('context', () => {
    it('answers 404 NOT_FOUND for an operation the contract does not have', async () => {
      await expectRefusal(h.raw('toString', {}), 404, 'NOT_FOUND');
      await expectRefusal(h.raw('deleteEverything', {}), 404, 'NOT_FOUND');
    });

    it('refuses malformed terminal headers', async () => {
      const error = await errorOf(
        h.sandbox.handle('health', {}, { terminal: { institutionCode: '88', branchCode: '0101', terminalId: 'T-1' } }),
      );
      expect(error).toMatchObject({ status: 400, code: 'MISSING_TERMINAL_HEADERS', details: { fields: 'institutionCode' } });
    });

    it.each([[''], ['k-1'], ['6f1c1d3a-4b7e-4c1a-9a55-0d2d8c4b7e1']])('refuses the Idempotency-Key %j on a POST: a UUID, as over HTTP', async (key) => {
      await expectRefusal(h.raw('advanceClock', WELL_FORMED.advanceClock, { idempotencyKey: key }), 400, 'VALIDATION_FAILED', {
        'Idempotency-Key': 'UUID_FORMAT',
      });
    });
  });

  it('answers health with the sandbox version', async () => {
    const health = await h.call('health', {});
    expect(health).toEqual({ status: 'ok', version: 'sandbox-1' });
    expect(issuerEndpoints.health.response.safeParse(health).success).toBe(true);
  });

  it('answers logout with nothing (204) and ends the token', async () => {
    const token = await h.login();
    await expect(h.call('logout', {}, { token })).resolves.toBeUndefined();
    await expectRefusal(h.call('logout', {}, { token }), 401, 'UNAUTHENTICATED');
  });

  it('marks every refusal not retryable and gives it a contract code', async () => {
    const error = await errorOf(h.raw('login', { body: { staffId: 'T0001', password: 'nope' } }, { terminal: TERMINAL }));
    expect(error.retryable).toBe(false);
    expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
