import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totp } from '../../sandbox/rules/totp.js';
import { expectRefusal, MINUTE_MS, SandboxHarness } from './support/sandbox.js';

describe('sandbox: the phone (activation, app OTP, authentication)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  const authenticate = (deviceId: string, otp: string) => h.call('appAuthenticate', { body: { deviceId, otp } });
  const otpCheck = (deviceId: string, otp: string) => h.call('otpCheck', { params: { deviceId }, body: { otp } }, { token });
  const currentOtp = async (deviceId: string) => (await h.call('appOtp', { body: { deviceId } })).otp;

  describe("a registration's SMS (the training phone of the job under way)", () => {
    it('shows what was sent to its number since it started, newest first, and no earlier SMS to that number', async () => {
      const earlier = await h.startRegistration(token);
      h.clock.advance(MINUTE_MS);
      const started = await h.startRegistration(token);
      await h.call('resendSms', { params: { registrationId: started.registrationId }, body: {} }, { token });
      const sms = await h.call('registrationSms', { params: { registrationId: started.registrationId } });
      expect(sms.mobileNumber).toBe('01012345678');
      expect(sms.messages).toHaveLength(2);
      expect(sms.messages[0]!.text).toContain(`[${await h.smsCode(started.mobileNumber)}]`);
      expect(await h.outbox(earlier.mobileNumber)).toHaveLength(3);
    });

    it('answers 404 REGISTRATION_NOT_FOUND for an unknown registration', async () => {
      await expectRefusal(h.call('registrationSms', { params: { registrationId: 'reg-nope' } }), 404, 'REGISTRATION_NOT_FOUND');
    });
  });

  describe('activation', () => {
    it('makes an ACTIVE Digital OTP at the registration’s institution and activates the registration', async () => {
      const issued = await h.appCodeIssued(token);
      h.clock.advance(MINUTE_MS);
      const { deviceId, otpSeed } = await h.call('activateApp', { body: { appRegistrationCode: issued.appRegistrationCode, phoneDeviceId: 'pixel-9' } });
      expect(otpSeed).toMatch(/^[0-9a-f]{40}$/);
      expect(h.device(deviceId)).toMatchObject({ status: 'ACTIVE', fail_count: 0, max_fail: 10, institution_code: '088', customer_ref: 'cus-hong', otp_seed: otpSeed });
      await expect(h.call('registration', { params: { registrationId: issued.registrationId } }, { token })).resolves.toEqual({
        registrationId: issued.registrationId,
        status: 'ACTIVATED',
        deviceId,
        activatedAt: '2025-03-03T00:31:00.000Z',
        notified: ['010-****-5678'],
      });
    });

    it('answers 404 APP_CODE_INVALID for a code nobody issued', async () => {
      await expectRefusal(h.call('activateApp', { body: { appRegistrationCode: '00000000', phoneDeviceId: 'p' } }), 404, 'APP_CODE_INVALID');
    });

    it('refuses a rooted phone (403 DEVICE_INTEGRITY_FAILED) and leaves the code usable', async () => {
      const issued = await h.appCodeIssued(token);
      const body = { appRegistrationCode: issued.appRegistrationCode, phoneDeviceId: 'rooted-phone', rooted: true };
      await expectRefusal(h.call('activateApp', { body }), 403, 'DEVICE_INTEGRITY_FAILED');
      expect(h.count('devices', "customer_ref = 'cus-hong'")).toBe(0);
      await expect(h.call('activateApp', { body: { ...body, rooted: false } })).resolves.toMatchObject({ deviceId: expect.any(String) });
    });

    it('replaces the person’s previous Digital OTP (one person, one Digital OTP) and leaves cards alone', async () => {
      const { deviceId } = await h.activatedDigitalOtp(token, '김영희');
      expect(h.device('dev-kim-digital')?.status).toBe('REPLACED');
      expect(h.device('dev-kim-card-020')?.status).toBe('ACTIVE');
      expect(h.device(deviceId)?.status).toBe('ACTIVE');
      await expectRefusal(authenticate('dev-kim-digital', '123456'), 409, 'INVALID_DEVICE_STATE', { status: 'REPLACED' });
    });

    it('replaces a RESTRICTED one too', async () => {
      await h.activatedDigitalOtp(token, '최지우');
      expect(h.device('dev-choi-digital')?.status).toBe('REPLACED');
      expect(h.count('devices', "customer_ref = 'cus-choi' AND status = 'ACTIVE'")).toBe(1);
    });
  });

  describe('the app OTP', () => {
    it('is the current TOTP of the device’s seed on the sandbox clock', async () => {
      const { deviceId, otpSeed } = await h.activatedDigitalOtp(token);
      const seed = Buffer.from(otpSeed, 'hex');
      expect(await currentOtp(deviceId)).toBe(totp(seed, h.clock.now().getTime()));
      await h.call('advanceClock', { body: { advanceSeconds: 3600 } });
      expect(await currentOtp(deviceId)).toBe(totp(seed, h.clock.now().getTime() + 3600 * 1000));
    });

    it('answers for the seeded Digital OTPs and 404 DEVICE_NOT_FOUND for a card or an unknown device', async () => {
      await expect(currentOtp('dev-kim-digital')).resolves.toMatch(/^\d{6}$/);
      await expectRefusal(h.call('appOtp', { body: { deviceId: 'dev-kim-card-020' } }), 404, 'DEVICE_NOT_FOUND');
      await expectRefusal(h.call('appOtp', { body: { deviceId: 'dev-nope' } }), 404, 'DEVICE_NOT_FOUND');
    });
  });

  describe('authentication (the app) and the counter’s otp-check share one rule', () => {
    it('accepts the current OTP, resets failCount and records lastUsedAt', async () => {
      const seedHex = h.device('dev-kim-digital')!.otp_seed!;
      await expectRefusal(authenticate('dev-kim-digital', h.wrongOtp(seedHex)), 401, 'OTP_MISMATCH', { failCount: 1 });
      await expectRefusal(otpCheck('dev-kim-digital', h.wrongOtp(seedHex)), 401, 'OTP_MISMATCH', { failCount: 2 });
      h.clock.advance(MINUTE_MS);
      await expect(authenticate('dev-kim-digital', await currentOtp('dev-kim-digital'))).resolves.toEqual({ ok: true });
      const { devices } = await h.call('devices', { params: { customerRef: 'cus-kim' } }, { token });
      expect(devices.find((d) => d.deviceId === 'dev-kim-digital')).toMatchObject({ failCount: 0, lastUsedAt: '2025-03-03T00:31:00.000Z' });
    });

    it('accepts the OTP of one step before or after, not two', async () => {
      const seed = Buffer.from(h.device('dev-kim-digital')!.otp_seed!, 'hex');
      const now = h.clock.now().getTime();
      await expect(authenticate('dev-kim-digital', totp(seed, now - MINUTE_MS))).resolves.toEqual({ ok: true });
      await expect(otpCheck('dev-kim-digital', totp(seed, now + MINUTE_MS))).resolves.toEqual({ ok: true });
      const twoAway = totp(seed, now - 2 * MINUTE_MS);
      const allowed = [-1, 0, 1].map((s) => totp(seed, now + s * MINUTE_MS));
      expect(allowed).not.toContain(twoAway);
      await expectRefusal(authenticate('dev-kim-digital', twoAway), 401, 'OTP_MISMATCH');
    });

    it('restricts the device on the 10th wrong OTP in a row (423 DEVICE_RESTRICTED), then refuses even the right one', async () => {
      const seedHex = h.device('dev-kim-digital')!.otp_seed!;
      for (let failCount = 1; failCount <= 9; failCount++) {
        await expectRefusal(authenticate('dev-kim-digital', h.wrongOtp(seedHex)), 401, 'OTP_MISMATCH', { failCount });
      }
      await expectRefusal(otpCheck('dev-kim-digital', h.wrongOtp(seedHex)), 423, 'DEVICE_RESTRICTED', { failCount: 10 });
      expect(h.device('dev-kim-digital')).toMatchObject({ status: 'RESTRICTED', fail_count: 10 });
      await expectRefusal(authenticate('dev-kim-digital', await currentOtp('dev-kim-digital')), 423, 'DEVICE_RESTRICTED');
      await expectRefusal(otpCheck('dev-kim-digital', await currentOtp('dev-kim-digital')), 423, 'DEVICE_RESTRICTED');
      expect(h.device('dev-kim-digital')?.fail_count).toBe(10);
    });

    it('refuses a LOST device (409 DEVICE_LOST) without counting', async () => {
      await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'STOLEN' } }, { token });
      await expectRefusal(authenticate('dev-kim-digital', await currentOtp('dev-kim-digital')), 409, 'DEVICE_LOST');
      await expectRefusal(otpCheck('dev-kim-digital', '000000'), 409, 'DEVICE_LOST');
      expect(h.device('dev-kim-digital')?.fail_count).toBe(0);
    });

    it('answers 409 INVALID_DEVICE_STATE for a Smart OTP card (the sandbox has no card OTP generator)', async () => {
      await expectRefusal(otpCheck('dev-kim-card-020', '123456'), 409, 'INVALID_DEVICE_STATE');
      await expectRefusal(authenticate('dev-lee-card-020', '123456'), 409, 'INVALID_DEVICE_STATE');
      expect(h.count('devices', 'fail_count > 0 AND kind = ?', 'SMART_OTP')).toBe(0);
    });

    it('answers 404 DEVICE_NOT_FOUND for an unknown device', async () => {
      await expectRefusal(authenticate('dev-nope', '123456'), 404, 'DEVICE_NOT_FOUND');
      await expectRefusal(otpCheck('dev-nope', '123456'), 404, 'DEVICE_NOT_FOUND');
    });
  });
});
