import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issuerEndpoints } from '../../issuer-api/endpoints.js';
import { InProcessIssuer } from '../../main/issuer/in-process.js';
import { expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

// GET /v1/requests/{idempotencyKey}: how a console killed mid-call settles its journal at the next start.
describe('sandbox: what became of a request (requestOutcome)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  /**
   * Asked as at start-up: no staff session, this terminal unless told otherwise, in the scope of
   * the staff member who sent the key (T0001, the teller of these tests) unless told otherwise (null: a login's).
   */
  const outcome = (idempotencyKey: string, terminal = TERMINAL, staffId: string | null = 'T0001') =>
    h.call('requestOutcome', { params: { idempotencyKey }, query: staffId === null ? {} : { staffId } }, { terminal });

  it('reports a POST that succeeded: its operation, its status and when it was answered', async () => {
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    const key = randomUUID();
    const answeredAt = h.clock.now().toISOString();
    const body = { customerRef, identityCheckId: checkId, mobileNumber: '010-1234-5678' };
    await h.call('startRegistration', { body }, { token, idempotencyKey: key });
    h.clock.advance(5 * MINUTE_MS);

    const answer = await outcome(key);
    expect(answer).toEqual({ idempotencyKey: key, operation: 'startRegistration', status: 201, answeredAt });
    expect(issuerEndpoints.requestOutcome.response.safeParse(answer).success).toBe(true);
  });

  it('reports a success answered 200 with that status', async () => {
    const started = await h.startRegistration(token);
    const key = randomUUID();
    await h.call('resendSms', { params: { registrationId: started.registrationId }, body: {} }, { token, idempotencyKey: key });
    await expect(outcome(key)).resolves.toMatchObject({ operation: 'resendSms', status: 200 });
  });

  it('reports a POST its rule refused with the status and error code it was answered with', async () => {
    const started = await h.startRegistration(token);
    const wrong = (await h.smsCode(started.mobileNumber)) === '00000' ? '00001' : '00000';
    const request = { params: { registrationId: started.registrationId }, body: { code: wrong } };
    const key = randomUUID();
    await expectRefusal(h.call('verifySms', request, { token, idempotencyKey: key }), 422, 'SMS_CODE_MISMATCH');
    await expect(outcome(key)).resolves.toEqual({
      idempotencyKey: key,
      operation: 'verifySms',
      status: 422,
      errorCode: 'SMS_CODE_MISMATCH',
      answeredAt: h.clock.now().toISOString(),
    });
  });

  it('answers 404 REQUEST_NOT_FOUND for a key this terminal never used', async () => {
    await expectRefusal(outcome(randomUUID()), 404, 'REQUEST_NOT_FOUND');
  });

  it("answers 404 for another terminal's key, as if it were never used", async () => {
    const key = randomUUID();
    await h.call('login', { body: { staffId: 'T0002', password: 'teller-pass-2' } }, { idempotencyKey: key });
    await expect(outcome(key, TERMINAL, null)).resolves.toMatchObject({ operation: 'login', status: 201 });

    await expectRefusal(outcome(key, OTHER_TERMINAL, null), 404, 'REQUEST_NOT_FOUND');
    // The whole identity counts: the same branch's next counter, or the same terminal id at another branch, sees nothing.
    await expectRefusal(outcome(key, { ...TERMINAL, terminalId: 'T-TEST-02' }, null), 404, 'REQUEST_NOT_FOUND');
    await expectRefusal(outcome(key, { ...TERMINAL, branchCode: '0102' }, null), 404, 'REQUEST_NOT_FOUND');
  });

  it("looks up in the key's own scope: a teller's request under their staff ID, a login's under the terminal alone", async () => {
    const key = randomUUID();
    await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { token, idempotencyKey: key });
    await expect(outcome(key, TERMINAL, 'T0001')).resolves.toMatchObject({ operation: 'reportLoss', status: 201 });
    await expectRefusal(outcome(key, TERMINAL, 'T0002'), 404, 'REQUEST_NOT_FOUND');
    await expectRefusal(outcome(key, TERMINAL, null), 404, 'REQUEST_NOT_FOUND');
    await expectRefusal(outcome(key, { ...TERMINAL, terminalId: 'T-TEST-02' }, 'T0001'), 404, 'REQUEST_NOT_FOUND');

    const login = randomUUID();
    await h.call('login', { body: { staffId: 'T0002', password: 'teller-pass-2' } }, { idempotencyKey: login });
    await expect(outcome(login, TERMINAL, null)).resolves.toMatchObject({ operation: 'login', status: 201 });
    await expectRefusal(outcome(login, TERMINAL, 'T0002'), 404, 'REQUEST_NOT_FOUND');
  });

  it('tells each scope its own request when two scopes used the same key', async () => {
    const key = randomUUID();
    await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { token, idempotencyKey: key });
    const other = await h.login('T0002');
    await expectRefusal(
      h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { token: other, idempotencyKey: key }),
      409,
      'INVALID_DEVICE_STATE',
    );
    await expect(outcome(key, TERMINAL, 'T0001')).resolves.toMatchObject({ operation: 'reportLoss', status: 201 });
    await expect(outcome(key, TERMINAL, 'T0002')).resolves.toMatchObject({ operation: 'reportLoss', status: 409, errorCode: 'INVALID_DEVICE_STATE' });
  });

  it('answers 404 for a request refused before it was stored (a missing approval), then the corrected retry', async () => {
    const { checkId } = await h.verified(token, '최지우');
    const body = { reason: 'customer forgot PIN', identityCheckId: checkId };
    const request = { params: { deviceId: 'dev-choi-digital' }, body };
    const key = randomUUID();

    await expectRefusal(h.call('unlock', request, { token, idempotencyKey: key }), 403, 'APPROVAL_REQUIRED');
    await expectRefusal(outcome(key), 404, 'REQUEST_NOT_FOUND');

    const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: 'dev-choi-digital', body });
    await h.call('unlock', request, { token, approvalToken, idempotencyKey: key });
    await expect(outcome(key)).resolves.toMatchObject({ operation: 'unlock', status: 200 });
  });

  it('answers 400 VALIDATION_FAILED for a key that is not a UUID', async () => {
    await expectRefusal(outcome('not-a-uuid'), 400, 'VALIDATION_FAILED', { idempotencyKey: 'UUID_FORMAT' });
    await expectRefusal(outcome(''), 400, 'VALIDATION_FAILED', { idempotencyKey: 'UUID_FORMAT' });
  });

  it('is part of the issuer the console calls in-process (training mode)', async () => {
    const key = randomUUID();
    await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'LOST' } }, { token, idempotencyKey: key });
    const ask = (terminal: typeof TERMINAL) =>
      new InProcessIssuer(h.sandbox, terminal).call('requestOutcome', { params: { idempotencyKey: key }, query: { staffId: 'T0001' } });
    await expect(ask(TERMINAL)).resolves.toMatchObject({ operation: 'reportLoss', status: 201 });
    await expectRefusal(ask(OTHER_TERMINAL), 404, 'REQUEST_NOT_FOUND');
  });
});
