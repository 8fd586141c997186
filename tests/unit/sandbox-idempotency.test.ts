import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IssuerError } from '../../issuer-api/errors.js';
import { errorOf, expectRefusal, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

describe('sandbox: Idempotency-Key', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  /** A registration start for 홍길동, the same request every time. */
  async function startRequest() {
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    return { body: { customerRef, identityCheckId: checkId, mobileNumber: '010-1234-5678' } };
  }

  it('replays the first success: same body, one registration, one SMS', async () => {
    const request = await startRequest();
    const key = randomUUID();
    const first = await h.call('startRegistration', request, { token, idempotencyKey: key });
    h.clock.advance(10_000);
    const again = await h.call('startRegistration', request, { token, idempotencyKey: key });

    expect(again).toEqual(first);
    expect(h.count('registrations')).toBe(1);
    expect(h.count('sms_outbox')).toBe(1);
    expect(h.count('idempotency')).toBe(1);
  });

  it('without a key, the same request runs twice', async () => {
    const request = await startRequest();
    const a = await h.call('startRegistration', request, { token });
    const b = await h.call('startRegistration', request, { token });
    expect(a.registrationId).not.toBe(b.registrationId);
    expect(h.count('registrations')).toBe(2);
    expect(h.count('sms_outbox')).toBe(2);
    expect(h.count('idempotency')).toBe(0);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const { body } = await startRequest();
    const key = randomUUID();
    const first = await h.call('startRegistration', { body }, { token, idempotencyKey: key });
    const reordered = { mobileNumber: body.mobileNumber, identityCheckId: body.identityCheckId, customerRef: body.customerRef };
    await expect(h.call('startRegistration', { body: reordered }, { token, idempotencyKey: key })).resolves.toEqual(first);
    expect(h.count('registrations')).toBe(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for a changed body, and changes nothing', async () => {
    const request = await startRequest();
    const key = randomUUID();
    const first = await h.call('startRegistration', request, { token, idempotencyKey: key });
    const changed = { body: { ...request.body, mobileNumber: '01012345678' } };

    await expectRefusal(h.call('startRegistration', changed, { token, idempotencyKey: key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(h.count('registrations')).toBe(1);
    expect(h.count('sms_outbox')).toBe(1);
    // The first outcome is still the one stored.
    await expect(h.call('startRegistration', request, { token, idempotencyKey: key })).resolves.toEqual(first);
  });

  it('answers 422 for the same key on another path or operation', async () => {
    const started = await h.startRegistration(token);
    const other = await h.startRegistration(token);
    const key = randomUUID();
    await h.call('resendSms', { params: { registrationId: started.registrationId }, body: {} }, { token, idempotencyKey: key });
    await expectRefusal(
      h.call('resendSms', { params: { registrationId: other.registrationId }, body: {} }, { token, idempotencyKey: key }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectRefusal(
      h.call('cancelRegistration', { params: { registrationId: started.registrationId }, body: {} }, { token, idempotencyKey: key }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(h.count('sms_outbox')).toBe(3);
    expect(h.count('registrations', "status = 'CANCELLED'")).toBe(0);
  });

  it('replays a refusal exactly, without counting the attempt again', async () => {
    const started = await h.startRegistration(token);
    const code = await h.smsCode(started.mobileNumber);
    const wrong = code === '00000' ? '00001' : '00000';
    const request = { params: { registrationId: started.registrationId }, body: { code: wrong } };
    const key = randomUUID();

    const first = await errorOf(h.call('verifySms', request, { token, idempotencyKey: key }));
    const again = await errorOf(h.call('verifySms', request, { token, idempotencyKey: key }));
    expect(again).toBeInstanceOf(IssuerError);
    expect({ ...again, message: again.message }).toEqual({ ...first, message: first.message });
    expect(again).toMatchObject({ status: 422, code: 'SMS_CODE_MISMATCH', details: { attemptsLeft: 4 } });
    expect(h.count('registrations', 'sms_failures = 1')).toBe(1);

    // A new attempt (a new key) is counted from where the first left off.
    await expectRefusal(h.call('verifySms', request, { token, idempotencyKey: randomUUID() }), 422, 'SMS_CODE_MISMATCH', { attemptsLeft: 3 });
  });

  it('replays a retried unlock with its used approval token, and never unlocks twice', async () => {
    const { checkId } = await h.verified(token, '최지우');
    const body = { reason: 'customer forgot PIN', identityCheckId: checkId };
    const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: 'dev-choi-digital', body });
    const key = randomUUID();
    const request = { params: { deviceId: 'dev-choi-digital' }, body };

    const first = await h.call('unlock', request, { token, approvalToken, idempotencyKey: key });
    expect(first).toMatchObject({ status: 'ACTIVE', failCount: 0 });

    // The device is restricted again by wrong OTPs; a retry of the old unlock must not undo that.
    h.db.prepare("UPDATE devices SET status = 'RESTRICTED', fail_count = 10 WHERE device_id = 'dev-choi-digital'").run();
    await expect(h.call('unlock', request, { token, approvalToken, idempotencyKey: key })).resolves.toEqual(first);
    expect(h.device('dev-choi-digital')).toMatchObject({ status: 'RESTRICTED', fail_count: 10 });

    // Without the key, the used approval is refused.
    await expectRefusal(h.call('unlock', request, { token, approvalToken }), 403, 'APPROVAL_INVALID');
  });

  it('checks the staff session before replaying: a replay is not for anyone with the key', async () => {
    const request = await startRequest();
    const key = randomUUID();
    await h.call('startRegistration', request, { token, idempotencyKey: key });
    await expectRefusal(h.call('startRegistration', request, { idempotencyKey: key }), 401, 'UNAUTHENTICATED');
  });

  it('does not store a refusal that came from the request headers (session, approval), so a corrected retry runs', async () => {
    const { checkId } = await h.verified(token, '최지우');
    const body = { reason: 'customer forgot PIN', identityCheckId: checkId };
    const request = { params: { deviceId: 'dev-choi-digital' }, body };
    const key = randomUUID();

    await expectRefusal(h.call('unlock', request, { token, idempotencyKey: key }), 403, 'APPROVAL_REQUIRED');
    expect(h.count('idempotency')).toBe(0);
    const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: 'dev-choi-digital', body });
    await expect(h.call('unlock', request, { token, approvalToken, idempotencyKey: key })).resolves.toMatchObject({ status: 'ACTIVE' });
  });

  describe('scope: (institution, branch, terminal, staffId); a login’s is (institution, branch, terminal)', () => {
    it('never gives another teller the stored answer: in their scope the key is unknown, and runs as a new request', async () => {
      const request = await startRequest();
      const key = randomUUID();
      const first = await h.call('startRegistration', request, { token, idempotencyKey: key });
      const other = await h.login('T0002');
      const theirs = await h.call('startRegistration', request, { token: other, idempotencyKey: key });
      expect(theirs.registrationId).not.toBe(first.registrationId);
      expect(h.count('registrations')).toBe(2);
      // Each scope keeps its own first answer.
      await expect(h.call('startRegistration', request, { token, idempotencyKey: key })).resolves.toEqual(first);
      await expect(h.call('startRegistration', request, { token: other, idempotencyKey: key })).resolves.toEqual(theirs);
    });

    it('reveals nothing to another scope: another body under the same key is not 422 there', async () => {
      const request = await startRequest();
      const key = randomUUID();
      await h.call('startRegistration', request, { token, idempotencyKey: key });
      const other = await h.login('T0002');
      const changed = { body: { ...request.body, mobileNumber: '01012345678' } };
      await expect(h.call('startRegistration', changed, { token: other, idempotencyKey: key })).resolves.toMatchObject({ status: 'SMS_SENT' });
      await expectRefusal(h.call('startRegistration', changed, { token, idempotencyKey: key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('scopes by terminal and branch too: the same teller at another counter is another scope', async () => {
      const request = await startRequest();
      const key = randomUUID();
      const first = await h.call('startRegistration', request, { token, idempotencyKey: key });
      for (const terminal of [{ ...TERMINAL, terminalId: 'T-TEST-02' }, { ...TERMINAL, branchCode: '0102' }, OTHER_TERMINAL]) {
        const elsewhere = await h.call('startRegistration', request, { token, idempotencyKey: key, terminal });
        expect(elsewhere.registrationId, JSON.stringify(terminal)).not.toBe(first.registrationId);
      }
      expect(h.count('registrations')).toBe(4);
    });

    it('scopes a login by the terminal: the same key and body at another counter is another login', async () => {
      const key = randomUUID();
      const request = { body: { staffId: 'T0002', password: 'teller-pass-2' } };
      const first = await h.call('login', request, { idempotencyKey: key });
      const elsewhere = await h.call('login', request, { idempotencyKey: key, terminal: { ...TERMINAL, terminalId: 'T-TEST-02' } });
      expect(elsewhere.token).not.toBe(first.token);
      expect(h.count('staff_sessions', "staff_id = 'T0002'")).toBe(2);
    });
  });

  it('replays a login: the same session, no second token', async () => {
    const key = randomUUID();
    const request = { body: { staffId: 'T0002', password: 'teller-pass-2' } };
    const first = await h.call('login', request, { idempotencyKey: key });
    await expect(h.call('login', request, { idempotencyKey: key })).resolves.toEqual(first);
    expect(h.count('staff_sessions', "staff_id = 'T0002'")).toBe(1);
  });

  it('replays a wrong login without counting it toward the lock', async () => {
    const key = randomUUID();
    const request = { body: { staffId: 'T0002', password: 'wrong' } };
    for (let i = 0; i < 6; i++) {
      await expectRefusal(h.call('login', request, { idempotencyKey: key }), 401, 'INVALID_CREDENTIALS', { attemptsLeft: 4 });
    }
    expect(h.count('staff', "staff_id = 'T0002' AND failed_logins = 1 AND locked = 0")).toBe(1);
  });

  it('stores nothing and keeps nothing when the sandbox itself fails (5xx)', async () => {
    const request = await startRequest();
    const key = randomUUID();
    h.db.exec('DROP TABLE sms_outbox');
    const error = await h.call('startRegistration', request, { token, idempotencyKey: key }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(IssuerError);
    expect(h.count('idempotency')).toBe(0);
    expect(h.count('registrations')).toBe(0);
  });

  it('ignores a key on GET and DELETE', async () => {
    const key = randomUUID();
    await h.call('devices', { params: { customerRef: 'cus-kim' } }, { token, idempotencyKey: key });
    await h.call('logout', {}, { token, idempotencyKey: key });
    expect(h.count('idempotency')).toBe(0);
  });

  it('replays a reset without resetting again', async () => {
    const key = randomUUID();
    await h.call('reset', { body: {} }, { idempotencyKey: key });
    const after = await h.login();
    await expect(h.call('reset', { body: {} }, { idempotencyKey: key })).resolves.toEqual({ reset: true });
    await expect(h.call('devices', { params: { customerRef: 'cus-kim' } }, { token: after })).resolves.toBeDefined();
  });
});
