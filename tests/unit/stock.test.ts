import { describe, expect, it, vi } from 'vitest';
import type { Issuer } from '../../main/issuer/issuer.js';
import { StockJobs } from '../../main/jobs/stock.js';
import { serialRangeSize } from '../../issuer-api/schemas.js';
import { addCounted, cardKey, serialRangeText, StockReceiptInputSchema } from '../../shared/stock.js';

const KEY = '0f8fad5b-d9cb-469f-a165-70867728950e';
const RECEIPT = { vendorCode: '001', deliveryRef: 'DLV-1', serialFrom: '100000000001', serialTo: '100000000010' };

describe('shared/stock', () => {
  it('says a range as the journal keeps it, with its size', () => {
    expect(serialRangeText(RECEIPT)).toBe('001 100000000001-100000000010 (10)');
    expect(serialRangeSize('100000000005', '100000000005')).toBe(1);
    expect(serialRangeSize('100000000005', '100000000004')).toBe(0);
    expect(cardKey({ vendorCode: '002', serial: '200000000003' })).toBe('002/200000000003');
  });

  it('refuses a backwards range, one of more than 1,000 cards and a bad vendor code, naming the field', () => {
    const issues = (input: object) => {
      const parsed = StockReceiptInputSchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.message}`);
    };
    expect(issues(RECEIPT)).toEqual([]);
    expect(issues({ ...RECEIPT, serialTo: '100000001000' })).toEqual([]);
    expect(issues({ ...RECEIPT, serialTo: '100000001001' })).toEqual(['serialTo:SERIAL_RANGE_TOO_LARGE']);
    expect(issues({ ...RECEIPT, serialFrom: '100000000011' })).toEqual(['serialTo:SERIAL_RANGE_ORDER']);
    expect(issues({ ...RECEIPT, vendorCode: '01' })).toEqual(['vendorCode:VENDOR_CODE_FORMAT']);
    expect(issues({ ...RECEIPT, serialTo: '10000000001' })).toEqual(['serialTo:SERIAL_FORMAT']);
    expect(issues({ ...RECEIPT, deliveryRef: ' ' })).toEqual(['deliveryRef:DELIVERY_REF_REQUIRED']);
  });

  it('counts a card once, newest first, and flags one not in stock as unexpected', () => {
    const inStock = new Set(['001/100000000001']);
    const first = addCounted([], { vendorCode: '001', serial: '100000000001', source: 'reader' }, inStock);
    expect(first).toEqual({ duplicate: false, counted: [{ vendorCode: '001', serial: '100000000001', source: 'reader', unexpected: false }] });
    const again = addCounted(first.counted, { vendorCode: '001', serial: '100000000001', source: 'typed' }, inStock);
    expect(again).toEqual({ duplicate: true, counted: first.counted });
    const stranger = addCounted(first.counted, { vendorCode: '009', serial: '900000000009', source: 'typed' }, inStock);
    expect(stranger.duplicate).toBe(false);
    expect(stranger.counted.map((c) => [cardKey(c), c.unexpected])).toEqual([
      ['009/900000000009', true],
      ['001/100000000001', false],
    ]);
  });
});

describe('StockJobs', () => {
  const setup = (answer: unknown = {}) => {
    const call = vi.fn(async (..._args: unknown[]) => answer);
    const spend = vi.fn(async (_token: string, run: () => Promise<unknown>) => run());
    const jobs = new StockJobs({ issuer: { call } as unknown as Issuer, approvals: { spend: spend as <T>(token: string, run: () => Promise<T>) => Promise<T> } });
    return { call, spend, jobs };
  };

  it('lists the stock newest delivery first, then by vendor and serial', async () => {
    const card = (vendorCode: string, serial: string, receivedAt: string) => ({ vendorCode, serial, deliveryRef: 'D', receivedAt });
    const { jobs, call } = setup({
      count: 3,
      cards: [card('002', '200000000003', '2024-01-02T00:00:00.000Z'), card('001', '500000000002', '2026-12-03T00:00:00.000Z'), card('001', '500000000001', '2026-12-03T00:00:00.000Z')],
    });
    const listed = await jobs.list('tok');
    expect(call).toHaveBeenCalledWith('stock', {}, { token: 'tok' });
    expect(listed.cards.map((c) => c.serial)).toEqual(['500000000001', '500000000002', '200000000003']);
    expect(listed.count).toBe(3);
  });

  it('receives and disposes with the approval spent, the approval token and the idempotency key sent', async () => {
    const { jobs, call, spend } = setup({ received: 10, deliveryRef: 'DLV-1' });
    await jobs.receive({ receipt: RECEIPT, approvalToken: 'appr-1', idempotencyKey: KEY }, 'tok');
    expect(spend).toHaveBeenCalledWith('appr-1', expect.any(Function));
    expect(call).toHaveBeenCalledWith('receiveStock', { body: RECEIPT }, { token: 'tok', approvalToken: 'appr-1', idempotencyKey: KEY });
    const disposal = { vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' as const };
    await jobs.dispose({ disposal, approvalToken: 'appr-2', idempotencyKey: KEY }, 'tok');
    expect(spend).toHaveBeenLastCalledWith('appr-2', expect.any(Function));
    expect(call).toHaveBeenLastCalledWith('disposeStock', { body: disposal }, { token: 'tok', approvalToken: 'appr-2', idempotencyKey: KEY });
  });

  it('counts each card once, with the idempotency key', async () => {
    const { jobs, call } = setup({ countId: 'cnt-1', expected: 0, counted: 1, missing: [], unexpected: [] });
    const card = { vendorCode: '001', serial: '100000000001' };
    await jobs.count({ cards: [card, card, { vendorCode: '002', serial: '100000000001' }], idempotencyKey: KEY }, 'tok');
    expect(call).toHaveBeenCalledWith('countStock', { body: { cards: [card, { vendorCode: '002', serial: '100000000001' }] } }, { token: 'tok', idempotencyKey: KEY });
  });
});
