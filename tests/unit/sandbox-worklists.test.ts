import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_CODE_SECONDS } from '../../sandbox/rules/digital-otp.js';
import { expectRefusal, MINUTE_MS, OTHER_BRANCH, OTHER_TERMINAL, SandboxHarness } from './support/sandbox.js';

describe('sandbox: the branch worklists (ISSUER-API.md v1.1 "the branch", "Worklists")', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => {
    ({ h, token } = await SandboxHarness.withTeller());
  });
  afterEach(() => h.close());

  const pending = (t = token, ctx = {}) => h.call('pendingActivations', {}, { ...ctx, token: t });
  const restricted = (t = token, ctx = {}) => h.call('restrictedDevices', {}, { ...ctx, token: t });

  describe('pending activations', () => {
    it("lists this branch's issued app codes, masked, with who issued each, soonest to expire first", async () => {
      expect(await pending()).toEqual({ items: [] });
      const hong = await h.appCodeIssued(token, '홍길동');
      h.clock.advance(MINUTE_MS);
      const other = await h.login('T0002');
      const park = await h.appCodeIssued(other, '박서준');
      expect(await pending()).toEqual({
        items: [
          { registrationId: hong.registrationId, maskedName: '홍*동', maskedMobile: '010-****-5678', staffId: 'T0001', appCodeExpiresAt: hong.expiresAt },
          { registrationId: park.registrationId, maskedName: '박*준', maskedMobile: '010-****-8901', staffId: 'T0002', appCodeExpiresAt: park.expiresAt },
        ],
      });
      // Never a full name or number.
      expect(JSON.stringify(await pending())).not.toMatch(/홍길동|01012345678|1234-5678/);
    });

    it('leaves out codes not yet issued, used, cancelled or expired', async () => {
      await h.startRegistration(token, '박서준');
      const activated = await h.activatedDigitalOtp(token, '홍길동');
      expect((await pending()).items).toEqual([]);
      expect(activated.deviceId).toBeDefined();

      const cancelled = await h.appCodeIssued(token, '최지우');
      await h.call('cancelRegistration', { params: { registrationId: cancelled.registrationId }, body: {} }, { token });
      expect((await pending()).items).toEqual([]);

      const expiring = await h.appCodeIssued(token, '김영희');
      h.clock.advance(APP_CODE_SECONDS * 1000 - 1);
      expect((await pending()).items.map((i) => i.registrationId)).toEqual([expiring.registrationId]);
      h.clock.advance(1);
      expect((await pending()).items).toEqual([]);
    });

    it('a code issued again names who issued it last', async () => {
      const hong = await h.appCodeIssued(token, '홍길동');
      const other = await h.login('T0002');
      const again = await h.call('issueAppCode', { params: { registrationId: hong.registrationId }, body: {} }, { token: other });
      expect((await pending()).items).toEqual([expect.objectContaining({ staffId: 'T0002', appCodeExpiresAt: again.expiresAt })]);
    });

    it("another branch sees none of this branch's", async () => {
      await h.appCodeIssued(token, '홍길동');
      const other = await h.login('T0002', { terminal: OTHER_BRANCH });
      expect(await pending(other, { terminal: OTHER_BRANCH })).toEqual({ items: [] });
      expect((await pending()).items).toHaveLength(1);
    });

    it('needs a staff session', async () => {
      await expectRefusal(h.call('pendingActivations', {}, {}), 401, 'UNAUTHENTICATED');
    });
  });

  describe('restricted devices', () => {
    const CHOI = { deviceId: 'dev-choi-digital', kind: 'DIGITAL_OTP', customerRef: 'cus-choi', maskedName: '최*우', failCount: 10, since: '2024-08-05T04:00:00.000Z' };

    it("lists the seed's restricted device, since its last known use", async () => {
      expect(await restricted()).toEqual({ items: [CHOI] });
    });

    it('lists a device from when it turned restricted, after the longer restricted ones; an unlocked one leaves', async () => {
      const seedHex = h.device('dev-kim-digital')!.otp_seed!;
      for (let i = 0; i < 9; i++) await expectRefusal(h.call('appAuthenticate', { body: { deviceId: 'dev-kim-digital', otp: h.wrongOtp(seedHex) } }), 401, 'OTP_MISMATCH');
      expect((await restricted()).items).toEqual([CHOI]);
      h.clock.advance(MINUTE_MS);
      const since = h.sandbox.clock().toISOString();
      await expectRefusal(h.call('appAuthenticate', { body: { deviceId: 'dev-kim-digital', otp: h.wrongOtp(seedHex) } }), 423, 'DEVICE_RESTRICTED');
      expect((await restricted()).items).toEqual([
        CHOI,
        { deviceId: 'dev-kim-digital', kind: 'DIGITAL_OTP', customerRef: 'cus-kim', maskedName: '김*희', failCount: 10, since },
      ]);

      const choi = await h.verified(token, '최지우');
      const body = { reason: 'customer forgot PIN', identityCheckId: choi.checkId };
      const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId: 'dev-choi-digital', body });
      await h.call('unlock', { params: { deviceId: 'dev-choi-digital' }, body }, { token, approvalToken });
      expect((await restricted()).items.map((i) => i.deviceId)).toEqual(['dev-kim-digital']);
    });

    it('a restricted device reported lost leaves the list, and comes back on release with the same since', async () => {
      await h.call('reportLoss', { params: { deviceId: 'dev-choi-digital' }, body: { reason: 'LOST' } }, { token });
      expect((await restricted()).items).toEqual([]);
      const approvalToken = await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId: 'dev-choi-digital', body: {} });
      await h.call('releaseLoss', { params: { deviceId: 'dev-choi-digital' }, body: {} }, { token, approvalToken });
      expect((await restricted()).items).toEqual([CHOI]);
    });

    it('is the institution\'s: another branch of it sees the same list, another institution none of it', async () => {
      const branch = await h.login('T0002', { terminal: OTHER_BRANCH });
      expect(await restricted(branch, { terminal: OTHER_BRANCH })).toEqual({ items: [CHOI] });
      const elsewhere = await h.login('T0002', { terminal: OTHER_TERMINAL });
      expect(await restricted(elsewhere, { terminal: OTHER_TERMINAL })).toEqual({ items: [] });
    });
  });
});
