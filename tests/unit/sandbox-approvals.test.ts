import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestOf, expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

describe('sandbox: supervisor approvals', () => {
  let h: SandboxHarness;
  let token: string;

  const DEVICE = 'dev-kim-digital';
  const release = (approvalToken?: string, deviceId = DEVICE) =>
    h.call('releaseLoss', { params: { deviceId }, body: {} }, { token, ...(approvalToken && { approvalToken }) });
  const approveRelease = (overrides: Partial<{ supervisorId: string; password: string; actionDigest: string }> = {}) =>
    h.call(
      'approve',
      {
        body: {
          supervisorId: 'S0001',
          password: 'super-pass-1',
          action: 'LOSS_REPORT_RELEASE',
          actionDigest: digestOf('releaseLoss', DEVICE, {}),
          ...overrides,
        },
      },
      { token },
    );

  beforeEach(async () => {
    h = new SandboxHarness();
    token = await h.login('T0001');
    await h.call('reportLoss', { params: { deviceId: DEVICE }, body: { reason: 'LOST' } }, { token });
  });

  afterEach(() => {
    h.close();
  });

  describe('giving one', () => {
    it('gives a random token for 2 minutes, naming the supervisor', async () => {
      const a = await approveRelease();
      const b = await approveRelease({ supervisorId: 'S0002', password: 'super-pass-2' });
      expect(a).toMatchObject({ supervisorId: 'S0001', expiresAt: '2025-03-03T00:32:00.000Z' });
      expect(b.supervisorId).toBe('S0002');
      expect(a.approvalToken.length).toBeGreaterThanOrEqual(16);
      expect(a.approvalToken).not.toBe(b.approvalToken);
    });

    it('answers 403 NOT_A_SUPERVISOR for a teller’s right credentials', async () => {
      await expectRefusal(approveRelease({ supervisorId: 'T0002', password: 'teller-pass-2' }), 403, 'NOT_A_SUPERVISOR');
      expect(h.count('approvals')).toBe(0);
    });

    it('answers 403 SELF_APPROVAL when the logged-in supervisor approves their own request', async () => {
      token = await h.login('S0001');
      await expectRefusal(approveRelease(), 403, 'SELF_APPROVAL');
      await expect(approveRelease({ supervisorId: 'S0002', password: 'super-pass-2' })).resolves.toMatchObject({ supervisorId: 'S0002' });
    });

    it('checks the password before the role and the self rule', async () => {
      await expectRefusal(approveRelease({ supervisorId: 'T0002', password: 'wrong' }), 401, 'INVALID_CREDENTIALS', { attemptsLeft: 4 });
      token = await h.login('S0001');
      await expectRefusal(approveRelease({ password: 'wrong' }), 401, 'INVALID_CREDENTIALS', { attemptsLeft: 4 });
    });

    it('counts wrong passwords toward the supervisor’s lock: the 5th is 423 and login is locked too', async () => {
      for (const attemptsLeft of [4, 3, 2, 1]) {
        await expectRefusal(approveRelease({ password: 'wrong' }), 401, 'INVALID_CREDENTIALS', { attemptsLeft });
      }
      await expectRefusal(approveRelease({ password: 'wrong' }), 423, 'STAFF_LOCKED');
      await expectRefusal(approveRelease(), 423, 'STAFF_LOCKED');
      await expectRefusal(h.call('login', { body: { staffId: 'S0001', password: 'super-pass-1' } }), 423, 'STAFF_LOCKED');
      expect(h.count('approvals')).toBe(0);
    });

    it('answers an unknown supervisor ID like a wrong password', async () => {
      await expectRefusal(approveRelease({ supervisorId: 'S9999' }), 401, 'INVALID_CREDENTIALS');
    });

    it('never echoes the typed password', async () => {
      const error = await expectRefusal(approveRelease({ password: 'typed-secret-77' }), 401, 'INVALID_CREDENTIALS');
      expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain('typed-secret-77');
    });
  });

  describe('using one', () => {
    it('answers 403 APPROVAL_REQUIRED without a token', async () => {
      await expectRefusal(release(), 403, 'APPROVAL_REQUIRED');
      expect(h.device(DEVICE)?.status).toBe('LOST');
    });

    it('accepts a valid token once: a second use is 403 APPROVAL_INVALID', async () => {
      const { approvalToken } = await approveRelease();
      await expect(release(approvalToken)).resolves.toMatchObject({ deviceId: DEVICE, status: 'ACTIVE' });
      await h.call('reportLoss', { params: { deviceId: DEVICE }, body: { reason: 'STOLEN' } }, { token });
      await expectRefusal(release(approvalToken), 403, 'APPROVAL_INVALID');
      expect(h.device(DEVICE)?.status).toBe('LOST');
    });

    it('refuses an unknown token', async () => {
      await expectRefusal(release('never-issued-approval-token'), 403, 'APPROVAL_INVALID');
    });

    it('is valid for 2 minutes on the sandbox clock', async () => {
      const early = await approveRelease();
      const late = await approveRelease();
      h.clock.advance(2 * MINUTE_MS - 1);
      await expect(release(early.approvalToken)).resolves.toMatchObject({ status: 'ACTIVE' });
      await h.call('reportLoss', { params: { deviceId: DEVICE }, body: { reason: 'LOST' } }, { token });
      h.clock.advance(1);
      await expectRefusal(release(late.approvalToken), 403, 'APPROVAL_INVALID');
    });

    it('expires when the sandbox clock is advanced', async () => {
      const { approvalToken } = await approveRelease();
      await h.call('advanceClock', { body: { advanceSeconds: 120 } });
      await expectRefusal(release(approvalToken), 403, 'APPROVAL_INVALID');
    });

    it('is bound to its action', async () => {
      const { approvalToken } = await h.call(
        'approve',
        { body: { supervisorId: 'S0001', password: 'super-pass-1', action: 'DEVICE_UNLOCK', actionDigest: digestOf('releaseLoss', DEVICE, {}) } },
        { token },
      );
      await expectRefusal(release(approvalToken), 403, 'APPROVAL_INVALID');
    });

    it('is bound to the exact request: another device’s path does not match the digest', async () => {
      await h.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } }, { token });
      const { approvalToken } = await approveRelease();
      await expectRefusal(release(approvalToken, 'dev-kim-card-020'), 403, 'APPROVAL_INVALID');
      await expect(release(approvalToken)).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('binds the body by its canonical JSON: key order does not matter, a changed value does', async () => {
      await h.db.prepare("UPDATE devices SET status = 'RESTRICTED' WHERE device_id = ?").run(DEVICE);
      const { checkId } = await h.verified(token, '김영희');
      const body = { reason: 'customer forgot PIN', identityCheckId: checkId };
      const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: DEVICE, body });

      const changed = { identityCheckId: checkId, reason: 'another reason' };
      await expectRefusal(h.call('unlock', { params: { deviceId: DEVICE }, body: changed }, { token, approvalToken }), 403, 'APPROVAL_INVALID');
      const reordered = { identityCheckId: checkId, reason: 'customer forgot PIN' };
      await expect(h.call('unlock', { params: { deviceId: DEVICE }, body: reordered }, { token, approvalToken })).resolves.toMatchObject({
        status: 'ACTIVE',
      });
    });

    it('is digested over the body as received (untrimmed), per ISSUER-API.md', async () => {
      await h.db.prepare("UPDATE devices SET status = 'RESTRICTED' WHERE device_id = ?").run(DEVICE);
      const { checkId } = await h.verified(token, '김영희');
      const body = { reason: '  forgot PIN  ', identityCheckId: checkId };
      const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: DEVICE, body });
      await expect(h.call('unlock', { params: { deviceId: DEVICE }, body }, { token, approvalToken })).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('is spent only when the action succeeds', async () => {
      await h.call('releaseLoss', { params: { deviceId: DEVICE }, body: {} }, { token, approvalToken: (await approveRelease()).approvalToken });
      // Now ACTIVE: a release is the wrong transition and must not spend the new approval.
      const { approvalToken } = await approveRelease();
      await expectRefusal(release(approvalToken), 409, 'INVALID_DEVICE_STATE');
      expect(h.count('approvals', 'used_at IS NULL')).toBe(1);
      await h.call('reportLoss', { params: { deviceId: DEVICE }, body: { reason: 'LOST' } }, { token });
      await expect(release(approvalToken)).resolves.toMatchObject({ status: 'ACTIVE' });
      expect(h.count('approvals', 'used_at IS NULL')).toBe(0);
    });

    it('is bound to the session that asked for it: another teller’s session is refused, and the refusal does not spend it', async () => {
      const { approvalToken } = await approveRelease();
      const asker = token;
      token = await h.login('T0002');
      await expectRefusal(release(approvalToken), 403, 'APPROVAL_INVALID');
      expect(h.device(DEVICE)?.status).toBe('LOST');
      token = asker;
      await expect(release(approvalToken)).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('is bound to the session, not the staff member: the same teller’s second session is refused', async () => {
      const { approvalToken } = await approveRelease();
      const asker = token;
      token = await h.login('T0001');
      await expectRefusal(release(approvalToken), 403, 'APPROVAL_INVALID');
      token = asker;
      await expect(release(approvalToken)).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('is bound to the terminal it was asked at: the same session at another terminal is refused', async () => {
      const { approvalToken } = await approveRelease();
      const atTerminal = (terminal: typeof TERMINAL) =>
        h.call('releaseLoss', { params: { deviceId: DEVICE }, body: {} }, { token, approvalToken, terminal });
      await expectRefusal(atTerminal({ ...TERMINAL, terminalId: 'T-TEST-02' }), 403, 'APPROVAL_INVALID');
      await expectRefusal(atTerminal({ ...TERMINAL, branchCode: '0102' }), 403, 'APPROVAL_INVALID');
      await expectRefusal(atTerminal(OTHER_TERMINAL), 403, 'APPROVAL_INVALID');
      expect(h.count('approvals', 'used_at IS NULL')).toBe(1);
      await expect(atTerminal(TERMINAL)).resolves.toMatchObject({ status: 'ACTIVE' });
    });
  });
});
