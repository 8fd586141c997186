import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeeRequest, ReplacementReason } from '../../issuer-api/schemas.js';
import { expectRefusal, SandboxHarness } from './support/sandbox.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('sandbox: fees and waivers (v1.1)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  async function issueBody(name: string, serial: string, fee?: FeeRequest) {
    const { customerRef, checkId } = await h.verified(token, name);
    return { customerRef, identityCheckId: checkId, vendorCode: '001', serial, ...(fee && { fee }) };
  }

  async function issue(name: string, serial: string, fee?: FeeRequest, approvalToken?: string) {
    return h.call('issueCard', { body: await issueBody(name, serial, fee) }, { token, ...(approvalToken && { approvalToken }) });
  }

  async function replaceBody(name: string, oldDeviceId: string, reason: ReplacementReason, fee?: FeeRequest) {
    const { customerRef, checkId } = await h.verified(token, name);
    return { customerRef, identityCheckId: checkId, oldDeviceId, reason, vendorCode: '002', serial: '200000000003', ...(fee && { fee }) };
  }

  async function replace(name: string, oldDeviceId: string, reason: ReplacementReason, fee?: FeeRequest) {
    return h.call('replaceCard', { body: await replaceBody(name, oldDeviceId, reason, fee) }, { token });
  }

  const approvalsUsed = () => h.count('approvals', 'used_at IS NOT NULL');

  it('publishes the fee table and the waiver reasons', async () => {
    await expect(h.call('fees', {}, { token })).resolves.toEqual({
      currency: 'KRW',
      items: [
        { code: 'SMART_OTP_ISSUE', amount: 5000 },
        { code: 'SMART_OTP_REPLACE', amount: 5000 },
        { code: 'DIGITAL_OTP_REGISTER', amount: 0 },
      ],
      waiverReasons: ['DEFECT_WITHIN_1_YEAR', 'SUPERVISOR_DISCRETION'],
    });
  });

  describe('on an issuance', () => {
    it('charges the full amount when no fee is given, and the table’s amount when it is', async () => {
      await expect(issue('홍길동', '100000000001')).resolves.toMatchObject({ fee: { code: 'SMART_OTP_ISSUE', amount: 5000, waived: false } });
      await expect(issue('이철수', '100000000002', { code: 'SMART_OTP_ISSUE', amount: 5000 })).resolves.toMatchObject({
        fee: { code: 'SMART_OTP_ISSUE', amount: 5000, waived: false },
      });
      expect(h.db.prepare("SELECT fee_code, fee_amount, fee_waiver_reason FROM card_issuances WHERE kind = 'ISSUE'").all()).toEqual([
        { fee_code: 'SMART_OTP_ISSUE', fee_amount: 5000, fee_waiver_reason: null },
        { fee_code: 'SMART_OTP_ISSUE', fee_amount: 5000, fee_waiver_reason: null },
      ]);
    });

    it.each([
      ['another amount', { code: 'SMART_OTP_ISSUE', amount: 4000 }, { expectedAmount: 5000 }],
      ['0 without a waiver reason', { code: 'SMART_OTP_ISSUE', amount: 0 }, { expectedAmount: 5000 }],
      ['another job’s code', { code: 'SMART_OTP_REPLACE', amount: 5000 }, { expectedCode: 'SMART_OTP_ISSUE' }],
      ['the Digital OTP code', { code: 'DIGITAL_OTP_REGISTER', amount: 0 }, { expectedCode: 'SMART_OTP_ISSUE' }],
      ['a waiver reason with an amount', { code: 'SMART_OTP_ISSUE', amount: 5000, waiverReason: 'DEFECT_WITHIN_1_YEAR' }, { expectedAmount: 0 }],
    ] as const)('answers 422 FEE_MISMATCH for %s, and issues nothing', async (_, fee, details) => {
      await expectRefusal(issue('홍길동', '100000000001', fee), 422, 'FEE_MISMATCH', details);
      expect(h.count('cards', "serial = '100000000001' AND status = 'IN_STOCK'")).toBe(1);
      expect(h.count('card_issuances')).toBe(0);
    });

    it('answers 422 WAIVER_NOT_APPLICABLE for the defect waiver: it is for a replacement only', async () => {
      await expectRefusal(issue('홍길동', '100000000001', { code: 'SMART_OTP_ISSUE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' }), 422, 'WAIVER_NOT_APPLICABLE');
    });

    it('waives it at the supervisor’s discretion only with a FEE_WAIVER approval of that very request, spent once', async () => {
      const fee = { code: 'SMART_OTP_ISSUE', amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' } as const;
      const body = await issueBody('홍길동', '100000000001', fee);
      await expectRefusal(h.call('issueCard', { body }, { token }), 403, 'APPROVAL_REQUIRED');

      const wrongAction = await h.approval(token, 'DEVICE_UNLOCK', { op: 'issueCard', body });
      await expectRefusal(h.call('issueCard', { body }, { token, approvalToken: wrongAction }), 403, 'APPROVAL_INVALID');

      const approvalToken = await h.approval(token, 'FEE_WAIVER', { op: 'issueCard', body });
      await expect(h.call('issueCard', { body }, { token, approvalToken })).resolves.toMatchObject({
        fee: { code: 'SMART_OTP_ISSUE', amount: 0, waived: true },
      });
      expect(h.db.prepare("SELECT fee_amount, fee_waiver_reason FROM card_issuances").get()).toEqual({ fee_amount: 0, fee_waiver_reason: 'SUPERVISOR_DISCRETION' });
      expect(approvalsUsed()).toBe(1);
      // Spent: the same request again (another card would be refused anyway) cannot use it twice.
      await expectRefusal(h.call('issueCard', { body }, { token, approvalToken }), 403, 'APPROVAL_INVALID');
    });

    it('leaves the approval unspent when the waived issuance is refused', async () => {
      const body = await issueBody('홍길동', '100000000001', { code: 'SMART_OTP_ISSUE', amount: 500, waiverReason: 'SUPERVISOR_DISCRETION' });
      const approvalToken = await h.approval(token, 'FEE_WAIVER', { op: 'issueCard', body });
      await expectRefusal(h.call('issueCard', { body }, { token, approvalToken }), 422, 'FEE_MISMATCH');
      expect(approvalsUsed()).toBe(0);
    });

    it('needs no approval for a full fee, and neither checks nor spends a token sent with one', async () => {
      const body = await issueBody('홍길동', '100000000001');
      const unrelated = await h.approval(token, 'FEE_WAIVER', { op: 'issueCard', body: { other: true } });
      await expect(h.call('issueCard', { body }, { token, approvalToken: unrelated })).resolves.toMatchObject({ fee: { waived: false } });
      expect(approvalsUsed()).toBe(0);
    });
  });

  describe('on a replacement', () => {
    /** 홍길동's card issued here now, at the test clock's start. */
    let oldDeviceId: string;
    beforeEach(async () => {
      oldDeviceId = (await issue('홍길동', '100000000001')).deviceId;
    });

    it('charges SMART_OTP_REPLACE in full by default, and refuses the issuance’s code', async () => {
      await expectRefusal(replace('홍길동', oldDeviceId, 'EXPIRED', { code: 'SMART_OTP_ISSUE', amount: 5000 }), 422, 'FEE_MISMATCH', {
        expectedCode: 'SMART_OTP_REPLACE',
      });
      await expect(replace('홍길동', oldDeviceId, 'EXPIRED')).resolves.toMatchObject({ fee: { code: 'SMART_OTP_REPLACE', amount: 5000, waived: false } });
    });

    it('waives it for a DAMAGED card issued less than 365 days ago (sandbox clock)', async () => {
      h.clock.advance(364 * DAY_MS);
      token = await h.login();
      const answer = await replace('홍길동', oldDeviceId, 'DAMAGED', { code: 'SMART_OTP_REPLACE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' });
      expect(answer.fee).toEqual({ code: 'SMART_OTP_REPLACE', amount: 0, waived: true });
      expect(h.db.prepare("SELECT fee_waiver_reason FROM card_issuances WHERE kind = 'REPLACE'").pluck().get()).toBe('DEFECT_WITHIN_1_YEAR');
    });

    it('answers 422 WAIVER_NOT_APPLICABLE at 365 days', async () => {
      h.clock.advance(365 * DAY_MS);
      token = await h.login();
      await expectRefusal(
        replace('홍길동', oldDeviceId, 'DAMAGED', { code: 'SMART_OTP_REPLACE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' }),
        422,
        'WAIVER_NOT_APPLICABLE',
      );
      expect(h.device(oldDeviceId)?.status).toBe('ACTIVE');
    });

    it.each(['EXPIRED', 'LOST'] as const)('answers 422 WAIVER_NOT_APPLICABLE for a new card replacing one %s', async (reason) => {
      await expectRefusal(
        replace('홍길동', oldDeviceId, reason, { code: 'SMART_OTP_REPLACE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' }),
        422,
        'WAIVER_NOT_APPLICABLE',
      );
    });

    it('answers 422 WAIVER_NOT_APPLICABLE for a seed card issued by 020 in 2023', async () => {
      const { customerRef, checkId } = await h.verified(token, '김영희');
      const here = await h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' } }, { token });
      await expectRefusal(
        replace('김영희', here.deviceId, 'DAMAGED', { code: 'SMART_OTP_REPLACE', amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' }),
        422,
        'WAIVER_NOT_APPLICABLE',
      );
      await expect(replace('김영희', here.deviceId, 'DAMAGED')).resolves.toMatchObject({ fee: { amount: 5000 } });
    });

    it('waives it at the supervisor’s discretion with a FEE_WAIVER approval, whatever the card’s age', async () => {
      const body = await replaceBody('홍길동', oldDeviceId, 'EXPIRED', { code: 'SMART_OTP_REPLACE', amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' });
      await expectRefusal(h.call('replaceCard', { body }, { token }), 403, 'APPROVAL_REQUIRED');
      const approvalToken = await h.approval(token, 'FEE_WAIVER', { op: 'replaceCard', body });
      await expect(h.call('replaceCard', { body }, { token, approvalToken })).resolves.toMatchObject({ fee: { amount: 0, waived: true } });
      expect(approvalsUsed()).toBe(1);
    });
  });
});
