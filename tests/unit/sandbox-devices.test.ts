import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness } from './support/sandbox.js';

describe('sandbox: loss reports, release and unlock', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  const reportLoss = (deviceId: string, body: { reason: 'LOST' | 'STOLEN'; note?: string } = { reason: 'LOST' }) =>
    h.call('reportLoss', { params: { deviceId }, body }, { token });

  async function release(deviceId: string) {
    const approvalToken = await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId, body: {} });
    return h.call('releaseLoss', { params: { deviceId }, body: {} }, { token, approvalToken });
  }

  async function unlock(deviceId: string, identityCheckId: string, reason = 'customer forgot PIN') {
    const body = { reason, identityCheckId };
    const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId, body });
    return h.call('unlock', { params: { deviceId }, body }, { token, approvalToken });
  }

  describe('loss report', () => {
    it('turns an ACTIVE device LOST at once and keeps the report', async () => {
      const answer = await reportLoss('dev-kim-digital', { reason: 'STOLEN', note: '지하철에서 분실' });
      expect(answer).toEqual({ reportRef: expect.any(String), status: 'LOST', notified: ['010-****-6789'] });
      expect(h.device('dev-kim-digital')?.status).toBe('LOST');
      expect(h.db.prepare('SELECT device_id, reason, note, reported_by FROM loss_reports').all()).toEqual([
        { device_id: 'dev-kim-digital', reason: 'STOLEN', note: '지하철에서 분실', reported_by: 'T0001' },
      ]);
    });

    it('turns a RESTRICTED device LOST', async () => {
      await expect(reportLoss('dev-choi-digital')).resolves.toMatchObject({ status: 'LOST' });
      expect(h.device('dev-choi-digital')).toMatchObject({ status: 'LOST', fail_count: 10 });
    });

    it('answers 409 INVALID_DEVICE_STATE for a device already LOST or REPLACED', async () => {
      await reportLoss('dev-kim-digital');
      await expectRefusal(reportLoss('dev-kim-digital'), 409, 'INVALID_DEVICE_STATE', { status: 'LOST' });
      await h.activatedDigitalOtp(token, '최지우');
      await expectRefusal(reportLoss('dev-choi-digital'), 409, 'INVALID_DEVICE_STATE', { status: 'REPLACED' });
      expect(h.count('loss_reports')).toBe(1);
    });

    it('answers 404 DEVICE_NOT_FOUND for an unknown device', async () => {
      await expectRefusal(reportLoss('dev-nope'), 404, 'DEVICE_NOT_FOUND');
    });

    it('loses a card everywhere: the card and every institution’s record of it', async () => {
      const { checkId, customerRef } = await h.verified(token, '김영희');
      const here = await h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' } }, { token });

      // Reported at 088 against 020's record.
      await reportLoss('dev-kim-card-020');
      expect(h.device('dev-kim-card-020')?.status).toBe('LOST');
      expect(h.device(here.deviceId)?.status).toBe('LOST');
      await expect(h.call('cardLookup', { body: { vendorCode: '003', serial: '300000000004' } }, { token })).resolves.toMatchObject({ status: 'LOST' });
      // The Digital OTP of the same customer is another device and stays ACTIVE.
      expect(h.device('dev-kim-digital')?.status).toBe('ACTIVE');
      // And the lost card cannot be registered anywhere else meanwhile.
      const other = await h.verified(token, '김영희');
      await expectRefusal(
        h.call('registerCard', { body: { customerRef, identityCheckId: other.checkId, vendorCode: '003', serial: '300000000004' } }, { token, terminal: { ...OTHER_TERMINAL, institutionCode: '004' } }),
        409,
        'CARD_NOT_USABLE',
      );
    });

    it('says why on the customer’s list: STOLEN on every record of a stolen card, gone once released', async () => {
      const reasons = async () =>
        Object.fromEntries((await h.call('devices', { params: { customerRef: 'cus-kim' } }, { token })).devices.map((d) => [d.deviceId, d.lossReason]));
      await reportLoss('dev-kim-card-020', { reason: 'STOLEN' });
      await reportLoss('dev-kim-digital', { reason: 'LOST' });
      expect(await reasons()).toMatchObject({ 'dev-kim-card-020': 'STOLEN', 'dev-kim-digital': 'LOST' });
      await release('dev-kim-card-020');
      expect(await reasons()).toMatchObject({ 'dev-kim-card-020': undefined, 'dev-kim-digital': 'LOST' });
    });

    it('leaves 이철수’s card alone when 김영희’s is lost', async () => {
      await reportLoss('dev-kim-card-020');
      expect(h.device('dev-lee-card-020')?.status).toBe('ACTIVE');
    });
  });

  describe('release (supervisor approval LOSS_REPORT_RELEASE)', () => {
    it('turns a LOST device ACTIVE again with its failure count unchanged', async () => {
      h.db.prepare("UPDATE devices SET fail_count = 3 WHERE device_id = 'dev-kim-digital'").run();
      await reportLoss('dev-kim-digital');
      const device = await release('dev-kim-digital');
      expect(device).toMatchObject({ deviceId: 'dev-kim-digital', status: 'ACTIVE', failCount: 3, maskedMobile: '010-****-6789' });
    });

    it('gives a restricted device back restricted: a release never skips the unlock and its identity check', async () => {
      await reportLoss('dev-choi-digital');
      await expect(release('dev-choi-digital')).resolves.toMatchObject({ status: 'RESTRICTED', failCount: 10 });
    });

    it('releases a card and every record of it', async () => {
      const { checkId, customerRef } = await h.verified(token, '김영희');
      const here = await h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' } }, { token });
      await reportLoss(here.deviceId);
      await expect(release('dev-kim-card-020')).resolves.toMatchObject({ status: 'ACTIVE', institutionCode: '020' });
      expect(h.device(here.deviceId)?.status).toBe('ACTIVE');
      await expect(h.call('cardLookup', { body: { vendorCode: '003', serial: '300000000004' } }, { token })).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('answers 409 INVALID_DEVICE_STATE for a device that is not LOST', async () => {
      await expectRefusal(release('dev-kim-digital'), 409, 'INVALID_DEVICE_STATE', { status: 'ACTIVE' });
      await expectRefusal(release('dev-choi-digital'), 409, 'INVALID_DEVICE_STATE', { status: 'RESTRICTED' });
    });

    it('answers 404 DEVICE_NOT_FOUND for an unknown device', async () => {
      await expectRefusal(release('dev-nope'), 404, 'DEVICE_NOT_FOUND');
    });
  });

  describe('unlock (supervisor approval DEVICE_UNLOCK and a fresh identity check)', () => {
    it('turns 최지우’s RESTRICTED device ACTIVE with failCount 0, and its OTP works again', async () => {
      const { checkId } = await h.verified(token, '최지우');
      const device = await unlock('dev-choi-digital', checkId);
      expect(device).toMatchObject({ deviceId: 'dev-choi-digital', status: 'ACTIVE', failCount: 0, maxFail: 10 });
      const { otp } = await h.call('appOtp', { body: { deviceId: 'dev-choi-digital' } });
      await expect(h.call('appAuthenticate', { body: { deviceId: 'dev-choi-digital', otp } })).resolves.toEqual({ ok: true });
    });

    it('needs the identity check of the device’s owner', async () => {
      const { checkId } = await h.verified(token, '김영희');
      await expectRefusal(unlock('dev-choi-digital', checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'OTHER_CUSTOMER' });
      expect(h.device('dev-choi-digital')?.status).toBe('RESTRICTED');
      expect(h.count('approvals', 'used_at IS NULL')).toBe(1);
    });

    it('needs a fresh check: one older than 30 minutes is EXPIRED', async () => {
      const { checkId } = await h.verified(token, '최지우');
      h.clock.advance(30 * MINUTE_MS);
      await expectRefusal(unlock('dev-choi-digital', checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'EXPIRED' });
    });

    it('needs the approval', async () => {
      const { checkId } = await h.verified(token, '최지우');
      await expectRefusal(
        h.call('unlock', { params: { deviceId: 'dev-choi-digital' }, body: { reason: 'forgot PIN', identityCheckId: checkId } }, { token }),
        403,
        'APPROVAL_REQUIRED',
      );
    });

    it('answers 409 INVALID_DEVICE_STATE for a device that is not RESTRICTED', async () => {
      const kim = await h.verified(token, '김영희');
      await expectRefusal(unlock('dev-kim-digital', kim.checkId), 409, 'INVALID_DEVICE_STATE', { status: 'ACTIVE' });
      await reportLoss('dev-choi-digital');
      const choi = await h.verified(token, '최지우');
      await expectRefusal(unlock('dev-choi-digital', choi.checkId), 409, 'INVALID_DEVICE_STATE', { status: 'LOST' });
    });

    it('answers 404 DEVICE_NOT_FOUND for an unknown device', async () => {
      const { checkId } = await h.verified(token, '최지우');
      await expectRefusal(unlock('dev-nope', checkId), 404, 'DEVICE_NOT_FOUND');
    });
  });
});
