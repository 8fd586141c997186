import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_CUSTOMERS } from '../../sandbox/store/seed.js';
import { codeFromSms } from '../support/issuer-fixtures.js';
import { OTHER_TERMINAL, SandboxHarness } from './support/sandbox.js';

/** The time of the test clock's start (2025-03-03T00:30Z) in Asia/Seoul, as the texts carry it. */
const T0_SEOUL = '2025-03-03 09:30';

describe('sandbox: notifications to the numbers on record (v1.1)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  const checkOf = (name: string) => h.verified(token, name);

  async function registerKimCardHere() {
    const { customerRef, checkId } = await checkOf('김영희');
    return h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' } }, { token });
  }

  async function release(deviceId: string) {
    const approvalToken = await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId, body: {} });
    return h.call('releaseLoss', { params: { deviceId }, body: {} }, { token, approvalToken });
  }

  async function unlock(deviceId: string, name: string) {
    const body = { reason: 'customer forgot PIN', identityCheckId: (await checkOf(name)).checkId };
    const approvalToken = await h.approval(token, 'DEVICE_UNLOCK', { op: 'unlock', deviceId, body });
    return h.call('unlock', { params: { deviceId }, body }, { token, approvalToken });
  }

  async function terminate(deviceId: string, name: string) {
    const { checkId } = await checkOf(name);
    return h.call('terminate', { params: { deviceId }, body: { identityCheckId: checkId, reason: 'CUSTOMER_REQUEST' } }, { token });
  }

  describe('each job texts the customer: institution, job, masked device, time', () => {
    it('a Smart OTP issuance and replacement', async () => {
      const { customerRef, checkId } = await checkOf('홍길동');
      const issued = await h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000001' } }, { token });
      await h.call(
        'replaceCard',
        { body: { customerRef, identityCheckId: checkId, oldDeviceId: issued.deviceId, reason: 'DAMAGED', vendorCode: '001', serial: '100000000002' } },
        { token },
      );
      expect((await h.outbox('01012345678')).map((m) => m.text)).toEqual([
        `[088] 스마트OTP 교체 발급 1000****0002 ${T0_SEOUL}`,
        `[088] 스마트OTP 발급 1000****0001 ${T0_SEOUL}`,
      ]);
    });

    it('a card registration, loss report, release and termination, naming the institution where it was done', async () => {
      const here = await registerKimCardHere();
      expect(here.notified).toEqual(['010-****-6789']);
      await expect(h.call('reportLoss', { params: { deviceId: here.deviceId }, body: { reason: 'LOST' } }, { token })).resolves.toMatchObject({
        notified: ['010-****-6789'],
      });
      await expect(release(here.deviceId)).resolves.toMatchObject({ notified: ['010-****-6789'] });
      await terminate(here.deviceId, '김영희');
      await h.call('reportLoss', { params: { deviceId: 'dev-kim-digital' }, body: { reason: 'STOLEN' } }, { token, terminal: OTHER_TERMINAL });
      expect((await h.outbox('01023456789')).map((m) => m.text)).toEqual([
        `[020] 디지털OTP 분실신고 접수 010-****-6789 ${T0_SEOUL}`,
        `[088] 스마트OTP 해지 3000****0004 ${T0_SEOUL}`,
        `[088] 스마트OTP 분실신고 해제 3000****0004 ${T0_SEOUL}`,
        `[088] 스마트OTP 분실신고 접수 3000****0004 ${T0_SEOUL}`,
        `[088] 스마트OTP 타기관 등록 3000****0004 ${T0_SEOUL}`,
      ]);
    });

    it('an unlock', async () => {
      await expect(unlock('dev-choi-digital', '최지우')).resolves.toMatchObject({ status: 'ACTIVE', notified: ['010-****-9012'] });
      expect((await h.outbox('01056789012'))[0]?.text).toBe(`[088] 디지털OTP 이용제한 해제 010-****-9012 ${T0_SEOUL}`);
    });

    it('an activation: every number on record, kept on the registration and answered once ACTIVATED', async () => {
      const { customerRef, checkId } = await checkOf('홍길동');
      await h.call('changeMobileNumbers', { params: { customerRef }, body: { identityCheckId: checkId, mobileNumber: '01099990001' } }, { token });
      const issued = await h.appCodeIssued(token, '홍길동');
      const params = { registrationId: issued.registrationId };
      expect(await h.call('registration', { params }, { token })).not.toHaveProperty('notified');

      await h.call('activateApp', { body: { appRegistrationCode: issued.appRegistrationCode, phoneDeviceId: 'phone-1' } });
      await expect(h.call('registration', { params }, { token })).resolves.toMatchObject({
        status: 'ACTIVATED',
        notified: ['010-****-5678', '010-****-0001'],
      });
      const activated = `[088] 디지털OTP 등록 완료 010-****-5678 ${T0_SEOUL}`;
      expect((await h.outbox('01012345678'))[0]?.text).toBe(activated);
      expect((await h.outbox('01099990001'))[0]?.text).toBe(activated);
    });
  });

  it('never hides the SMS code from those who read it off the outbox: a notification sent after it is passed over', async () => {
    const started = await h.startRegistration(token, '김영희');
    await h.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } }, { token, terminal: OTHER_TERMINAL });
    const outbox = await h.outbox('01023456789');
    expect(outbox[0]?.text).toMatch(/분실신고/);
    const code = await h.smsCode('01023456789');
    expect(codeFromSms(outbox)).toBe(code);
    const sms = await h.call('registrationSms', { params: { registrationId: started.registrationId } });
    expect(codeFromSms(sms.messages)).toBe(code);
    await expect(h.call('verifySms', { params: { registrationId: started.registrationId }, body: { code } }, { token })).resolves.toEqual({
      status: 'SMS_VERIFIED',
    });
  });

  it('after a run of every job, no notification carries a code, an RRN or a full number, nor five digits in a row', async () => {
    const codes: string[] = [];
    // Activation (SMS codes and an app code along the way), then the device's life.
    const activated = await h.activatedDigitalOtp(token, '홍길동');
    codes.push(activated.appRegistrationCode, (await h.call('appOtp', { body: { deviceId: activated.deviceId } })).otp);
    const kimCard = await registerKimCardHere();
    await h.call('reportLoss', { params: { deviceId: kimCard.deviceId }, body: { reason: 'STOLEN' } }, { token });
    await release(kimCard.deviceId);
    await unlock('dev-choi-digital', '최지우');
    const park = await checkOf('박서준');
    const issued = await h.call('issueCard', { body: { customerRef: park.customerRef, identityCheckId: park.checkId, vendorCode: '001', serial: '100000000001' } }, { token });
    await h.call(
      'replaceCard',
      { body: { customerRef: park.customerRef, identityCheckId: park.checkId, oldDeviceId: issued.deviceId, reason: 'DAMAGED', vendorCode: '002', serial: '200000000003' } },
      { token },
    );
    await terminate(kimCard.deviceId, '김영희');
    await terminate(activated.deviceId, '홍길동');
    const lee = await checkOf('이철수');
    const added = ['01055554321', '0115551234'];
    await h.call('changeMobileNumbers', { params: { customerRef: lee.customerRef }, body: { identityCheckId: lee.checkId, mobileNumber: added[0]! } }, { token });
    await h.call(
      'changeMobileNumbers',
      { params: { customerRef: lee.customerRef }, body: { identityCheckId: lee.checkId, mobileNumber: added[1]!, replaces: '010-****-7890' } },
      { token },
    );

    const messages = h.db.prepare('SELECT mobile, text FROM sms_outbox ORDER BY id').all() as Array<{ mobile: string; text: string }>;
    const [codeTexts, notifications] = [messages.filter((m) => m.text.includes('인증번호')), messages.filter((m) => !m.text.includes('인증번호'))];
    codes.push(...codeTexts.map((m) => /\[(\d{5})\]/.exec(m.text)![1]!));
    const numbers = [...SEED_CUSTOMERS.flatMap((c) => c.mobiles), ...added];
    const rrns = SEED_CUSTOMERS.map((c) => c.rrn);

    const jobs = new Set(notifications.map((m) => /^\[\d{3}\] (?:(?:스마트|디지털)OTP )?(\D+?) \d/.exec(m.text)?.[1]));
    expect([...jobs].sort()).toEqual(
      ['등록 완료', '분실신고 접수', '분실신고 해제', '이용제한 해제', '해지', '교체 발급', '발급', '타기관 등록', '휴대폰번호 추가', '휴대폰번호 변경'].sort(),
    );
    for (const { text } of notifications) {
      expect(text).toMatch(/^\[\d{3}\] .+ \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(text).not.toMatch(/\d{5}/);
      expect(text).not.toMatch(/01[016789]-?[1-9]\d{2,3}-?\d{4}/);
      for (const code of codes) expect(text).not.toContain(code);
      for (const rrn of rrns) expect(text).not.toContain(rrn.slice(0, 6));
      // A number appears masked only: its middle block never next to its first or last.
      for (const number of numbers) {
        const [first, middle, last] = [number.slice(0, 3), number.slice(3, -4), number.slice(-4)];
        expect(text.replace(/\D/g, '')).not.toContain(number);
        expect(text).not.toMatch(new RegExp(`${first}\\D?${middle}|${middle}\\D?${last}`));
      }
    }
  });
});
