import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefusal, SandboxHarness } from './support/sandbox.js';

describe('sandbox: mobile numbers on record (v1.1)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  async function change(name: string, mobileNumber: string, replaces?: string) {
    const { customerRef, checkId } = await h.verified(token, name);
    return h.call(
      'changeMobileNumbers',
      { params: { customerRef }, body: { identityCheckId: checkId, mobileNumber, ...(replaces && { replaces }) } },
      { token },
    );
  }

  const texts = async (mobileNumber: string) => (await h.outbox(mobileNumber)).map((m) => m.text);

  describe('adding a number', () => {
    it('adds it after the ones on record and texts every number on record and the new one', async () => {
      await expect(change('홍길동', '010-9999-0001')).resolves.toEqual({
        mobileNumbers: ['010-****-5678', '010-****-0001'],
        notified: ['010-****-5678', '010-****-0001'],
      });
      const text = '[088] 휴대폰번호 추가 010-****-0001 2025-03-03 09:30';
      expect(await texts('01012345678')).toEqual([text]);
      expect(await texts('01099990001')).toEqual([text]);
      await expect(h.identify(token, '홍길동')).resolves.toMatchObject({ mobileNumbers: ['010-****-5678', '010-****-0001'] });
    });

    it('makes the new number usable for a Digital OTP registration', async () => {
      await change('홍길동', '01099990001');
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      await expect(
        h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber: '010-****-0001' } }, { token }),
      ).resolves.toMatchObject({ status: 'SMS_SENT' });
      await expect(h.smsCode('01099990001')).resolves.toMatch(/^\d{5}$/);
    });

    it('answers 409 TOO_MANY_NUMBERS for a 4th, and a replacement still works at 3', async () => {
      await change('홍길동', '01099990001');
      await change('홍길동', '01099990002');
      await expectRefusal(change('홍길동', '01099990003'), 409, 'TOO_MANY_NUMBERS', { max: 3 });
      await expect(change('홍길동', '01099990003', '010-****-0002')).resolves.toMatchObject({
        mobileNumbers: ['010-****-5678', '010-****-0001', '010-****-0003'],
      });
    });
  });

  describe('replacing a number', () => {
    it('puts the new number in the old one’s place and texts the replaced number and the new one only', async () => {
      await change('홍길동', '01099990001');
      await expect(change('홍길동', '01088880002', '010-****-5678')).resolves.toEqual({
        mobileNumbers: ['010-****-0002', '010-****-0001'],
        notified: ['010-****-5678', '010-****-0002'],
      });
      const replaced = '[088] 휴대폰번호 변경 010-****-0002 2025-03-03 09:30';
      expect((await texts('01012345678'))[0]).toBe(replaced);
      expect(await texts('01088880002')).toEqual([replaced]);
      expect(await texts('01099990001')).not.toContain(replaced);
    });

    it('frees the replaced number: another customer may take it', async () => {
      await change('홍길동', '01088880002', '010-****-5678');
      await expect(change('박서준', '01012345678')).resolves.toMatchObject({ mobileNumbers: ['010-****-8901', '010-****-5678'] });
    });

    it('leaves a Digital OTP bound to the replaced number working, with its number', async () => {
      await change('김영희', '01077770003', '010-****-6789');
      const { otp } = await h.call('appOtp', { body: { deviceId: 'dev-kim-digital' } });
      await expect(h.call('appAuthenticate', { body: { deviceId: 'dev-kim-digital', otp } })).resolves.toEqual({ ok: true });
      const { devices } = await h.call('devices', { params: { customerRef: 'cus-kim' } }, { token });
      expect(devices.find((d) => d.deviceId === 'dev-kim-digital')).toMatchObject({ status: 'ACTIVE', maskedMobile: '010-****-6789' });
    });

    it('answers 422 REPLACES_AMBIGUOUS for a mask naming no number on record, or two', async () => {
      await expectRefusal(change('홍길동', '01099990001', '010-****-0000'), 422, 'REPLACES_AMBIGUOUS', { matches: 0 });
      await change('홍길동', '01099995678');
      await expectRefusal(change('홍길동', '01099990001', '010-****-5678'), 422, 'REPLACES_AMBIGUOUS', { matches: 2 });
    });
  });

  describe('refusals', () => {
    it('answers 409 MOBILE_ALREADY_ON_RECORD for the customer’s own number, however typed, added or as a replacement', async () => {
      await expectRefusal(change('홍길동', '010-1234-5678'), 409, 'MOBILE_ALREADY_ON_RECORD');
      await expectRefusal(change('홍길동', '+82 10 1234 5678', '010-****-5678'), 409, 'MOBILE_ALREADY_ON_RECORD');
    });

    it('answers 409 MOBILE_IN_USE for another customer’s number', async () => {
      await expectRefusal(change('홍길동', '01023456789'), 409, 'MOBILE_IN_USE');
      await expectRefusal(change('홍길동', '01023456789', '010-****-5678'), 409, 'MOBILE_IN_USE');
    });

    it('answers 404 CUSTOMER_NOT_FOUND and 403 IDENTITY_CHECK_INVALID for another customer’s check', async () => {
      const { checkId } = await h.verified(token, '김영희');
      const body = { identityCheckId: checkId, mobileNumber: '01099990001' };
      await expectRefusal(h.call('changeMobileNumbers', { params: { customerRef: 'cus-nobody' }, body }, { token }), 404, 'CUSTOMER_NOT_FOUND');
      await expectRefusal(h.call('changeMobileNumbers', { params: { customerRef: 'cus-hong' }, body }, { token }), 403, 'IDENTITY_CHECK_INVALID', {
        reason: 'OTHER_CUSTOMER',
      });
    });

    it('changes and texts nothing when refused', async () => {
      await expectRefusal(change('홍길동', '01023456789'), 409, 'MOBILE_IN_USE');
      expect(h.count('sms_outbox')).toBe(0);
      expect(h.count('customer_mobiles', "customer_ref = 'cus-hong'")).toBe(1);
    });
  });

  it('answers a replay of the same Idempotency-Key as the first time, adding and texting once', async () => {
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    const request = { params: { customerRef }, body: { identityCheckId: checkId, mobileNumber: '01099990001' } };
    const idempotencyKey = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';
    const first = await h.call('changeMobileNumbers', request, { token, idempotencyKey });
    await expect(h.call('changeMobileNumbers', request, { token, idempotencyKey })).resolves.toEqual(first);
    expect(h.count('sms_outbox')).toBe(2);
    expect(h.count('customer_mobiles', "customer_ref = 'cus-hong'")).toBe(2);
  });
});
