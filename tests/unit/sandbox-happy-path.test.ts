import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issuerEndpoints } from '../../issuer-api/endpoints.js';
import { SandboxHarness } from './support/sandbox.js';

/** The counter flow of the seeds, start to finish, every answer checked against the contract. */
describe('sandbox: a whole Digital OTP registration at the counter', () => {
  let h: SandboxHarness;

  beforeEach(() => {
    h = new SandboxHarness();
  });

  afterEach(() => {
    h.close();
  });

  it('login → identity check 홍길동 → start → SMS code → verify → app code → activate → app OTP → otp check', async () => {
    const login = await h.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
    expect(issuerEndpoints.login.response.safeParse(login).success).toBe(true);
    const token = login.token;

    const check = await h.call(
      'identityCheck',
      { body: { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } } },
      { token },
    );
    expect(check).toMatchObject({
      result: 'VERIFIED',
      customerType: 'INDIVIDUAL',
      name: '홍길동',
      maskedRrn: '900101-1******',
      mobileNumbers: ['010-****-5678'],
    });
    const customerRef = check.customerRef!;

    const started = await h.call(
      'startRegistration',
      { body: { customerRef, identityCheckId: check.checkId, mobileNumber: '010-1234-5678' } },
      { token },
    );
    expect(started).toMatchObject({ status: 'SMS_SENT', resendsLeft: 3, smsExpiresAt: '2025-03-03T00:33:00.000Z' });
    const params = { registrationId: started.registrationId };

    const [sms] = await h.outbox('01012345678');
    expect(sms?.text).toMatch(/^\[디지털OTP\] 인증번호 \[\d{5}\] 직원에게 보여주세요 \(3분 이내\)$/);
    const code = /\[(\d{5})\]/.exec(sms!.text)![1]!;

    await expect(h.call('verifySms', { params, body: { code } }, { token })).resolves.toEqual({ status: 'SMS_VERIFIED' });
    const appCode = await h.call('issueAppCode', { params, body: {} }, { token });
    expect(appCode.appRegistrationCode).toMatch(/^\d{8}$/);
    expect(appCode.expiresAt).toBe('2025-03-03T01:00:00.000Z');
    await expect(h.call('registration', { params }, { token })).resolves.toEqual({ ...params, status: 'APP_CODE_ISSUED' });

    h.clock.advance(5_000);
    const activated = await h.call('activateApp', { body: { appRegistrationCode: appCode.appRegistrationCode, phoneDeviceId: 'galaxy-1' } });
    expect(activated.otpSeed).toMatch(/^[0-9a-f]{40}$/);
    await expect(h.call('registration', { params }, { token })).resolves.toEqual({
      ...params,
      status: 'ACTIVATED',
      deviceId: activated.deviceId,
      activatedAt: '2025-03-03T00:30:05.000Z',
      notified: ['010-****-5678'],
    });

    const { otp } = await h.call('appOtp', { body: { deviceId: activated.deviceId } });
    await expect(h.call('otpCheck', { params: { deviceId: activated.deviceId }, body: { otp } }, { token })).resolves.toEqual({ ok: true });

    const { devices } = await h.call('devices', { params: { customerRef } }, { token });
    expect(devices).toEqual([
      {
        deviceId: activated.deviceId,
        kind: 'DIGITAL_OTP',
        status: 'ACTIVE',
        failCount: 0,
        maxFail: 10,
        institutionCode: '088',
        registeredAt: '2025-03-03T00:30:05.000Z',
        lastUsedAt: '2025-03-03T00:30:05.000Z',
        maskedMobile: '010-****-5678',
      },
    ]);
  });
});
