import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import { expectRefusal, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

describe('sandbox: Smart OTP cards', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  const lookup = (vendorCode: string, serial: string, customerRef?: string) =>
    h.call('cardLookup', { body: { vendorCode, serial, ...(customerRef && { customerRef }) } }, { token });

  async function enroll(op: 'issueCard' | 'registerCard', name: string, vendorCode: string, serial: string, terminal: TerminalIdentity = TERMINAL) {
    const { customerRef, checkId } = await h.verified(token, name);
    return h.call(op, { body: { customerRef, identityCheckId: checkId, vendorCode, serial } }, { token, terminal });
  }

  describe('lookup', () => {
    it.each([
      ['001', '100000000001', 'IN_STOCK', '088'],
      ['001', '100000000002', 'IN_STOCK', '088'],
      ['002', '200000000003', 'IN_STOCK', '088'],
      ['003', '300000000004', 'ACTIVE', '020'],
      ['003', '300000000005', 'ACTIVE', '020'],
      ['002', '200000000006', 'LOST', '020'],
    ])('knows the seeded card %s/%s: %s, issued by %s', async (vendorCode, serial, status, issuingInstitutionCode) => {
      await expect(lookup(vendorCode, serial)).resolves.toEqual({ status, issuingInstitutionCode });
    });

    it('answers 404 CARD_NOT_FOUND for an unknown card (vendor and serial together)', async () => {
      await expectRefusal(lookup('001', '100000000009'), 404, 'CARD_NOT_FOUND');
      await expectRefusal(lookup('003', '100000000001'), 404, 'CARD_NOT_FOUND');
    });

    it('accepts the serial typed with dashes or spaces', async () => {
      await expect(lookup('003', '3000-0000-0004')).resolves.toMatchObject({ status: 'ACTIVE' });
      await expect(lookup('003', '3000 0000 0004')).resolves.toMatchObject({ status: 'ACTIVE' });
    });

    it('tells holderMatches only when a customer is named and the card has a holder', async () => {
      await expect(lookup('003', '300000000004', 'cus-kim')).resolves.toEqual({ status: 'ACTIVE', issuingInstitutionCode: '020', holderMatches: true });
      await expect(lookup('003', '300000000004', 'cus-hong')).resolves.toMatchObject({ holderMatches: false });
      await expect(lookup('002', '200000000006', 'cus-hong')).resolves.toMatchObject({ status: 'LOST', holderMatches: true });
      await expect(lookup('001', '100000000001', 'cus-hong')).resolves.toEqual({ status: 'IN_STOCK', issuingInstitutionCode: '088' });
    });
  });

  describe('issuance from this branch’s stock', () => {
    it('issues an IN_STOCK card: card ACTIVE with its holder, a device ACTIVE here', async () => {
      const { customerRef, checkId } = await h.verified(token, '홍길동');
      const device = await h.call('issueCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '001', serial: '100000000001' } }, { token });
      expect(device).toEqual({
        deviceId: expect.any(String),
        kind: 'SMART_OTP',
        status: 'ACTIVE',
        failCount: 0,
        maxFail: 10,
        institutionCode: '088',
        registeredAt: '2025-03-03T00:30:00.000Z',
        lastUsedAt: null,
        vendorCode: '001',
        maskedSerial: '1000****0001',
        fee: { code: 'SMART_OTP_ISSUE', amount: 5000, waived: false },
        notified: ['010-****-5678'],
      });
      await expect(lookup('001', '100000000001', 'cus-hong')).resolves.toEqual({ status: 'ACTIVE', issuingInstitutionCode: '088', holderMatches: true });
      const { devices } = await h.call('devices', { params: { customerRef: 'cus-hong' } }, { token });
      const { fee: _fee, notified: _notified, ...view } = device;
      expect(devices).toEqual([view]);
    });

    it('issues to a sole proprietor too', async () => {
      await expect(enroll('issueCard', '이철수', '002', '200000000003')).resolves.toMatchObject({ status: 'ACTIVE', institutionCode: '088' });
    });

    it('answers 409 CARD_NOT_IN_STOCK for a card already issued, or from another institution’s stock', async () => {
      await enroll('issueCard', '홍길동', '001', '100000000001');
      await expectRefusal(enroll('issueCard', '박서준', '001', '100000000001'), 409, 'CARD_NOT_IN_STOCK');
      await expectRefusal(enroll('issueCard', '박서준', '003', '300000000004'), 409, 'CARD_NOT_IN_STOCK');
      // 088's stock cannot be handed out at a 020 counter.
      await expectRefusal(enroll('issueCard', '박서준', '001', '100000000002', OTHER_TERMINAL), 409, 'CARD_NOT_IN_STOCK');
      expect(h.count('devices', "customer_ref = 'cus-park'")).toBe(0);
    });

    it('answers 404 CARD_NOT_FOUND for an unknown card', async () => {
      await expectRefusal(enroll('issueCard', '홍길동', '001', '199999999999'), 404, 'CARD_NOT_FOUND');
    });

    it('gives a customer one Smart OTP per institution: 409 ALREADY_REGISTERED_AT_INSTITUTION', async () => {
      await enroll('issueCard', '홍길동', '001', '100000000001');
      await expectRefusal(enroll('issueCard', '홍길동', '001', '100000000002'), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
      await expect(lookup('001', '100000000002')).resolves.toMatchObject({ status: 'IN_STOCK' });
    });

    it('counts a LOST Smart OTP at this institution as one the customer has', async () => {
      const device = await enroll('issueCard', '홍길동', '001', '100000000001');
      await h.call('reportLoss', { params: { deviceId: device.deviceId }, body: { reason: 'LOST' } }, { token });
      await expectRefusal(enroll('issueCard', '홍길동', '001', '100000000002'), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
    });

    it('needs a valid identity check of the customer', async () => {
      const kim = await h.verified(token, '김영희');
      await expectRefusal(
        h.call('issueCard', { body: { customerRef: 'cus-hong', identityCheckId: kim.checkId, vendorCode: '001', serial: '100000000001' } }, { token }),
        403,
        'IDENTITY_CHECK_INVALID',
        { reason: 'OTHER_CUSTOMER' },
      );
      await expect(lookup('001', '100000000001')).resolves.toMatchObject({ status: 'IN_STOCK' });
    });
  });

  describe('registration of a card issued elsewhere (타기관 등록)', () => {
    it('adds a device record ACTIVE at this institution for the holder’s card', async () => {
      const device = await enroll('registerCard', '김영희', '003', '300000000004');
      expect(device).toMatchObject({ kind: 'SMART_OTP', status: 'ACTIVE', institutionCode: '088', vendorCode: '003', maskedSerial: '3000****0004' });
      expect(device.deviceId).not.toBe('dev-kim-card-020');
      const { devices } = await h.call('devices', { params: { customerRef: 'cus-kim' } }, { token });
      expect(devices.map((d) => `${d.kind}@${d.institutionCode}`).sort()).toEqual(['DIGITAL_OTP@088', 'SMART_OTP@020', 'SMART_OTP@088']);
      await expect(lookup('003', '300000000004')).resolves.toEqual({ status: 'ACTIVE', issuingInstitutionCode: '020' });
    });

    it('registers a sole proprietor’s card', async () => {
      await expect(enroll('registerCard', '이철수', '003', '300000000005')).resolves.toMatchObject({ status: 'ACTIVE', institutionCode: '088' });
    });

    it('answers 409 ALREADY_REGISTERED_AT_INSTITUTION the second time', async () => {
      await enroll('registerCard', '김영희', '003', '300000000004');
      await expectRefusal(enroll('registerCard', '김영희', '003', '300000000004'), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
    });

    it('answers 409 ALREADY_REGISTERED_AT_INSTITUTION when the customer already has a Smart OTP here', async () => {
      await enroll('issueCard', '김영희', '001', '100000000001');
      await expectRefusal(enroll('registerCard', '김영희', '003', '300000000004'), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
    });

    it('answers 409 ALREADY_REGISTERED_AT_INSTITUTION at the institution that issued the card', async () => {
      await expectRefusal(enroll('registerCard', '김영희', '003', '300000000004', OTHER_TERMINAL), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
    });

    it('refuses a card issued by this institution even when no device record of it is live here', async () => {
      const issued = await enroll('issueCard', '박서준', '001', '100000000001');
      h.db.prepare("UPDATE devices SET status = 'REVOKED' WHERE device_id = ?").run(issued.deviceId);
      await expectRefusal(enroll('registerCard', '박서준', '001', '100000000001'), 409, 'ALREADY_REGISTERED_AT_INSTITUTION');
    });

    it('answers 403 HOLDER_MISMATCH for someone else’s card', async () => {
      await expectRefusal(enroll('registerCard', '홍길동', '003', '300000000004'), 403, 'HOLDER_MISMATCH');
    });

    it('answers 409 CARD_NOT_USABLE for a LOST or IN_STOCK card', async () => {
      await expectRefusal(enroll('registerCard', '홍길동', '002', '200000000006'), 409, 'CARD_NOT_USABLE', { status: 'LOST' });
      await expectRefusal(enroll('registerCard', '홍길동', '001', '100000000001'), 409, 'CARD_NOT_USABLE', { status: 'IN_STOCK' });
    });

    it('answers 409 CARD_NOT_USABLE for a REVOKED card', async () => {
      h.db.prepare("UPDATE cards SET status = 'REVOKED' WHERE serial = '300000000004'").run();
      await expectRefusal(enroll('registerCard', '김영희', '003', '300000000004'), 409, 'CARD_NOT_USABLE', { status: 'REVOKED' });
    });

    it('answers 404 CARD_NOT_FOUND for an unknown card', async () => {
      await expectRefusal(enroll('registerCard', '김영희', '003', '399999999999'), 404, 'CARD_NOT_FOUND');
    });

    it('lets a card issued here be registered at the other institution by its holder', async () => {
      await enroll('issueCard', '박서준', '001', '100000000001');
      await expect(enroll('registerCard', '박서준', '001', '100000000001', OTHER_TERMINAL)).resolves.toMatchObject({ institutionCode: '020' });
    });
  });
});
