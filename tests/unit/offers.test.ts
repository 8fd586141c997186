import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceStatusSchema } from '../../issuer-api/schemas.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { cardRefusal, deviceJobRefusal, digitalOtpRefusal } from '../../shared/offers.js';
import { SandboxHarness, TERMINAL } from './support/sandbox.js';

/**
 * What the counter offers (shared/offers.ts) is what the issuer does: each rule says no exactly
 * where the sandbox issuer refuses, with the same code.
 */
describe('offers: the counter refuses before the issuer, with the issuer’s code', () => {
  let h: SandboxHarness;
  let token: string;
  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  /** The issuer's answer to a call: null when it did it, else its refusal code. */
  const refusalOf = (call: Promise<unknown>) =>
    call.then(
      () => null,
      (error: unknown) => {
        if (error instanceof IssuerError) return error.code;
        throw error;
      },
    );

  async function issuerAnswer(job: 'LOSS_REPORT' | 'DEVICE_UNLOCK' | 'LOSS_REPORT_RELEASE', deviceId: string): Promise<string | null> {
    if (job === 'LOSS_REPORT') return refusalOf(h.call('reportLoss', { params: { deviceId }, body: { reason: 'LOST' } }, { token }));
    if (job === 'LOSS_REPORT_RELEASE') {
      const approvalToken = await h.approval(token, job, { op: 'releaseLoss', deviceId, body: {} });
      return refusalOf(h.call('releaseLoss', { params: { deviceId }, body: {} }, { token, approvalToken }));
    }
    const { checkId } = await h.verified(token, '최지우');
    const body = { reason: 'customer forgot PIN', identityCheckId: checkId };
    const approvalToken = await h.approval(token, job, { op: 'unlock', deviceId, body });
    return refusalOf(h.call('unlock', { params: { deviceId }, body }, { token, approvalToken }));
  }

  for (const job of ['LOSS_REPORT', 'DEVICE_UNLOCK', 'LOSS_REPORT_RELEASE'] as const) {
    for (const status of DeviceStatusSchema.options) {
      it(`${job} on a ${status} device`, async () => {
        h.db.prepare('UPDATE devices SET status = ? WHERE device_id = ?').run(status, 'dev-choi-digital');
        expect(await issuerAnswer(job, 'dev-choi-digital')).toBe(deviceJobRefusal(job, { status, kind: 'DIGITAL_OTP', institutionCode: TERMINAL.institutionCode })?.code ?? null);
      });
    }
  }

  it('Digital OTP for a sole proprietor, not for an individual', async () => {
    for (const name of ['이철수', '홍길동']) {
      const { customerRef, checkId } = await h.verified(token, name);
      const [customer] = h.db.prepare('SELECT customer_type FROM customers WHERE customer_ref = ?').all(customerRef) as Array<{ customer_type: 'INDIVIDUAL' | 'SOLE_PROPRIETOR' }>;
      const mobileNumber = (await h.identify(token, name)).mobileNumbers[0]!;
      const answer = await refusalOf(h.call('startRegistration', { body: { customerRef, identityCheckId: checkId, mobileNumber } }, { token }));
      expect(answer).toBe(digitalOtpRefusal(customer!.customer_type)?.code ?? null);
    }
  });

  it('a second Smart OTP card at this institution, judged from the device list', async () => {
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    const devices = async () => (await h.call('devices', { params: { customerRef } }, { token })).devices;
    expect(cardRefusal(await devices(), TERMINAL.institutionCode)).toBeNull();
    await h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000001' } }, { token });

    const refusal = cardRefusal(await devices(), TERMINAL.institutionCode);
    expect(refusal).toEqual({ code: 'ALREADY_REGISTERED_AT_INSTITUTION' });
    const again = h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000002' } }, { token });
    expect(await refusalOf(again)).toBe(refusal!.code);
  });

  it('ending a device: from ACTIVE, RESTRICTED or LOST only, judged as the issuer judges it', async () => {
    const { checkId } = await h.verified(token, '최지우');
    for (const status of DeviceStatusSchema.options) {
      // Each status on the same device: what one try ended is undone before the next.
      h.db.prepare('SAVEPOINT try_status').run();
      h.db.prepare('UPDATE devices SET status = ? WHERE device_id = ?').run(status, 'dev-choi-digital');
      const device = { status, kind: 'DIGITAL_OTP' as const, institutionCode: TERMINAL.institutionCode };
      const body = { identityCheckId: checkId, reason: 'CUSTOMER_REQUEST' as const };
      const answer = await refusalOf(h.call('terminate', { params: { deviceId: 'dev-choi-digital' }, body }, { token }));
      expect(answer, status).toBe(deviceJobRefusal('TERMINATION', device, TERMINAL.institutionCode)?.code ?? null);
      h.db.prepare('ROLLBACK TO try_status').run();
      h.db.prepare('RELEASE try_status').run();
    }
  });

  it("a card is ended or replaced only where it is registered: another institution's record is refused first", async () => {
    const { customerRef, checkId } = await h.verified(token, '김영희');
    const cardHere = (await h.call('devices', { params: { customerRef } }, { token })).devices.find((d) => d.kind === 'SMART_OTP')!;
    expect(cardHere.institutionCode).not.toBe(TERMINAL.institutionCode);
    const terminate = h.call('terminate', { params: { deviceId: cardHere.deviceId }, body: { identityCheckId: checkId, reason: 'CUSTOMER_REQUEST' } }, { token });
    expect(await refusalOf(terminate)).toBe(deviceJobRefusal('TERMINATION', cardHere, TERMINAL.institutionCode)?.code);
    const replacement = { customerRef, identityCheckId: checkId, oldDeviceId: cardHere.deviceId, reason: 'DAMAGED' as const, vendorCode: '001', serial: '100000000001' };
    expect(await refusalOf(h.call('replaceCard', { body: replacement }, { token }))).toBe(
      deviceJobRefusal('CARD_REPLACEMENT', cardHere, TERMINAL.institutionCode)?.code,
    );
  });

  it('replacing a card issued here: from ACTIVE, RESTRICTED or LOST only, and never a Digital OTP', async () => {
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    const issued = await h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000001' } }, { token });
    for (const status of DeviceStatusSchema.options) {
      // Each status on the same card: what one try replaced is undone before the next.
      h.db.prepare('SAVEPOINT try_status').run();
      h.db.prepare('UPDATE devices SET status = ? WHERE device_id = ?').run(status, issued.deviceId);
      const body = { customerRef, identityCheckId: checkId, oldDeviceId: issued.deviceId, reason: 'DAMAGED' as const, vendorCode: '001', serial: '100000000002' };
      const answer = await refusalOf(h.call('replaceCard', { body }, { token }));
      expect(answer, status).toBe(deviceJobRefusal('CARD_REPLACEMENT', { ...issued, status }, TERMINAL.institutionCode)?.code ?? null);
      h.db.prepare('ROLLBACK TO try_status').run();
      h.db.prepare('RELEASE try_status').run();
    }
    const { checkId: choiCheck, customerRef: choi } = await h.verified(token, '최지우');
    const digital = { customerRef: choi, identityCheckId: choiCheck, oldDeviceId: 'dev-choi-digital', reason: 'DAMAGED' as const, vendorCode: '001', serial: '100000000002' };
    const refusal = deviceJobRefusal('CARD_REPLACEMENT', { status: 'RESTRICTED', kind: 'DIGITAL_OTP', institutionCode: TERMINAL.institutionCode });
    expect(await refusalOf(h.call('replaceCard', { body: digital }, { token }))).toBe(refusal?.code);
  });
});
