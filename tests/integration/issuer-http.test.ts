import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ISSUER_ERROR_CODES, IssuerError } from '../../issuer-api/errors.js';
import type { IssuerRequest } from '../../issuer-api/endpoints.js';
import { approvalDigest } from '../../issuer-api/approval-digest.js';
import { businessDateOf, SEOUL_OFFSET_MS } from '../../issuer-api/domain.js';

const DAY_MS = 24 * 60 * 60 * 1000;
import { HttpIssuer, HttpSandboxPhone } from '../../main/issuer/http-client.js';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { BRANCH_088, codeFromSms, CUSTOMERS, identityCheckBody, type SeedCustomer } from '../support/issuer-fixtures.js';

// The production HTTP client against the sandbox issuer's HTTP server on 127.0.0.1: every call,
// and every error code of the contract seen through the client.
describe('issuer over HTTP: the client against the sandbox', () => {
  let dir: string;
  let db: SandboxDb;
  let server: SandboxServer;
  let issuer: HttpIssuer;
  let phone: HttpSandboxPhone;
  const seenCodes = new Set<string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'issuer-http-'));
    db = openSandboxDb(join(dir, 'sandbox.sqlite'));
    server = await startSandboxServer({ sandbox: new SandboxIssuer({ db }), log: () => {} });
    issuer = new HttpIssuer({ baseUrl: server.url, terminal: BRANCH_088, retries: 0 });
    phone = new HttpSandboxPhone({ baseUrl: server.url, terminal: BRANCH_088, retries: 0 });
  });
  afterAll(async () => {
    await server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await phone.call('reset', { body: {} });
  });

  /** Awaits a refusal, checks its code, and records it for the every-code check at the end. */
  async function refused(promise: Promise<unknown>, code: string, details?: Record<string, unknown>) {
    const error = await promise.then(
      () => expect.fail(`expected ${code}, the call succeeded`),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as IssuerError).code).toBe(code);
    if (details) expect((error as IssuerError).details).toMatchObject(details);
    seenCodes.add(code);
    return error as IssuerError;
  }

  const login = async (staffId = 'T0001', password = 'teller-pass-1') =>
    (await issuer.call('login', { body: { staffId, password } })).token;

  async function verified(token: string, who: SeedCustomer) {
    const check = await issuer.call('identityCheck', { body: identityCheckBody(who) }, { token });
    expect(check.result).toBe('VERIFIED');
    return { checkId: check.checkId, customerRef: check.customerRef! };
  }

  async function registrationUpToSms(token: string, who: SeedCustomer = 'hong') {
    const { checkId, customerRef } = await verified(token, who);
    const started = await issuer.call(
      'startRegistration',
      { body: { customerRef, identityCheckId: checkId, mobileNumber: CUSTOMERS[who].mobile } },
      { token },
    );
    return { ...started, customerRef, checkId };
  }

  const latestCode = async (mobileNumber: string) => codeFromSms((await phone.call('smsOutbox', { query: { mobileNumber } })).messages);

  it('walks a whole Digital OTP registration: SMS code, app code, activation on the phone, first OTP', async () => {
    expect(await issuer.call('health', {})).toEqual({ status: 'ok', version: expect.any(String) });
    const token = await login();
    const started = await registrationUpToSms(token);
    expect(started).toMatchObject({ status: 'SMS_SENT', resendsLeft: 3 });

    const id = { registrationId: started.registrationId };
    expect(await issuer.call('verifySms', { params: id, body: { code: await latestCode(CUSTOMERS.hong.mobile) } }, { token })).toEqual({
      status: 'SMS_VERIFIED',
    });
    const { appRegistrationCode } = await issuer.call('issueAppCode', { params: id, body: {} }, { token });
    expect(appRegistrationCode).toMatch(/^\d{8}$/);
    expect((await issuer.call('registration', { params: id }, { token })).status).toBe('APP_CODE_ISSUED');

    const { deviceId } = await phone.call('activateApp', { body: { appRegistrationCode, phoneDeviceId: 'phone-1' } });
    expect(await issuer.call('registration', { params: id }, { token })).toMatchObject({ status: 'ACTIVATED', deviceId });

    const { otp } = await phone.call('appOtp', { body: { deviceId } });
    expect(await issuer.call('otpCheck', { params: { deviceId }, body: { otp } }, { token })).toEqual({ ok: true });
    const { devices } = await issuer.call('devices', { params: { customerRef: started.customerRef } }, { token });
    expect(devices).toEqual([expect.objectContaining({ deviceId, kind: 'DIGITAL_OTP', status: 'ACTIVE', maskedMobile: '010-****-5678' })]);
    await issuer.call('logout', {}, { token });
    await refused(issuer.call('devices', { params: { customerRef: started.customerRef } }, { token }), 'UNAUTHENTICATED');
  });

  it("refuses staff logins as the rules say, and ends a locked account's open sessions", async () => {
    const open = await login('T0002', 'teller-pass-2');
    await refused(issuer.call('login', { body: { staffId: 'T0002', password: 'nope' } }), 'INVALID_CREDENTIALS', { attemptsLeft: 4 });
    for (let i = 0; i < 3; i++) await refused(issuer.call('login', { body: { staffId: 'T0002', password: 'nope' } }), 'INVALID_CREDENTIALS');
    await expect(issuer.call('devices', { params: { customerRef: 'cus-kim' } }, { token: open })).resolves.toBeDefined();
    await refused(issuer.call('login', { body: { staffId: 'T0002', password: 'nope' } }), 'STAFF_LOCKED');
    await refused(issuer.call('login', { body: { staffId: 'T0002', password: 'teller-pass-2' } }), 'STAFF_LOCKED');
    const ended = await refused(issuer.call('devices', { params: { customerRef: 'cus-kim' } }, { token: open }), 'SESSION_ENDED');
    expect({ status: ended.status, retryable: ended.retryable }).toEqual({ status: 401, retryable: false });
  });

  it('answers identity checks: verified, mismatch, document reported lost', async () => {
    const token = await login();
    const hong = await issuer.call('identityCheck', { body: identityCheckBody('hong') }, { token });
    expect(hong).toMatchObject({ result: 'VERIFIED', customerType: 'INDIVIDUAL', maskedRrn: '900101-1******', mobileNumbers: ['010-****-5678'] });
    expect(JSON.stringify(hong)).not.toContain('1123459');
    const wrongDate = { ...identityCheckBody('hong'), document: { type: 'RESIDENT_CARD' as const, issueDate: '2015-03-03' } };
    expect((await issuer.call('identityCheck', { body: wrongDate }, { token })).result).toBe('MISMATCH');
    expect((await issuer.call('identityCheck', { body: identityCheckBody('jung') }, { token })).result).toBe('DOCUMENT_REPORTED_LOST');
    await refused(issuer.call('identityCheck', { body: { ...identityCheckBody('hong'), rrn: '901301-1123459' } }, { token }), 'VALIDATION_FAILED', {
      rrn: 'RRN_DATE',
    });
    await refused(issuer.call('devices', { params: { customerRef: 'no-such-customer' } }, { token }), 'CUSTOMER_NOT_FOUND');
  });

  it('refuses Digital OTP registrations the rules do not allow', async () => {
    const token = await login();
    const lee = await verified(token, 'lee');
    await refused(
      issuer.call('startRegistration', { body: { customerRef: lee.customerRef, identityCheckId: lee.checkId, mobileNumber: CUSTOMERS.lee.mobile } }, { token }),
      'NOT_ELIGIBLE',
    );
    const hong = await verified(token, 'hong');
    await refused(
      issuer.call('startRegistration', { body: { customerRef: hong.customerRef, identityCheckId: hong.checkId, mobileNumber: '010-9999-0000' } }, { token }),
      'MOBILE_NOT_ON_RECORD',
    );
    await refused(
      issuer.call('startRegistration', { body: { customerRef: hong.customerRef, identityCheckId: lee.checkId, mobileNumber: CUSTOMERS.hong.mobile } }, { token }),
      'IDENTITY_CHECK_INVALID',
    );
    await refused(issuer.call('registration', { params: { registrationId: 'no-such-registration' } }, { token }), 'REGISTRATION_NOT_FOUND');

    const started = await registrationUpToSms(token);
    const id = { registrationId: started.registrationId };
    await refused(issuer.call('issueAppCode', { params: id, body: {} }, { token }), 'INVALID_REGISTRATION_STATE');
    await refused(issuer.call('verifySms', { params: id, body: { code: '00000' } }, { token }), 'SMS_CODE_MISMATCH', { attemptsLeft: 4 });
    for (let i = 0; i < 3; i++) await issuer.call('resendSms', { params: id, body: {} }, { token });
    await refused(issuer.call('resendSms', { params: id, body: {} }, { token }), 'RESEND_LIMIT_REACHED');

    await phone.call('advanceClock', { body: { advanceSeconds: 181 } });
    await refused(issuer.call('verifySms', { params: id, body: { code: await latestCode(CUSTOMERS.hong.mobile) } }, { token }), 'SMS_CODE_EXPIRED');

    const again = await registrationUpToSms(token);
    for (let i = 0; i < 4; i++) await refused(issuer.call('verifySms', { params: { registrationId: again.registrationId }, body: { code: '00000' } }, { token }), 'SMS_CODE_MISMATCH');
    await refused(issuer.call('verifySms', { params: { registrationId: again.registrationId }, body: { code: '00000' } }, { token }), 'TOO_MANY_ATTEMPTS');
    expect((await issuer.call('registration', { params: { registrationId: again.registrationId } }, { token })).status).toBe('CANCELLED');
  });

  it('refuses what the phone may not do, and counts wrong OTPs until the device is restricted', async () => {
    const token = await login();
    await refused(phone.call('activateApp', { body: { appRegistrationCode: '12345678', phoneDeviceId: 'p' } }), 'APP_CODE_INVALID');
    const started = await registrationUpToSms(token);
    const id = { registrationId: started.registrationId };
    await issuer.call('verifySms', { params: id, body: { code: await latestCode(CUSTOMERS.hong.mobile) } }, { token });
    const { appRegistrationCode } = await issuer.call('issueAppCode', { params: id, body: {} }, { token });
    await refused(phone.call('activateApp', { body: { appRegistrationCode, phoneDeviceId: 'rooted', rooted: true } }), 'DEVICE_INTEGRITY_FAILED');
    const { deviceId } = await phone.call('activateApp', { body: { appRegistrationCode, phoneDeviceId: 'p' } });

    const { otp } = await phone.call('appOtp', { body: { deviceId } });
    const wrong = otp === '000000' ? '111111' : '000000';
    for (let failCount = 1; failCount <= 9; failCount++) {
      await refused(phone.call('appAuthenticate', { body: { deviceId, otp: wrong } }), 'OTP_MISMATCH', { failCount });
    }
    await refused(issuer.call('otpCheck', { params: { deviceId }, body: { otp: wrong } }, { token }), 'DEVICE_RESTRICTED');
    await refused(phone.call('appAuthenticate', { body: { deviceId, otp } }), 'DEVICE_RESTRICTED');
    await refused(issuer.call('otpCheck', { params: { deviceId: 'no-such-device' }, body: { otp } }, { token }), 'DEVICE_NOT_FOUND');
  });

  it('reports a device lost everywhere, and releases it only with a supervisor approval bound to the request', async () => {
    const teller = await login();
    const report = await issuer.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'STOLEN' } }, { token: teller });
    expect(report.status).toBe('LOST');
    await refused(issuer.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } }, { token: teller }), 'INVALID_DEVICE_STATE');
    // A lost phone's OTPs are refused at once.
    await issuer.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST', note: 'left in a taxi' } }, { token: teller });
    const { otp } = await phone.call('appOtp', { body: { deviceId: 'dev-kim-digital' } });
    await refused(issuer.call('otpCheck', { params: { deviceId: 'dev-kim-digital' }, body: { otp } }, { token: teller }), 'DEVICE_LOST');

    // Lost everywhere at once: this institution cannot register the card either.
    const kim = await verified(teller, 'kim');
    await refused(
      issuer.call('registerCard', { body: { customerRef: kim.customerRef, identityCheckId: kim.checkId, vendorCode: '003', serial: '300000000004' } }, { token: teller }),
      'CARD_NOT_USABLE',
    );

    const release: IssuerRequest<'releaseLoss'> = { params: { deviceId: 'dev-kim-card-020' }, body: {} };
    const approve = (supervisorId: string, password: string, request = release) =>
      issuer.call(
        'approve',
        { body: { supervisorId, password, action: 'LOSS_REPORT_RELEASE', actionDigest: approvalDigest('releaseLoss', request) } },
        { token: teller },
      );
    await refused(issuer.call('releaseLoss', release, { token: teller }), 'APPROVAL_REQUIRED');
    await refused(approve('S0001', 'wrong'), 'INVALID_CREDENTIALS');
    await refused(approve('T0002', 'teller-pass-2'), 'NOT_A_SUPERVISOR');
    const otherRequest = await approve('S0001', 'super-pass-1', { params: { deviceId: 'dev-kim-digital' }, body: {} });
    await refused(issuer.call('releaseLoss', release, { token: teller, approvalToken: otherRequest.approvalToken }), 'APPROVAL_INVALID');

    const { approvalToken } = await approve('S0002', 'super-pass-2');
    // Bound to the session that asked for it, at its terminal: another teller, or this one at another counter, is refused and spends nothing.
    const otherTeller = await login('T0002', 'teller-pass-2');
    await refused(issuer.call('releaseLoss', release, { token: otherTeller, approvalToken }), 'APPROVAL_INVALID');
    const otherCounter = new HttpIssuer({ baseUrl: server.url, terminal: { ...BRANCH_088, terminalId: 'T-TEST-02' }, retries: 0 });
    await refused(otherCounter.call('releaseLoss', release, { token: teller, approvalToken }), 'APPROVAL_INVALID');
    expect((await issuer.call('releaseLoss', release, { token: teller, approvalToken })).status).toBe('ACTIVE');
    await refused(issuer.call('releaseLoss', release, { token: teller, approvalToken }), 'APPROVAL_INVALID');

    const supervisor = await login('S0001', 'super-pass-1');
    await refused(
      issuer.call('approve', { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'LOSS_REPORT_RELEASE', actionDigest: approvalDigest('releaseLoss', release) } }, { token: supervisor }),
      'SELF_APPROVAL',
    );
  });

  it("unlocks 최지우's restricted Digital OTP with a fresh identity check and an approval", async () => {
    const teller = await login();
    const choi = await verified(teller, 'choi');
    const unlock = { params: { deviceId: 'dev-choi-digital' }, body: { reason: 'customer forgot PIN', identityCheckId: choi.checkId } };
    const { approvalToken } = await issuer.call(
      'approve',
      { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'DEVICE_UNLOCK', actionDigest: approvalDigest('unlock', unlock) } },
      { token: teller },
    );
    expect(await issuer.call('unlock', unlock, { token: teller, approvalToken })).toMatchObject({ status: 'ACTIVE', failCount: 0 });
    await refused(issuer.call('unlock', unlock, { token: teller, approvalToken }), 'APPROVAL_INVALID');
  });

  it('looks up, issues and registers Smart OTP cards, refusing each wrong case', async () => {
    const token = await login();
    const hong = await verified(token, 'hong');
    const lee = await verified(token, 'lee');
    const kim = await verified(token, 'kim');
    expect(await issuer.call('cardLookup', { body: { vendorCode: '001', serial: '100000000001' } }, { token })).toMatchObject({
      status: 'IN_STOCK',
      issuingInstitutionCode: '088',
    });
    await refused(issuer.call('cardLookup', { body: { vendorCode: '009', serial: '999999999999' } }, { token }), 'CARD_NOT_FOUND');

    const enroll = (who: { customerRef: string; checkId: string }, vendorCode: string, serial: string) => ({
      body: { customerRef: who.customerRef, identityCheckId: who.checkId, vendorCode, serial },
    });
    const issued = await issuer.call('issueCard', enroll(hong, '001', '100000000001'), { token });
    expect(issued).toMatchObject({ kind: 'SMART_OTP', status: 'ACTIVE', institutionCode: '088', vendorCode: '001', maskedSerial: '1000****0001' });
    await refused(issuer.call('issueCard', enroll(hong, '001', '100000000002'), { token }), 'ALREADY_REGISTERED_AT_INSTITUTION');
    await refused(issuer.call('issueCard', enroll(lee, '003', '300000000005'), { token }), 'CARD_NOT_IN_STOCK');

    await refused(issuer.call('registerCard', enroll(lee, '003', '300000000004'), { token }), 'HOLDER_MISMATCH');
    await refused(issuer.call('registerCard', enroll(hong, '002', '200000000006'), { token }), 'CARD_NOT_USABLE');
    const registered = await issuer.call('registerCard', enroll(kim, '003', '300000000004'), { token });
    expect(registered).toMatchObject({ kind: 'SMART_OTP', status: 'ACTIVE', institutionCode: '088' });
  });

  it('answers bad requests with 400 and a code, and keeps serving', async () => {
    const headers = { 'Content-Type': 'application/json', 'X-Institution-Code': '088', 'X-Branch-Code': '0101', 'X-Terminal-Id': 'T-1' };
    const post = (path: string, body: string, extra: Record<string, string> = headers) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: extra, body });
    const codeOf = async (response: Response) => {
      const json = (await response.json()) as { error: { code: string } };
      seenCodes.add(json.error.code);
      return [response.status, json.error.code];
    };
    expect(await codeOf(await post('/v1/staff/sessions', '{"staffId": "T0001", '))).toEqual([400, 'MALFORMED_JSON']);
    expect(await codeOf(await post('/v1/staff/sessions', JSON.stringify({ staffId: 1, password: true })))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf(await post('/v1/staff/sessions', JSON.stringify({ staffId: 'T0001', password: 'x', extra: 1 })))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf(await post('/v1/staff/sessions', '{}', { 'Content-Type': 'application/json' }))).toEqual([400, 'MISSING_TERMINAL_HEADERS']);
    expect(await codeOf(await post('/v1/no/such/route', '{}'))).toEqual([404, 'NOT_FOUND']);
    expect(await codeOf(await post('/v1/staff/sessions', '{}', { ...headers, 'Idempotency-Key': 'not-a-uuid' }))).toEqual([400, 'VALIDATION_FAILED']);
    // The framing of ISSUER-API.md v1.1 (every case in issuer-http-framing.test.ts).
    expect(await codeOf(await post('/v1/staff/sessions', '{}', { ...headers, 'Content-Type': 'text/plain' }))).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await codeOf(await post('/v1/staff/sessions', ' '.repeat(65_537)))).toEqual([413, 'BODY_TOO_LARGE']);
    expect(await codeOf(await post('/v1/customers/%zz/devices', '{}'))).toEqual([400, 'BAD_REQUEST']);
    expect(await issuer.call('health', {})).toMatchObject({ status: 'ok' });
  });

  it('replays a retried POST from its idempotency key, and refuses the key with another body', async () => {
    const token = await login();
    const hong = await verified(token, 'hong');
    const body = { customerRef: hong.customerRef, identityCheckId: hong.checkId, mobileNumber: CUSTOMERS.hong.mobile };
    const key = '6f1c1d3a-4b7e-4c1a-9a55-0d2d8c4b7e11';
    const first = await issuer.call('startRegistration', { body }, { token, idempotencyKey: key });
    const again = await issuer.call('startRegistration', { body }, { token, idempotencyKey: key });
    expect(again).toEqual(first);
    expect(db.prepare('SELECT count(*) AS n FROM sms_outbox').get()).toEqual({ n: 1 });
    await refused(issuer.call('startRegistration', { body: { ...body, mobileNumber: '010 1234 5678' } }, { token, idempotencyKey: key }), 'IDEMPOTENCY_KEY_REUSED');

    // Another teller replaying the key gets no stored answer: in their scope the key is new.
    const other = await login('T0002', 'teller-pass-2');
    const theirs = await issuer.call('startRegistration', { body }, { token: other, idempotencyKey: key });
    expect(theirs.registrationId).not.toBe(first.registrationId);
    expect(db.prepare('SELECT count(*) AS n FROM sms_outbox').get()).toEqual({ n: 2 });
  });

  it('tells this terminal, and only it, what became of a request by its idempotency key, without a staff session', async () => {
    const token = await login();
    const started = await registrationUpToSms(token);
    const sent = '0b6a1f0e-2c3d-4e5f-8a9b-1c2d3e4f5a6b';
    const refusedKey = '7d9e2a4b-5c6d-4e7f-9a0b-2c3d4e5f6a7b';
    await issuer.call('resendSms', { params: { registrationId: started.registrationId }, body: {} }, { token, idempotencyKey: sent });
    const wrong = (await latestCode(CUSTOMERS.hong.mobile)) === '00000' ? '00001' : '00000';
    await refused(
      issuer.call('verifySms', { params: { registrationId: started.registrationId }, body: { code: wrong } }, { token, idempotencyKey: refusedKey }),
      'SMS_CODE_MISMATCH',
    );

    const asT0001 = { staffId: 'T0001' };
    expect(await issuer.call('requestOutcome', { params: { idempotencyKey: sent }, query: asT0001 })).toEqual({
      idempotencyKey: sent,
      operation: 'resendSms',
      status: 200,
      answeredAt: expect.any(String),
    });
    expect(await issuer.call('requestOutcome', { params: { idempotencyKey: refusedKey }, query: asT0001 })).toMatchObject({
      operation: 'verifySms',
      status: 422,
      errorCode: 'SMS_CODE_MISMATCH',
    });
    await refused(issuer.call('requestOutcome', { params: { idempotencyKey: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6' }, query: asT0001 }), 'REQUEST_NOT_FOUND');
    // Another staff member's scope, or the terminal's own (logins), does not hold T0001's keys.
    await refused(issuer.call('requestOutcome', { params: { idempotencyKey: sent }, query: { staffId: 'T0002' } }), 'REQUEST_NOT_FOUND');
    await refused(issuer.call('requestOutcome', { params: { idempotencyKey: sent }, query: {} }), 'REQUEST_NOT_FOUND');
    const otherCounter = new HttpIssuer({ baseUrl: server.url, terminal: { ...BRANCH_088, terminalId: 'T-TEST-02' }, retries: 0 });
    await refused(otherCounter.call('requestOutcome', { params: { idempotencyKey: sent }, query: asT0001 }), 'REQUEST_NOT_FOUND');
    await refused(issuer.call('requestOutcome', { params: { idempotencyKey: 'not-a-uuid' }, query: {} }), 'VALIDATION_FAILED', { idempotencyKey: 'UUID_FORMAT' });
  });

  it("keeps each terminal's journal anchors as a witness: forward only, one hash per seq, never another terminal's, without a staff session", async () => {
    // No call here carries a staff token: the console checks and anchors its journal before anyone logs in.
    const head = (n: number) => String(n % 10).repeat(64);
    const anchorsOf = (terminalId: string, branchCode = BRANCH_088.branchCode) =>
      db.prepare('SELECT seq, head_hash AS headHash, entry_count AS entryCount FROM journal_anchors WHERE branch_code = ? AND terminal_id = ? ORDER BY seq').all(branchCode, terminalId);

    expect((await refused(issuer.call('latestJournalAnchor', {}), 'NO_ANCHOR')).status).toBe(404);
    const first = await issuer.call('anchorJournal', { body: { seq: 3, headHash: head(3), entryCount: 3 } });
    expect(first).toEqual({ anchoredAt: expect.any(String) });
    expect(await issuer.call('latestJournalAnchor', {})).toEqual({ seq: 3, headHash: head(3), entryCount: 3, anchoredAt: first.anchoredAt });

    // The same head again, later (the sandbox clock moved on): accepted, with the time it was first anchored.
    await phone.call('advanceClock', { body: { advanceSeconds: 60 } });
    expect(await issuer.call('anchorJournal', { body: { seq: 3, headHash: head(3), entryCount: 3 } })).toEqual({ anchoredAt: first.anchoredAt });
    expect((await refused(issuer.call('anchorJournal', { body: { seq: 3, headHash: head(4), entryCount: 3 } }), 'ANCHOR_MISMATCH', { seq: 3 })).status).toBe(409);
    await refused(issuer.call('anchorJournal', { body: { seq: 3, headHash: head(3), entryCount: 4 } }), 'ANCHOR_MISMATCH', { seq: 3 });
    const behind = await refused(issuer.call('anchorJournal', { body: { seq: 2, headHash: head(2), entryCount: 2 } }), 'ANCHOR_REGRESSION', { seq: 2, latestSeq: 3 });
    expect(behind.status).toBe(409);
    expect(await issuer.call('latestJournalAnchor', {})).toEqual({ seq: 3, headHash: head(3), entryCount: 3, anchoredAt: first.anchoredAt });
    expect(anchorsOf(BRANCH_088.terminalId)).toEqual([{ seq: 3, headHash: head(3), entryCount: 3 }]);

    const fifth = await issuer.call('anchorJournal', { body: { seq: 5, headHash: head(5), entryCount: 5 } });
    expect(fifth.anchoredAt).not.toBe(first.anchoredAt);
    expect(await issuer.call('latestJournalAnchor', {})).toEqual({ seq: 5, headHash: head(5), entryCount: 5, anchoredAt: fifth.anchoredAt });
    await refused(issuer.call('anchorJournal', { body: { seq: 4, headHash: head(4), entryCount: 4 } }), 'ANCHOR_REGRESSION', { seq: 4, latestSeq: 5 });

    // Another counter of the branch, and the same counter ID at another branch: no anchor of theirs yet, and
    // their own seq 1 (below this terminal's 5) and seq 5 (with another hash) are theirs alone.
    for (const terminal of [
      { ...BRANCH_088, terminalId: 'T-TEST-02' },
      { ...BRANCH_088, branchCode: '0202' },
    ]) {
      const other = new HttpIssuer({ baseUrl: server.url, terminal, retries: 0 });
      await refused(other.call('latestJournalAnchor', {}), 'NO_ANCHOR');
      const own = await other.call('anchorJournal', { body: { seq: 1, headHash: head(1), entryCount: 1 } });
      expect(await other.call('latestJournalAnchor', {})).toEqual({ seq: 1, headHash: head(1), entryCount: 1, anchoredAt: own.anchoredAt });
      const ownFifth = await other.call('anchorJournal', { body: { seq: 5, headHash: head(6), entryCount: 5 } });
      expect(await other.call('latestJournalAnchor', {})).toEqual({ seq: 5, headHash: head(6), entryCount: 5, anchoredAt: ownFifth.anchoredAt });
      expect(anchorsOf(terminal.terminalId, terminal.branchCode)).toEqual([
        { seq: 1, headHash: head(1), entryCount: 1 },
        { seq: 5, headHash: head(6), entryCount: 5 },
      ]);
      expect(await issuer.call('latestJournalAnchor', {})).toEqual({ seq: 5, headHash: head(5), entryCount: 5, anchoredAt: fifth.anchoredAt });
    }

    // A malformed head is refused by the contract (400, as every body that does not fit it) and changes nothing.
    const rows = db.prepare('SELECT count(*) AS n FROM journal_anchors').get();
    for (const headHash of ['AB'.repeat(32), 'a'.repeat(63)]) {
      const malformed = await refused(issuer.call('anchorJournal', { body: { seq: 6, headHash, entryCount: 6 } }), 'VALIDATION_FAILED', { headHash: 'HEAD_HASH_FORMAT' });
      expect(malformed.status).toBe(400);
    }
    expect(db.prepare('SELECT count(*) AS n FROM journal_anchors').get()).toEqual(rows);
    expect(await issuer.call('latestJournalAnchor', {})).toEqual({ seq: 5, headHash: head(5), entryCount: 5, anchoredAt: fifth.anchoredAt });

    // A reset forgets the anchors like every other record.
    await phone.call('reset', { body: {} });
    await refused(issuer.call('latestJournalAnchor', {}), 'NO_ANCHOR');
    expect(db.prepare('SELECT count(*) AS n FROM journal_anchors').get()).toEqual({ n: 0 });
  });

  it('v1.1 over HTTP: fees, a waived issuance, a replacement, a termination, number changes, and their refusals', async () => {
    const token = await login();
    expect((await issuer.call('fees', {}, { token })).items).toContainEqual({ code: 'SMART_OTP_ISSUE', amount: 5000 });
    const hong = await verified(token, 'hong');
    const kim = await verified(token, 'kim');
    const card = (who: typeof hong, serial: string) => ({ customerRef: who.customerRef, identityCheckId: who.checkId, vendorCode: '001', serial });

    await refused(issuer.call('issueCard', { body: { ...card(hong, '100000000001'), fee: { code: 'SMART_OTP_ISSUE', amount: 1000 } } }, { token }), 'FEE_MISMATCH');
    await refused(
      issuer.call('issueCard', { body: { ...card(hong, '100000000001'), fee: { code: 'SMART_OTP_ISSUE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' } } }, { token }),
      'WAIVER_NOT_APPLICABLE',
    );
    const waived = { body: { ...card(hong, '100000000001'), fee: { code: 'SMART_OTP_ISSUE' as const, amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' as const } } };
    await refused(issuer.call('issueCard', waived, { token }), 'APPROVAL_REQUIRED');
    // The supervisor types their password at the teller's console, in the teller's session.
    const { approvalToken } = await issuer.call(
      'approve',
      { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'FEE_WAIVER', actionDigest: approvalDigest('issueCard', waived) } },
      { token },
    );
    const issued = await issuer.call('issueCard', waived, { token, approvalToken });
    expect(issued).toMatchObject({ fee: { amount: 0, waived: true }, notified: ['010-****-5678'] });

    const replaced = await issuer.call(
      'replaceCard',
      { body: { ...card(hong, '100000000002'), oldDeviceId: issued.deviceId, reason: 'DAMAGED' } },
      { token },
    );
    expect(replaced).toMatchObject({ oldDeviceId: issued.deviceId, reregisterAt: [], fee: { code: 'SMART_OTP_REPLACE', amount: 5000 } });
    expect(await issuer.call('cardLookup', { body: { vendorCode: '001', serial: '100000000001' } }, { token })).toMatchObject({
      status: 'REVOKED',
      replacedBy: { vendorCode: '001', maskedSerial: '1000****0002' },
    });

    await refused(
      issuer.call('terminate', { params: { deviceId: 'dev-kim-card-020' }, body: { identityCheckId: kim.checkId, reason: 'CUSTOMER_REQUEST' } }, { token }),
      'NOT_REGISTERED_HERE',
    );
    await refused(
      issuer.call('terminate', { params: { deviceId: 'dev-kim-digital' }, body: { identityCheckId: hong.checkId, reason: 'CUSTOMER_REQUEST' } }, { token }),
      'HOLDER_MISMATCH',
    );
    expect(
      await issuer.call('terminate', { params: { deviceId: 'dev-kim-digital' }, body: { identityCheckId: kim.checkId, reason: 'MEDIUM_CHANGE' } }, { token }),
    ).toMatchObject({ status: 'REVOKED', notified: ['010-****-6789'] });
    const { otp } = await phone.call('appOtp', { body: { deviceId: 'dev-kim-digital' } });
    await refused(phone.call('appAuthenticate', { body: { deviceId: 'dev-kim-digital', otp } }), 'DEVICE_REVOKED');

    const numbers = (body: { mobileNumber: string; replaces?: string }) =>
      issuer.call('changeMobileNumbers', { params: { customerRef: hong.customerRef }, body: { identityCheckId: hong.checkId, ...body } }, { token });
    await refused(numbers({ mobileNumber: CUSTOMERS.hong.mobile }), 'MOBILE_ALREADY_ON_RECORD');
    await refused(numbers({ mobileNumber: CUSTOMERS.kim.mobile }), 'MOBILE_IN_USE');
    await refused(numbers({ mobileNumber: '01099990001', replaces: '010-****-0000' }), 'REPLACES_AMBIGUOUS');
    expect(await numbers({ mobileNumber: '01099990001' })).toEqual({ mobileNumbers: ['010-****-5678', '010-****-0001'], notified: ['010-****-5678', '010-****-0001'] });
    await numbers({ mobileNumber: '01099990002' });
    await refused(numbers({ mobileNumber: '01099990003' }), 'TOO_MANY_NUMBERS');
    // The SMS code is still found after the notifications.
    await registrationUpToSms(token);
    expect(await latestCode(CUSTOMERS.hong.mobile)).toMatch(/^\d{5}$/);
  });

  it("v1.1 over HTTP: a terminal's day closed at its witnessed head refuses jobs until a supervisor reopens it", async () => {
    const token = await login();
    // Away from midnight in Seoul, so the business date cannot turn during the test.
    let { now } = await phone.call('advanceClock', { body: { advanceSeconds: 1 } });
    const toMidnightMs = DAY_MS - ((Date.parse(now) + SEOUL_OFFSET_MS) % DAY_MS);
    if (toMidnightMs < 5 * 60_000) ({ now } = await phone.call('advanceClock', { body: { advanceSeconds: 10 * 60 } }));
    const headHash = 'd'.repeat(64);
    await issuer.call('anchorJournal', { body: { seq: 3, headHash, entryCount: 3 } });
    const approved = async <Op extends 'closeDay' | 'reopenDay'>(op: Op, request: IssuerRequest<Op>) => {
      const action = op === 'closeDay' ? 'DAY_END_CLOSE' : 'DAY_END_REOPEN';
      const body = { supervisorId: 'S0001', password: 'super-pass-1', action, actionDigest: approvalDigest(op, request) } as const;
      return (await issuer.call('approve', { body }, { token })).approvalToken;
    };
    const yesterday = { body: { businessDate: businessDateOf(new Date(Date.parse(now) - DAY_MS)), journalSeq: 3, headHash, summary: {} } };
    await refused(issuer.call('closeDay', yesterday, { token, approvalToken: await approved('closeDay', yesterday) }), 'WRONG_BUSINESS_DATE');
    const today = { body: { businessDate: businessDateOf(now), journalSeq: 3, headHash, summary: { jobs: 1 } } };
    await issuer.call('closeDay', today, { token, approvalToken: await approved('closeDay', today) });
    await refused(issuer.call('identityCheck', { body: identityCheckBody('hong') }, { token }), 'TERMINAL_CLOSED');
    const reopen = { body: { reason: '마감 후 고객 방문' } };
    await issuer.call('reopenDay', reopen, { token, approvalToken: await approved('reopenDay', reopen) });
    await verified(token, 'hong');
    await refused(issuer.call('reopenDay', reopen, { token, approvalToken: await approved('reopenDay', reopen) }), 'TERMINAL_NOT_CLOSED');
  });

  it("v1.1 over HTTP: the branch's stock received, listed, counted and disposed of, the worklists, and their refusals", async () => {
    const token = await login();
    const approved = async (action: 'STOCK_RECEIPT' | 'STOCK_DISPOSAL', digest: string) =>
      (await issuer.call('approve', { body: { supervisorId: 'S0001', password: 'super-pass-1', action, actionDigest: digest } }, { token }))
        .approvalToken;
    const receipt = (serialFrom: string, serialTo: string) => ({ body: { vendorCode: '004', deliveryRef: 'DLV-1', serialFrom, serialTo } });

    const tooMany = receipt('400000000001', '400000001001');
    await refused(issuer.call('receiveStock', tooMany, { token, approvalToken: await approved('STOCK_RECEIPT', approvalDigest('receiveStock', tooMany)) }), 'RANGE_TOO_LARGE', { max: 1000 });
    const good = receipt('400000000001', '400000000002');
    expect(await issuer.call('receiveStock', good, { token, approvalToken: await approved('STOCK_RECEIPT', approvalDigest('receiveStock', good)) })).toEqual({
      received: 2,
      deliveryRef: 'DLV-1',
    });
    const overlapping = receipt('400000000002', '400000000003');
    await refused(
      issuer.call('receiveStock', overlapping, { token, approvalToken: await approved('STOCK_RECEIPT', approvalDigest('receiveStock', overlapping)) }),
      'CARD_ALREADY_EXISTS',
    );
    expect((await issuer.call('stock', {}, { token })).count).toBe(5);

    const counted = await issuer.call('countStock', { body: { cards: [{ vendorCode: '004', serial: '400000000001' }] } }, { token });
    expect(counted).toMatchObject({ expected: 5, counted: 1, unexpected: [] });
    expect(counted.missing).toHaveLength(4);

    const disposal = { body: { vendorCode: '004', serial: '400000000002', reason: 'DAMAGED' as const } };
    const disposalToken = await approved('STOCK_DISPOSAL', approvalDigest('disposeStock', disposal));
    expect((await issuer.call('disposeStock', disposal, { token, approvalToken: disposalToken })).status).toBe('REVOKED');
    const again = await approved('STOCK_DISPOSAL', approvalDigest('disposeStock', disposal));
    await refused(issuer.call('disposeStock', disposal, { token, approvalToken: again }), 'CARD_NOT_IN_STOCK');

    expect((await issuer.call('restrictedDevices', {}, { token })).items.map((d) => d.deviceId)).toEqual(['dev-choi-digital']);
    expect(await issuer.call('pendingActivations', {}, { token })).toEqual({ items: [] });
  });

  it('has now seen every error code of the contract but the server fault, which the fault tests see', () => {
    const untested = ISSUER_ERROR_CODES.filter((code) => !seenCodes.has(code) && code !== 'INTERNAL_ERROR');
    expect(untested).toEqual([]);
  });
});
