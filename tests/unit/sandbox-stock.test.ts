import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssuerRequest } from '../../issuer-api/endpoints.js';
import { expectRefusal, MINUTE_MS, OTHER_BRANCH, SandboxHarness } from './support/sandbox.js';

type ReceiptBody = IssuerRequest<'receiveStock'>['body'];
type DisposalBody = IssuerRequest<'disposeStock'>['body'];

const SEED_STOCK = [
  { vendorCode: '001', serial: '100000000001', deliveryRef: 'SEED-0001', receivedAt: '2024-01-02T00:00:00.000Z' },
  { vendorCode: '001', serial: '100000000002', deliveryRef: 'SEED-0001', receivedAt: '2024-01-02T00:00:00.000Z' },
  { vendorCode: '002', serial: '200000000003', deliveryRef: 'SEED-0001', receivedAt: '2024-01-02T00:00:00.000Z' },
];

const receipt = (serialFrom: string, serialTo: string, vendorCode = '004'): ReceiptBody => ({ vendorCode, deliveryRef: 'DLV-2025-07', serialFrom, serialTo });

describe('sandbox: the branch stock (ISSUER-API.md v1.1 "the branch")', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => {
    ({ h, token } = await SandboxHarness.withTeller());
  });
  afterEach(() => h.close());

  /** A receipt as the teller sends it, with the supervisor's STOCK_RECEIPT approval. */
  async function receive(body: ReceiptBody) {
    const approvalToken = await h.approval(token, 'STOCK_RECEIPT', { op: 'receiveStock', body });
    return h.call('receiveStock', { body }, { token, approvalToken });
  }

  async function dispose(body: DisposalBody, t = token, ctx = {}) {
    const approvalToken = await h.approval(t, 'STOCK_DISPOSAL', { op: 'disposeStock', body }, 'S0001', ctx);
    return h.call('disposeStock', { body }, { ...ctx, token: t, approvalToken });
  }

  const stock = (t = token, ctx = {}) => h.call('stock', {}, { ...ctx, token: t });

  it("lists the seed's stock cards as this branch's, with their delivery", async () => {
    expect(await stock()).toEqual({ count: 3, cards: SEED_STOCK });
  });

  describe('receipts', () => {
    it('receives serialFrom..serialTo inclusive into this branch, IN_STOCK, and they list in card order', async () => {
      h.clock.advance(MINUTE_MS);
      const receivedAt = h.clock.now().toISOString();
      expect(await receive(receipt('400000000009', '400000000011'))).toEqual({ received: 3, deliveryRef: 'DLV-2025-07' });
      const listed = await stock();
      expect(listed.count).toBe(6);
      expect(listed.cards.slice(3)).toEqual(
        ['400000000009', '400000000010', '400000000011'].map((serial) => ({ vendorCode: '004', serial, deliveryRef: 'DLV-2025-07', receivedAt })),
      );
      expect(await h.call('cardLookup', { body: { vendorCode: '004', serial: '400000000010' } }, { token })).toEqual({
        status: 'IN_STOCK',
        issuingInstitutionCode: '088',
      });
    });

    it('receives one card when serialFrom equals serialTo, and 1,000 at most', async () => {
      expect((await receive(receipt('400000000001', '400000000001'))).received).toBe(1);
      expect((await receive(receipt('400000001000', '400000001999'))).received).toBe(1000);
      expect(h.count('cards', "vendor_code = '004' AND status = 'IN_STOCK' AND branch_code = '0101'")).toBe(1001);
    });

    it('refuses 1,001 cards with 422 RANGE_TOO_LARGE and receives none', async () => {
      await expectRefusal(receive(receipt('400000001000', '400000002000')), 422, 'RANGE_TOO_LARGE', { requested: 1001, max: 1000 });
      expect(h.count('cards', "vendor_code = '004'")).toBe(0);
    });

    it('refuses serialFrom after serialTo with 422 VALIDATION_FAILED', async () => {
      await expectRefusal(receive(receipt('400000000002', '400000000001')), 422, 'VALIDATION_FAILED', { serialTo: 'SERIAL_RANGE_ORDER' });
      expect(h.count('cards', "vendor_code = '004'")).toBe(0);
    });

    it('refuses a serial that is not 12 digits, so both ends have the same length (400 VALIDATION_FAILED)', async () => {
      const body = receipt('40000000001', '400000000011');
      await expectRefusal(h.raw('receiveStock', { body }, { token }), 400, 'VALIDATION_FAILED', { serialFrom: 'SERIAL_FORMAT' });
    });

    it('refuses a range with a card known anywhere (409 CARD_ALREADY_EXISTS): all or nothing', async () => {
      // 003/300000000005 is 이철수's card, issued by 020: known, though not in any stock.
      await expectRefusal(receive(receipt('300000000001', '300000000009', '003')), 409, 'CARD_ALREADY_EXISTS', { known: 2 });
      expect(h.count('cards', "vendor_code = '003'")).toBe(2);
      // A card received by another branch is known too.
      await receive(receipt('400000000005', '400000000005'));
      await expectRefusal(receive(receipt('400000000001', '400000000009')), 409, 'CARD_ALREADY_EXISTS', { known: 1 });
      expect(h.count('cards', "vendor_code = '004'")).toBe(1);
      // The same serials of another vendor are other cards.
      expect((await receive(receipt('300000000001', '300000000009', '005'))).received).toBe(9);
    });

    it('needs a STOCK_RECEIPT approval of this very request', async () => {
      const body = receipt('400000000001', '400000000002');
      await expectRefusal(h.call('receiveStock', { body }, { token }), 403, 'APPROVAL_REQUIRED');
      const wrongAction = await h.approval(token, 'STOCK_DISPOSAL', { op: 'receiveStock', body });
      await expectRefusal(h.call('receiveStock', { body }, { token, approvalToken: wrongAction }), 403, 'APPROVAL_INVALID');
      const otherRange = await h.approval(token, 'STOCK_RECEIPT', { op: 'receiveStock', body: receipt('400000000001', '400000000003') });
      await expectRefusal(h.call('receiveStock', { body }, { token, approvalToken: otherRange }), 403, 'APPROVAL_INVALID');
      expect(h.count('cards', "vendor_code = '004'")).toBe(0);
    });

    it('a refused receipt leaves its approval usable', async () => {
      const body = receipt('400000000002', '400000000001');
      const approvalToken = await h.approval(token, 'STOCK_RECEIPT', { op: 'receiveStock', body });
      await expectRefusal(h.call('receiveStock', { body }, { token, approvalToken }), 422, 'VALIDATION_FAILED');
      expect(h.count('approvals', 'used_at IS NULL')).toBe(1);
    });
  });

  describe('another branch sees none of it', () => {
    it('lists, counts and disposes of only its own stock; issues none of ours', async () => {
      const other = await h.login('T0002', { terminal: OTHER_BRANCH });
      const ctx = { terminal: OTHER_BRANCH };
      expect(await stock(other, ctx)).toEqual({ count: 0, cards: [] });

      const counted = await h.call('countStock', { body: { cards: [{ vendorCode: '001', serial: '100000000001' }] } }, { ...ctx, token: other });
      expect(counted).toMatchObject({ expected: 0, counted: 1, missing: [], unexpected: [{ vendorCode: '001', serial: '100000000001' }] });

      await expectRefusal(dispose({ vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' }, other, ctx), 409, 'CARD_NOT_IN_STOCK');

      const park = await h.call('identityCheck', {
        body: { name: '박서준', rrn: '010203-3123452', document: { type: 'RESIDENT_CARD', issueDate: '2021-05-05' } },
      }, { ...ctx, token: other });
      await expectRefusal(
        h.call('issueCard', {
          body: { customerRef: park.customerRef!, identityCheckId: park.checkId, vendorCode: '001', serial: '100000000001' },
        }, { ...ctx, token: other }),
        409,
        'CARD_NOT_IN_STOCK',
      );
      expect(await stock()).toEqual({ count: 3, cards: SEED_STOCK });
    });

    it("a card received by another branch is not this branch's stock", async () => {
      const other = await h.login('T0002', { terminal: OTHER_BRANCH });
      const ctx = { terminal: OTHER_BRANCH };
      const body = receipt('400000000001', '400000000002');
      const approvalToken = await h.approval(other, 'STOCK_RECEIPT', { op: 'receiveStock', body }, 'S0001', ctx);
      await h.call('receiveStock', { body }, { ...ctx, token: other, approvalToken });
      expect((await stock(other, ctx)).count).toBe(2);
      expect(await stock()).toEqual({ count: 3, cards: SEED_STOCK });
      const park = await h.verified(token, '박서준');
      await expectRefusal(
        h.call('issueCard', { body: { customerRef: park.customerRef, identityCheckId: park.checkId, vendorCode: '004', serial: '400000000001' } }, { token }),
        409,
        'CARD_NOT_IN_STOCK',
      );
    });
  });

  describe('counts', () => {
    it('lists missing and unexpected cards, counts duplicates once, and is recorded', async () => {
      const result = await h.call('countStock', {
        body: {
          cards: [
            { vendorCode: '001', serial: '100000000001' },
            { vendorCode: '001', serial: '1000-0000-0001' },
            { vendorCode: '002', serial: '200000000003' },
            // unknown to the issuer, and a card in use
            { vendorCode: '009', serial: '900000000009' },
            { vendorCode: '003', serial: '300000000004' },
          ],
        },
      }, { token });
      expect(result).toEqual({
        countId: expect.any(String),
        expected: 3,
        counted: 4,
        missing: [{ vendorCode: '001', serial: '100000000002' }],
        unexpected: [
          { vendorCode: '009', serial: '900000000009' },
          { vendorCode: '003', serial: '300000000004' },
        ],
      });
      const row = h.db.prepare('SELECT * FROM stock_counts WHERE count_id = ?').get(result.countId) as Record<string, unknown>;
      expect(row).toMatchObject({ institution_code: '088', branch_code: '0101', expected: 3, counted: 4, counted_by: 'T0001' });
      expect(JSON.parse(row.missing as string)).toEqual(result.missing);
      expect(JSON.parse(row.unexpected as string)).toEqual(result.unexpected);
    });

    it('an empty count misses the whole stock; a full one misses nothing', async () => {
      expect(await h.call('countStock', { body: { cards: [] } }, { token })).toMatchObject({ expected: 3, counted: 0, missing: SEED_STOCK.map(({ vendorCode, serial }) => ({ vendorCode, serial })), unexpected: [] });
      const all = SEED_STOCK.map(({ vendorCode, serial }) => ({ vendorCode, serial }));
      expect(await h.call('countStock', { body: { cards: all } }, { token })).toMatchObject({ expected: 3, counted: 3, missing: [], unexpected: [] });
    });

    it('refuses a malformed card in the list (400 VALIDATION_FAILED)', async () => {
      await expectRefusal(h.raw('countStock', { body: { cards: [{ vendorCode: '01', serial: '100000000001' }] } }, { token }), 400, 'VALIDATION_FAILED', {
        'cards.0.vendorCode': 'VENDOR_CODE_FORMAT',
      });
    });
  });

  describe('disposals', () => {
    it('takes a card out of stock, REVOKED, with the supervisor approval spent and the disposal recorded', async () => {
      const result = await dispose({ vendorCode: '001', serial: '100000000002', reason: 'DEFECTIVE' });
      expect(result).toEqual({ disposalRef: expect.any(String), status: 'REVOKED', disposedAt: h.clock.now().toISOString() });
      expect((await h.call('cardLookup', { body: { vendorCode: '001', serial: '100000000002' } }, { token })).status).toBe('REVOKED');
      expect((await stock()).cards.map((c) => c.serial)).toEqual(['100000000001', '200000000003']);
      expect(h.count('stock_disposals', "serial = '100000000002' AND reason = 'DEFECTIVE' AND disposed_by = 'T0001' AND branch_code = '0101'")).toBe(1);
      expect(h.count('approvals', 'used_at IS NULL')).toBe(0);
    });

    it('refuses a card not in stock (409 CARD_NOT_IN_STOCK) and an unknown one (404 CARD_NOT_FOUND), spending no approval', async () => {
      await expectRefusal(dispose({ vendorCode: '003', serial: '300000000004', reason: 'DAMAGED' }), 409, 'CARD_NOT_IN_STOCK', { status: 'ACTIVE' });
      await dispose({ vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' });
      await expectRefusal(dispose({ vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' }), 409, 'CARD_NOT_IN_STOCK', { status: 'REVOKED' });
      await expectRefusal(dispose({ vendorCode: '009', serial: '900000000009', reason: 'DAMAGED' }), 404, 'CARD_NOT_FOUND');
      expect(h.count('approvals', 'used_at IS NULL')).toBe(3);
    });

    it('needs a STOCK_DISPOSAL approval; a disposed card cannot be issued', async () => {
      const body: DisposalBody = { vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' };
      await expectRefusal(h.call('disposeStock', { body }, { token }), 403, 'APPROVAL_REQUIRED');
      const wrong = await h.approval(token, 'STOCK_RECEIPT', { op: 'disposeStock', body });
      await expectRefusal(h.call('disposeStock', { body }, { token, approvalToken: wrong }), 403, 'APPROVAL_INVALID');
      await dispose(body);
      const park = await h.verified(token, '박서준');
      await expectRefusal(
        h.call('issueCard', { body: { customerRef: park.customerRef, identityCheckId: park.checkId, vendorCode: '001', serial: '100000000001' } }, { token }),
        409,
        'CARD_NOT_IN_STOCK',
      );
    });

    it('refuses a reason other than DAMAGED or DEFECTIVE (400 VALIDATION_FAILED)', async () => {
      await expectRefusal(h.raw('disposeStock', { body: { vendorCode: '001', serial: '100000000001', reason: 'LOST' } }, { token }), 400, 'VALIDATION_FAILED');
    });
  });

  it('an issued card leaves the stock list', async () => {
    const park = await h.verified(token, '박서준');
    await h.call('issueCard', { body: { customerRef: park.customerRef, identityCheckId: park.checkId, vendorCode: '002', serial: '200000000003' } }, { token });
    expect((await stock()).cards.map((c) => c.serial)).toEqual(['100000000001', '100000000002']);
  });
});
