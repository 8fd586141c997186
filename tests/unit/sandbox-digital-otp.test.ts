import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness } from './support/sandbox.js';

describe('sandbox: Digital OTP registration at the counter', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  const wrongCode = (code: string) => (code === '00000' ? '11111' : '00000');
  const verify = (registrationId: string, code: string) => h.call('verifySms', { params: { registrationId }, body: { code } }, { token });
  const resend = (registrationId: string) => h.call('resendSms', { params: { registrationId }, body: {} }, { token });
  const appCode = (registrationId: string) => h.call('issueAppCode', { params: { registrationId }, body: {} }, { token });
  const status = async (registrationId: string) => (await h.call('registration', { params: { registrationId } }, { token })).status;
  const cancel = (registrationId: string) => h.call('cancelRegistration', { params: { registrationId }, body: {} }, { token });
  const activate = (appRegistrationCode: string) => h.call('activateApp', { body: { appRegistrationCode, phoneDeviceId: 'phone-1' } });

  describe('starting', () => {
    it('sends a 5-digit code to the number, valid 3 minutes, with 3 resends', async () => {
      const started = await h.startRegistration(token);
      expect(started).toMatchObject({ status: 'SMS_SENT', smsExpiresAt: '2025-03-03T00:33:00.000Z', resendsLeft: 3 });
      const messages = await h.outbox('01012345678');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toEqual({
        mobileNumber: '01012345678',
        text: expect.stringMatching(/^\[디지털OTP\] 인증번호 \[\d{5}\] 직원에게 보여주세요 \(3분 이내\)$/),
        sentAt: '2025-03-03T00:30:00.000Z',
      });
      await expect(h.outbox('01023456789')).resolves.toEqual([]);
    });

    it('accepts the number on record in any accepted spelling', async () => {
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      await expect(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '+82 10-1234-5678' } }, { token }),
      ).resolves.toMatchObject({ status: 'SMS_SENT' });
      expect(await h.outbox('010.1234.5678')).toHaveLength(1);
    });

    it('takes a number chosen from the masked ones on record, and refuses a masked number not on record', async () => {
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      await expect(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '010-****-5678' } }, { token }),
      ).resolves.toMatchObject({ status: 'SMS_SENT' });
      expect(await h.outbox('01012345678')).toHaveLength(1);
      await expectRefusal(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '010-****-6789' } }, { token }),
        409,
        'MOBILE_NOT_ON_RECORD',
      );
    });

    it('answers 403 NOT_ELIGIBLE for a sole proprietor', async () => {
      const { customerRef, checkId } = await h.verified(token, '이철수');
      await expectRefusal(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '01034567890' } }, { token }),
        403,
        'NOT_ELIGIBLE',
      );
      expect(h.count('registrations') + h.count('sms_outbox')).toBe(0);
    });

    it('answers 409 MOBILE_NOT_ON_RECORD for a number not on record', async () => {
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      await expectRefusal(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '010-2345-6789' } }, { token }),
        409,
        'MOBILE_NOT_ON_RECORD',
      );
      expect(h.count('sms_outbox')).toBe(0);
    });

    it('stores the codes only as hashes', async () => {
      const started = await h.startRegistration(token);
      const code = await h.smsCode(started.mobileNumber);
      const row = JSON.stringify(h.db.prepare('SELECT * FROM registrations').all());
      expect(row).not.toContain(code);
    });
  });

  describe('the SMS code', () => {
    it('verifies with the right code', async () => {
      const started = await h.startRegistration(token);
      await expect(verify(started.registrationId, await h.smsCode(started.mobileNumber))).resolves.toEqual({ status: 'SMS_VERIFIED' });
      expect(await status(started.registrationId)).toBe('SMS_VERIFIED');
    });

    it('is valid for 3 minutes: 410 SMS_CODE_EXPIRED after, and an expired try is not counted', async () => {
      const early = await h.startRegistration(token);
      const late = await h.startRegistration(token);
      const earlyCode = (await h.outbox(early.mobileNumber))[1]!.text.match(/\[(\d{5})\]/)![1]!;
      const lateCode = await h.smsCode(late.mobileNumber);
      h.clock.advance(3 * MINUTE_MS - 1);
      await expect(verify(early.registrationId, earlyCode)).resolves.toEqual({ status: 'SMS_VERIFIED' });
      h.clock.advance(1);
      await expectRefusal(verify(late.registrationId, lateCode), 410, 'SMS_CODE_EXPIRED');
      await expectRefusal(verify(late.registrationId, wrongCode(lateCode)), 410, 'SMS_CODE_EXPIRED');
      expect(h.count('registrations', 'sms_failures > 0')).toBe(0);
      expect(await status(late.registrationId)).toBe('SMS_SENT');
    });

    it('counts wrong codes: attemptsLeft 4, 3, 2, 1, then the 5th cancels (423 TOO_MANY_ATTEMPTS)', async () => {
      const started = await h.startRegistration(token);
      const code = await h.smsCode(started.mobileNumber);
      for (const attemptsLeft of [4, 3, 2, 1]) {
        await expectRefusal(verify(started.registrationId, wrongCode(code)), 422, 'SMS_CODE_MISMATCH', { attemptsLeft });
      }
      await expectRefusal(verify(started.registrationId, wrongCode(code)), 423, 'TOO_MANY_ATTEMPTS');
      expect(await status(started.registrationId)).toBe('CANCELLED');
      await expectRefusal(verify(started.registrationId, code), 409, 'INVALID_REGISTRATION_STATE');
    });

    it('counts attempts per registration: a resend does not reset them', async () => {
      const started = await h.startRegistration(token);
      const first = await h.smsCode(started.mobileNumber);
      await expectRefusal(verify(started.registrationId, wrongCode(first)), 422, 'SMS_CODE_MISMATCH', { attemptsLeft: 4 });
      await expectRefusal(verify(started.registrationId, wrongCode(first)), 422, 'SMS_CODE_MISMATCH', { attemptsLeft: 3 });
      await resend(started.registrationId);
      const second = await h.smsCode(started.mobileNumber);
      await expectRefusal(verify(started.registrationId, wrongCode(second)), 422, 'SMS_CODE_MISMATCH', { attemptsLeft: 2 });
      // Another registration has its own count.
      const other = await h.startRegistration(token);
      const otherCode = await h.smsCode(other.mobileNumber);
      await expectRefusal(verify(other.registrationId, wrongCode(otherCode)), 422, 'SMS_CODE_MISMATCH', { attemptsLeft: 4 });
    });

    it('is only verified in SMS_SENT', async () => {
      const started = await h.startRegistration(token);
      const code = await h.smsCode(started.mobileNumber);
      await verify(started.registrationId, code);
      await expectRefusal(verify(started.registrationId, code), 409, 'INVALID_REGISTRATION_STATE', { status: 'SMS_VERIFIED' });
    });
  });

  describe('resending', () => {
    it('sends a new code and kills the old one; resendsLeft 2, 1, 0, then 409 RESEND_LIMIT_REACHED', async () => {
      const started = await h.startRegistration(token);
      const codes = [await h.smsCode(started.mobileNumber)];
      for (const resendsLeft of [2, 1, 0]) {
        h.clock.advance(MINUTE_MS);
        await expect(resend(started.registrationId)).resolves.toMatchObject({ registrationId: started.registrationId, status: 'SMS_SENT', resendsLeft });
        codes.push(await h.smsCode(started.mobileNumber));
      }
      await expectRefusal(resend(started.registrationId), 409, 'RESEND_LIMIT_REACHED');
      expect(await h.outbox(started.mobileNumber)).toHaveLength(4);

      const latest = codes.at(-1)!;
      const stale = codes.slice(0, -1).find((c) => c !== latest);
      if (stale) await expectRefusal(verify(started.registrationId, stale), 422, 'SMS_CODE_MISMATCH');
      await expect(verify(started.registrationId, latest)).resolves.toEqual({ status: 'SMS_VERIFIED' });
    });

    it('gives the new code its own 3 minutes, so an expired code can be replaced', async () => {
      const started = await h.startRegistration(token);
      h.clock.advance(5 * MINUTE_MS);
      const resent = await resend(started.registrationId);
      expect(resent.smsExpiresAt).toBe('2025-03-03T00:38:00.000Z');
      await expect(verify(started.registrationId, await h.smsCode(started.mobileNumber))).resolves.toEqual({ status: 'SMS_VERIFIED' });
    });

    it('is only possible in SMS_SENT', async () => {
      const started = await h.startRegistration(token);
      await verify(started.registrationId, await h.smsCode(started.mobileNumber));
      await expectRefusal(resend(started.registrationId), 409, 'INVALID_REGISTRATION_STATE');
      expect(await h.outbox(started.mobileNumber)).toHaveLength(1);
    });
  });

  describe('the app registration code', () => {
    it('needs SMS_VERIFIED first', async () => {
      const started = await h.startRegistration(token);
      await expectRefusal(appCode(started.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'SMS_SENT' });
    });

    it('is 8 digits, valid 30 minutes; after that the registration reads EXPIRED', async () => {
      const issued = await h.appCodeIssued(token);
      expect(issued.appRegistrationCode).toMatch(/^\d{8}$/);
      expect(issued.expiresAt).toBe('2025-03-03T01:00:00.000Z');
      expect(await status(issued.registrationId)).toBe('APP_CODE_ISSUED');
      h.clock.advance(30 * MINUTE_MS - 1);
      expect(await status(issued.registrationId)).toBe('APP_CODE_ISSUED');
      h.clock.advance(1);
      expect(await status(issued.registrationId)).toBe('EXPIRED');
      await expectRefusal(activate(issued.appRegistrationCode), 404, 'APP_CODE_INVALID');
      await expectRefusal(appCode(issued.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'EXPIRED' });
    });

    it('is replaced by issuing again: the old code dies', async () => {
      const issued = await h.appCodeIssued(token);
      const again = await appCode(issued.registrationId);
      if (again.appRegistrationCode !== issued.appRegistrationCode) {
        await expectRefusal(activate(issued.appRegistrationCode), 404, 'APP_CODE_INVALID');
      }
      await expect(activate(again.appRegistrationCode)).resolves.toMatchObject({ deviceId: expect.any(String) });
    });

    it('is single use', async () => {
      const issued = await h.appCodeIssued(token);
      await activate(issued.appRegistrationCode);
      await expectRefusal(activate(issued.appRegistrationCode), 404, 'APP_CODE_INVALID');
      await expectRefusal(appCode(issued.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'ACTIVATED' });
      expect(h.count('devices', "customer_ref = 'cus-hong'")).toBe(1);
    });
  });

  describe('cancelling', () => {
    it('cancels in SMS_SENT, SMS_VERIFIED and APP_CODE_ISSUED', async () => {
      const sent = await h.startRegistration(token);
      await expect(cancel(sent.registrationId)).resolves.toEqual({ registrationId: sent.registrationId, status: 'CANCELLED' });
      await expectRefusal(verify(sent.registrationId, await h.smsCode(sent.mobileNumber)), 409, 'INVALID_REGISTRATION_STATE');

      const verified = await h.startRegistration(token);
      await verify(verified.registrationId, await h.smsCode(verified.mobileNumber));
      await expect(cancel(verified.registrationId)).resolves.toMatchObject({ status: 'CANCELLED' });

      const issued = await h.appCodeIssued(token);
      await expect(cancel(issued.registrationId)).resolves.toMatchObject({ status: 'CANCELLED' });
      await expectRefusal(activate(issued.appRegistrationCode), 404, 'APP_CODE_INVALID');
      expect(await status(issued.registrationId)).toBe('CANCELLED');
    });

    it('refuses once cancelled, activated or expired', async () => {
      const sent = await h.startRegistration(token);
      await cancel(sent.registrationId);
      await expectRefusal(cancel(sent.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'CANCELLED' });

      const activated = await h.activatedDigitalOtp(token);
      await expectRefusal(cancel(activated.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'ACTIVATED' });

      const expired = await h.appCodeIssued(token);
      h.clock.advance(30 * MINUTE_MS);
      await expectRefusal(cancel(expired.registrationId), 409, 'INVALID_REGISTRATION_STATE', { status: 'EXPIRED' });
    });
  });

  it.each([
    ['resendSms', { params: { registrationId: 'reg-nope' }, body: {} }],
    ['verifySms', { params: { registrationId: 'reg-nope' }, body: { code: '12345' } }],
    ['issueAppCode', { params: { registrationId: 'reg-nope' }, body: {} }],
    ['registration', { params: { registrationId: 'reg-nope' } }],
    ['cancelRegistration', { params: { registrationId: 'reg-nope' }, body: {} }],
  ] as const)('%s answers 404 REGISTRATION_NOT_FOUND for an unknown registration', async (op, request) => {
    await expectRefusal(h.raw(op, request, { token }), 404, 'REGISTRATION_NOT_FOUND');
  });

  it('registers at the institution of the counter that started it', async () => {
    const other = await h.login('T0002');
    const { customerRef, checkId } = await h.verified(other, '홍길동');
    const started = await h.call(
      'startRegistration',
      { body: { customerRef, identityCheckId: checkId, mobileNumber: '01012345678' } },
      { token: other, terminal: OTHER_TERMINAL },
    );
    const params = { registrationId: started.registrationId };
    await h.call('verifySms', { params, body: { code: await h.smsCode('01012345678') } }, { token: other });
    const { appRegistrationCode } = await h.call('issueAppCode', { params, body: {} }, { token: other });
    const { deviceId } = await activate(appRegistrationCode);
    expect(h.device(deviceId)?.institution_code).toBe('020');
  });
});
