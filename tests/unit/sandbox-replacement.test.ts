import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplacementReason, TerminalIdentity } from '../../issuer-api/schemas.js';
import { expectRefusal, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

describe('sandbox: card replacement (v1.1)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  async function issue(name: string, vendorCode: string, serial: string, terminal: TerminalIdentity = TERMINAL) {
    const { customerRef, checkId } = await h.verified(token, name);
    return h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode, serial } }, { token, terminal });
  }

  async function register(name: string, vendorCode: string, serial: string, terminal: TerminalIdentity = TERMINAL) {
    const { customerRef, checkId } = await h.verified(token, name);
    return h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode, serial } }, { token, terminal });
  }

  async function replace(
    name: string,
    oldDeviceId: string,
    [vendorCode, serial]: [string, string],
    reason: ReplacementReason = 'DAMAGED',
    terminal: TerminalIdentity = TERMINAL,
  ) {
    const { customerRef, checkId } = await h.verified(token, name);
    return h.call('replaceCard', { body: { customerRef, identityCheckId: checkId, oldDeviceId, reason, vendorCode, serial } }, { token, terminal });
  }

  const lookup = (vendorCode: string, serial: string, customerRef?: string) =>
    h.call('cardLookup', { body: { vendorCode, serial, ...(customerRef && { customerRef }) } }, { token });

  describe('a card issued here', () => {
    it('hands over a stock card in place of the old one: old REPLACED, new ACTIVE here, the full fee, the customer texted', async () => {
      const old = await issue('홍길동', '001', '100000000001');
      const answer = await replace('홍길동', old.deviceId, ['001', '100000000002']);
      expect(answer).toEqual({
        deviceId: expect.stringMatching(/^dev-/),
        oldDeviceId: old.deviceId,
        reregisterAt: [],
        fee: { code: 'SMART_OTP_REPLACE', amount: 5000, waived: false },
        notified: ['010-****-5678'],
      });
      expect(h.device(old.deviceId)?.status).toBe('REPLACED');
      expect(h.device(answer.deviceId)).toMatchObject({ status: 'ACTIVE', institution_code: '088', customer_ref: 'cus-hong' });
      await expect(lookup('001', '100000000002', 'cus-hong')).resolves.toEqual({ status: 'ACTIVE', issuingInstitutionCode: '088', holderMatches: true });
    });

    it('looks the replaced card up as REVOKED with the card that replaced it, masked', async () => {
      const old = await issue('홍길동', '001', '100000000001');
      await replace('홍길동', old.deviceId, ['002', '200000000003']);
      await expect(lookup('001', '100000000001')).resolves.toEqual({
        status: 'REVOKED',
        issuingInstitutionCode: '088',
        replacedBy: { vendorCode: '002', maskedSerial: '2000****0003' },
      });
    });

    it('keeps the replacement with its fee and issues the new card now (its issue date for a later waiver)', async () => {
      const old = await issue('홍길동', '001', '100000000001');
      h.clock.advance(24 * 60 * 60 * 1000);
      token = await h.login(); // the next day's session
      const answer = await replace('홍길동', old.deviceId, ['001', '100000000002'], 'EXPIRED');
      expect(h.db.prepare("SELECT kind, serial, device_id, old_device_id, reason, fee_code, fee_amount, fee_waiver_reason, issued_by FROM card_issuances WHERE kind = 'REPLACE'").all()).toEqual([
        {
          kind: 'REPLACE', serial: '100000000002', device_id: answer.deviceId, old_device_id: old.deviceId, reason: 'EXPIRED',
          fee_code: 'SMART_OTP_REPLACE', fee_amount: 5000, fee_waiver_reason: null, issued_by: 'T0001',
        },
      ]);
      expect(h.db.prepare("SELECT issued_at FROM cards WHERE serial = '100000000002'").pluck().get()).toBe(h.clock.now().toISOString());
    });
  });

  describe('reregisterAt: where the old card was in use besides here', () => {
    it('lists 020 for 김영희’s card registered here too, and the old card is REPLACED there as well', async () => {
      const here = await register('김영희', '003', '300000000004');
      const answer = await replace('김영희', here.deviceId, ['001', '100000000001']);
      expect(answer.reregisterAt).toEqual(['020']);
      expect(h.device('dev-kim-card-020')?.status).toBe('REPLACED');
      await expect(lookup('003', '300000000004')).resolves.toMatchObject({ status: 'REVOKED', replacedBy: { vendorCode: '001' } });
      // The customer registers the new card at 020 again.
      await expect(register('김영희', '001', '100000000001', OTHER_TERMINAL)).resolves.toMatchObject({ status: 'ACTIVE', institutionCode: '020' });
    });

    it('lists a RESTRICTED record, and not one the customer ended there', async () => {
      const here = await register('김영희', '003', '300000000004');
      h.db.prepare("UPDATE devices SET status = 'RESTRICTED', fail_count = 10 WHERE device_id = 'dev-kim-card-020'").run();
      await expect(replace('김영희', here.deviceId, ['001', '100000000001'])).resolves.toMatchObject({ reregisterAt: ['020'] });
      expect(h.device('dev-kim-card-020')?.status).toBe('REPLACED');

      const other = await register('이철수', '003', '300000000005');
      const { checkId } = await h.verified(token, '이철수');
      await h.call('terminate', { params: { deviceId: 'dev-lee-card-020' }, body: { identityCheckId: checkId, reason: 'OTHER' } }, { token, terminal: OTHER_TERMINAL });
      await expect(replace('이철수', other.deviceId, ['001', '100000000002'])).resolves.toMatchObject({ reregisterAt: [] });
    });

    it('replaces a LOST card: its records stay LOST, it looks up LOST with replacedBy, is never released, and 020 takes the new card', async () => {
      const here = await register('김영희', '003', '300000000004');
      await h.call('reportLoss', { params: { deviceId: here.deviceId }, body: { reason: 'LOST' } }, { token });
      const answer = await replace('김영희', here.deviceId, ['001', '100000000001'], 'LOST');
      expect(answer.reregisterAt).toEqual(['020']);
      expect([h.device(here.deviceId)?.status, h.device('dev-kim-card-020')?.status]).toEqual(['LOST', 'LOST']);
      await expect(lookup('003', '300000000004')).resolves.toEqual({
        status: 'LOST', issuingInstitutionCode: '020', replacedBy: { vendorCode: '001', maskedSerial: '1000****0001' },
      });
      const approvalToken = await h.approval(token, 'LOSS_REPORT_RELEASE', { op: 'releaseLoss', deviceId: 'dev-kim-card-020', body: {} });
      await expectRefusal(
        h.call('releaseLoss', { params: { deviceId: 'dev-kim-card-020' }, body: {} }, { token, approvalToken }),
        409,
        'INVALID_DEVICE_STATE',
        { status: 'LOST', replaced: true },
      );
      await expect(register('김영희', '001', '100000000001', OTHER_TERMINAL)).resolves.toMatchObject({ status: 'ACTIVE' });
    });
  });

  describe('refusals, in the order they are checked', () => {
    let hongCard: string;
    beforeEach(async () => {
      hongCard = (await issue('홍길동', '001', '100000000001')).deviceId;
    });

    const expectNothingChanged = () => {
      expect(h.device(hongCard)?.status).toBe('ACTIVE');
      expect(h.count('card_issuances', "kind = 'REPLACE'")).toBe(0);
    };

    it('answers 404 CUSTOMER_NOT_FOUND and 403 IDENTITY_CHECK_INVALID for the customer and their check', async () => {
      const { checkId } = await h.verified(token, '홍길동');
      const body = { oldDeviceId: hongCard, reason: 'DAMAGED' as const, vendorCode: '001', serial: '100000000002' };
      await expectRefusal(h.call('replaceCard', { body: { ...body, customerRef: 'cus-nobody', identityCheckId: checkId } }, { token }), 404, 'CUSTOMER_NOT_FOUND');
      const kim = await h.verified(token, '김영희');
      await expectRefusal(h.call('replaceCard', { body: { ...body, customerRef: 'cus-hong', identityCheckId: kim.checkId } }, { token }), 403, 'IDENTITY_CHECK_INVALID', {
        reason: 'OTHER_CUSTOMER',
      });
      expectNothingChanged();
    });

    it('answers 404 DEVICE_NOT_FOUND, and 409 INVALID_DEVICE_STATE for a Digital OTP', async () => {
      await expectRefusal(replace('홍길동', 'dev-nobody', ['001', '100000000002']), 404, 'DEVICE_NOT_FOUND');
      await expectRefusal(replace('김영희', 'dev-kim-digital', ['001', '100000000002']), 409, 'INVALID_DEVICE_STATE', { status: 'ACTIVE', kind: 'DIGITAL_OTP' });
      expectNothingChanged();
    });

    it('answers 409 NOT_REGISTERED_HERE for a card registered elsewhere only', async () => {
      await expectRefusal(replace('김영희', 'dev-kim-card-020', ['001', '100000000002']), 409, 'NOT_REGISTERED_HERE', { institutionCode: '020' });
      expect(h.device('dev-kim-card-020')?.status).toBe('ACTIVE');
    });

    it('answers 403 HOLDER_MISMATCH for another customer’s card', async () => {
      await expectRefusal(replace('김영희', hongCard, ['001', '100000000002']), 403, 'HOLDER_MISMATCH');
      expectNothingChanged();
    });

    it('answers 409 INVALID_DEVICE_STATE for an old card already replaced or ended', async () => {
      await replace('홍길동', hongCard, ['001', '100000000002']);
      await expectRefusal(replace('홍길동', hongCard, ['002', '200000000003']), 409, 'INVALID_DEVICE_STATE', { status: 'REPLACED' });
      await expect(lookup('002', '200000000003')).resolves.toMatchObject({ status: 'IN_STOCK' });
    });

    it('answers 404 CARD_NOT_FOUND and 409 CARD_NOT_IN_STOCK for the new card', async () => {
      await expectRefusal(replace('홍길동', hongCard, ['009', '999999999999']), 404, 'CARD_NOT_FOUND');
      await expectRefusal(replace('홍길동', hongCard, ['003', '300000000005']), 409, 'CARD_NOT_IN_STOCK', { status: 'ACTIVE' });
      await expectRefusal(replace('홍길동', hongCard, ['001', '100000000001']), 409, 'CARD_NOT_IN_STOCK', { status: 'ACTIVE' });
      expectNothingChanged();
    });

    it('answers 409 CARD_NOT_IN_STOCK for 088’s stock at a 020 counter ("this branch" is, for now, the institution)', async () => {
      await expectRefusal(replace('김영희', 'dev-kim-card-020', ['001', '100000000002'], 'DAMAGED', OTHER_TERMINAL), 409, 'CARD_NOT_IN_STOCK');
      expect(h.device('dev-kim-card-020')?.status).toBe('ACTIVE');
    });
  });

  it('answers a replay of the same Idempotency-Key as the first time, handing over one card', async () => {
    const old = await issue('홍길동', '001', '100000000001');
    const { customerRef, checkId } = await h.verified(token, '홍길동');
    const request = { body: { customerRef, identityCheckId: checkId, oldDeviceId: old.deviceId, reason: 'DAMAGED' as const, vendorCode: '001', serial: '100000000002' } };
    const idempotencyKey = '0b8e3f0c-1d2a-4c5b-8e9f-1a2b3c4d5e6f';
    const first = await h.call('replaceCard', request, { token, idempotencyKey });
    const [devices, texts] = [h.count('devices'), h.count('sms_outbox')];
    await expect(h.call('replaceCard', request, { token, idempotencyKey })).resolves.toEqual(first);
    expect([h.count('devices'), h.count('sms_outbox'), h.count('card_issuances', "kind = 'REPLACE'")]).toEqual([devices, texts, 1]);
  });
});
