import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_CUSTOMERS } from '../../sandbox/store/seed.js';
import { expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness } from './support/sandbox.js';

describe('sandbox: identity checks and customers', () => {
  let h: SandboxHarness;
  let token: string;

  const check = (body: { name: string; rrn: string; document: { type: 'RESIDENT_CARD' | 'DRIVER_LICENSE' | 'PASSPORT'; issueDate: string; number?: string } }) =>
    h.call('identityCheck', { body }, { token });

  beforeEach(async () => {
    h = new SandboxHarness();
    token = await h.login();
  });

  afterEach(() => {
    h.close();
  });

  describe('the check', () => {
    it.each([
      ['홍길동', 'INDIVIDUAL', '900101-1******', '010-****-5678'],
      ['김영희', 'INDIVIDUAL', '850615-2******', '010-****-6789'],
      ['이철수', 'SOLE_PROPRIETOR', '750505-1******', '010-****-7890'],
      ['박서준', 'INDIVIDUAL', '010203-3******', '010-****-8901'],
      ['최지우', 'INDIVIDUAL', '920814-2******', '010-****-9012'],
    ])('verifies %s as a %s, masked', async (name, customerType, maskedRrn, maskedMobile) => {
      const answer = await h.identify(token, name);
      expect(answer).toEqual({
        checkId: expect.any(String),
        result: 'VERIFIED',
        customerRef: expect.any(String),
        customerType,
        name,
        maskedRrn,
        mobileNumbers: [maskedMobile],
      });
    });

    it('gives each customer one stable customerRef, the same on every check and after a reset', async () => {
      const refs = new Map<string, string>();
      for (const { name } of SEED_CUSTOMERS.filter((c) => c.name !== '정우성')) refs.set(name, (await h.identify(token, name)).customerRef!);
      expect(new Set(refs.values()).size).toBe(refs.size);
      expect((await h.identify(token, '홍길동')).customerRef).toBe(refs.get('홍길동'));

      await h.call('reset', { body: {} });
      token = await h.login();
      expect((await h.identify(token, '김영희')).customerRef).toBe(refs.get('김영희'));
    });

    it('gives every check its own checkId', async () => {
      const a = await h.identify(token, '홍길동');
      const b = await h.identify(token, '홍길동');
      expect(a.checkId).not.toBe(b.checkId);
    });

    it('answers DOCUMENT_REPORTED_LOST for 정우성, with no customerRef', async () => {
      const answer = await h.identify(token, '정우성');
      expect(answer).toEqual({ checkId: expect.any(String), result: 'DOCUMENT_REPORTED_LOST', name: '정우성', maskedRrn: '711231-1******', mobileNumbers: [] });
    });

    const HONG = { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD' as const, issueDate: '2015-03-02' } };

    it.each([
      ['another name', { ...HONG, name: '홍길순' }],
      ['another RRN', { ...HONG, rrn: '900101-1123458' }],
      ['another document type', { ...HONG, document: { ...HONG.document, type: 'DRIVER_LICENSE' as const } }],
      ['another issue date', { ...HONG, document: { ...HONG.document, issueDate: '2015-03-03' } }],
      ['정우성 with a wrong issue date', { name: '정우성', rrn: '711231-1123455', document: { type: 'RESIDENT_CARD' as const, issueDate: '2010-10-11' } }],
    ])('answers MISMATCH for %s, echoing only what was typed, masked', async (_, body) => {
      const answer = await check(body);
      expect(answer).toEqual({
        checkId: expect.any(String),
        result: 'MISMATCH',
        name: body.name,
        maskedRrn: `${body.rrn.slice(0, 8)}******`,
        mobileNumbers: [],
      });
    });

    it('ignores the document number and accepts the RRN typed without the dash or with spaces', async () => {
      await expect(check({ ...HONG, rrn: '9001011123459', document: { ...HONG.document, number: 'ANY-123' } })).resolves.toMatchObject({
        result: 'VERIFIED',
      });
      await expect(check({ ...HONG, name: ' 홍길동 ', rrn: '900101 1123459' })).resolves.toMatchObject({ result: 'VERIFIED', name: '홍길동' });
    });

    it('verifies 박서준 although his RRN has no valid check digit (issued after 2020-10)', async () => {
      await expect(h.identify(token, '박서준')).resolves.toMatchObject({ result: 'VERIFIED' });
    });

    it('keeps each check (id, customer, result, time) and no RRN anywhere in the store', async () => {
      for (const { name } of SEED_CUSTOMERS) await h.identify(token, name);
      await check({ ...HONG, rrn: '010101-3123456' });
      const checks = h.db.prepare('SELECT * FROM identity_checks ORDER BY rowid').all() as Record<string, unknown>[];
      expect(checks).toHaveLength(SEED_CUSTOMERS.length + 1);
      expect(Object.keys(checks[0]!).sort()).toEqual(['check_id', 'created_at', 'customer_ref', 'result']);
      expect(checks.map((c) => c.result)).toEqual(['VERIFIED', 'VERIFIED', 'VERIFIED', 'VERIFIED', 'VERIFIED', 'DOCUMENT_REPORTED_LOST', 'MISMATCH']);

      const everything = JSON.stringify(
        (h.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(({ name }) =>
          h.db.prepare(`SELECT * FROM ${name}`).all(),
        ),
      );
      for (const rrn of [...SEED_CUSTOMERS.map((c) => c.rrn), '010101-3123456']) {
        expect(everything).not.toContain(rrn);
        expect(everything).not.toContain(rrn.replace('-', ''));
      }
    });
  });

  describe('a check backing a later call', () => {
    const start = (customerRef: string, identityCheckId: string) =>
      h.call('startRegistration', { body: { customerRef, identityCheckId, mobileNumber: '01012345678' } }, { token });

    it('must exist', async () => {
      await expectRefusal(start('cus-hong', 'chk-never'), 403, 'IDENTITY_CHECK_INVALID', { reason: 'UNKNOWN' });
    });

    it('must be VERIFIED', async () => {
      const mismatch = await check({ name: '홍길동', rrn: '900101-1123459', document: { type: 'PASSPORT', issueDate: '2015-03-02' } });
      await expectRefusal(start('cus-hong', mismatch.checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'NOT_VERIFIED' });
      const lost = await h.identify(token, '정우성');
      await expectRefusal(start('cus-jung', lost.checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'NOT_VERIFIED' });
    });

    it('must be of the same customer', async () => {
      const kim = await h.verified(token, '김영희');
      await expectRefusal(start('cus-hong', kim.checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'OTHER_CUSTOMER' });
    });

    it('is good for 30 minutes', async () => {
      const early = await h.verified(token, '홍길동');
      const late = await h.verified(token, '홍길동');
      h.clock.advance(30 * MINUTE_MS - 1);
      await expect(start(early.customerRef, early.checkId)).resolves.toMatchObject({ status: 'SMS_SENT' });
      h.clock.advance(1);
      await expectRefusal(start(late.customerRef, late.checkId), 403, 'IDENTITY_CHECK_INVALID', { reason: 'EXPIRED' });
    });

    it('needs the customer to exist first: 404 CUSTOMER_NOT_FOUND', async () => {
      const hong = await h.verified(token, '홍길동');
      await expectRefusal(start('cus-nobody', hong.checkId), 404, 'CUSTOMER_NOT_FOUND');
    });
  });

  describe("a customer's devices", () => {
    it('lists every device of 김영희 at every institution, masked', async () => {
      const { customerRef } = await h.verified(token, '김영희');
      const { devices } = await h.call('devices', { params: { customerRef } }, { token });
      expect(devices).toEqual([
        {
          deviceId: 'dev-kim-card-020',
          kind: 'SMART_OTP',
          status: 'ACTIVE',
          failCount: 0,
          maxFail: 10,
          institutionCode: '020',
          registeredAt: expect.any(String),
          lastUsedAt: null,
          vendorCode: '003',
          maskedSerial: '3000****0004',
        },
        {
          deviceId: 'dev-kim-digital',
          kind: 'DIGITAL_OTP',
          status: 'ACTIVE',
          failCount: 0,
          maxFail: 10,
          institutionCode: '088',
          registeredAt: expect.any(String),
          lastUsedAt: null,
          maskedMobile: '010-****-6789',
        },
      ]);
      // The same list from the other institution's counter.
      await expect(h.call('devices', { params: { customerRef } }, { token, terminal: OTHER_TERMINAL })).resolves.toEqual({ devices });
    });

    it('shows 최지우’s restricted Digital OTP and 이철수’s card, and nothing for 홍길동', async () => {
      const choi = await h.call('devices', { params: { customerRef: (await h.verified(token, '최지우')).customerRef } }, { token });
      expect(choi.devices).toMatchObject([{ deviceId: 'dev-choi-digital', kind: 'DIGITAL_OTP', status: 'RESTRICTED', failCount: 10, maxFail: 10, institutionCode: '088' }]);
      const lee = await h.call('devices', { params: { customerRef: (await h.verified(token, '이철수')).customerRef } }, { token });
      expect(lee.devices).toMatchObject([{ deviceId: 'dev-lee-card-020', kind: 'SMART_OTP', status: 'ACTIVE', institutionCode: '020', maskedSerial: '3000****0005' }]);
      const hong = await h.call('devices', { params: { customerRef: (await h.verified(token, '홍길동')).customerRef } }, { token });
      expect(hong.devices).toEqual([]);
    });

    it('answers 404 CUSTOMER_NOT_FOUND for an unknown customerRef', async () => {
      await expectRefusal(h.call('devices', { params: { customerRef: 'cus-nobody' } }, { token }), 404, 'CUSTOMER_NOT_FOUND');
    });
  });
});
