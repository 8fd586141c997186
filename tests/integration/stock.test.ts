import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../shared/contract.js';
import type { DaySummary } from '../../shared/day-end.js';
import type { JournalJob, JournalPage } from '../../shared/journal.js';
import type { Result } from '../../shared/result.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The branch's card stock through the console's router, with the in-process sandbox and the
// journal behind it: a receipt and a disposal on a supervisor's approval, the list, a count whose
// tally the day-end summary reads back from the journal.

const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };
const SUPERVISOR = { supervisorId: 'S0001', password: 'super-pass-1' };
const RECEIPT = { vendorCode: '001', deliveryRef: 'DLV-2026-07', serialFrom: '500000000001', serialTo: '500000000010' };

const ok = <T>(result: Result<unknown>) => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};
const refusal = (result: Result<unknown>) => {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe("the branch's card stock", () => {
  const consoles: TestConsole[] = [];
  afterEach(async () => {
    for (const c of consoles.splice(0)) await c.dispose();
  });
  async function start() {
    const testConsole = createTestConsole('stock');
    consoles.push(testConsole);
    const call = (channel: string, input: unknown = {}) => testConsole.main.router.call(channel, input);
    ok(await call('staff.login', TELLER));
    return call;
  }
  type Call = Awaited<ReturnType<typeof start>>;
  const approve = async (call: Call, request: object) =>
    ok<{ approvalToken: string }>(await call('approval.request', { ...SUPERVISOR, request })).approvalToken;
  const journal = async (call: Call) => ok<JournalPage>(await call('journal.list', { todayOnly: true })).jobs;
  const jobsOf = async (call: Call, job: JournalJob['job']) => (await journal(call)).filter((entry) => entry.job === job);
  const list = async (call: Call) => ok<ChannelOutput<'stock.list'>>(await call('stock.list'));

  it('receives a delivery on approval, lists it newest first, counts the stock and disposes of a card', async () => {
    const call = await start();
    expect((await list(call)).count).toBe(3);

    const approvalToken = await approve(call, { action: 'STOCK_RECEIPT', receipt: RECEIPT });
    const received = ok<ChannelOutput<'stock.receive'>>(await call('stock.receive', { receipt: RECEIPT, approvalToken, idempotencyKey: randomUUID() }));
    expect(received).toEqual({ received: 10, deliveryRef: 'DLV-2026-07' });

    const stock = await list(call);
    expect(stock.count).toBe(13);
    expect(stock.cards[0]).toMatchObject({ vendorCode: '001', serial: '500000000001', deliveryRef: 'DLV-2026-07' });
    expect(stock.cards.at(-1)).toMatchObject({ deliveryRef: 'SEED-0001' });

    const [receipt] = await jobsOf(call, 'STOCK_RECEIPT');
    expect(receipt).toMatchObject({
      result: 'OK', tellerId: 'T0001', supervisorId: 'S0001', device: '001 500000000001-500000000010 (10)', issuerRef: 'DLV-2026-07', customer: null,
    });

    // A count: all but one card in hand, one card of no stock at all, one tapped twice.
    const inHand = stock.cards.filter((card) => card.serial !== '200000000003').map(({ vendorCode, serial }) => ({ vendorCode, serial }));
    const cards = [...inHand, inHand[0]!, { vendorCode: '009', serial: '900000000009' }];
    const count = ok<ChannelOutput<'stock.count'>>(await call('stock.count', { cards, idempotencyKey: randomUUID() }));
    expect(count).toMatchObject({
      expected: 13, counted: 13, missing: [{ vendorCode: '002', serial: '200000000003' }], unexpected: [{ vendorCode: '009', serial: '900000000009' }],
    });
    const [counted] = await jobsOf(call, 'STOCK_COUNT');
    expect(counted).toMatchObject({ result: 'OK', device: '13/13 -1 +1', issuerRef: count.countId, supervisorId: null });
    // The day-end reads the day's last count back from the journal.
    const summary = ok<DaySummary>(await call('dayEnd.summary'));
    expect(summary.stockCount).toMatchObject({ expected: 13, counted: 13, missing: 1, unexpected: 1, countId: count.countId, receiptNo: counted!.receiptNo });

    const disposal = { vendorCode: '002', serial: '200000000003', reason: 'DAMAGED' };
    const disposalToken = await approve(call, { action: 'STOCK_DISPOSAL', disposal });
    const disposed = ok<ChannelOutput<'stock.dispose'>>(await call('stock.dispose', { disposal, approvalToken: disposalToken, idempotencyKey: randomUUID() }));
    expect(disposed.status).toBe('REVOKED');
    expect((await list(call)).cards.map((card) => card.serial)).not.toContain('200000000003');
    const [disposalJob] = await jobsOf(call, 'STOCK_DISPOSAL');
    expect(disposalJob).toMatchObject({ result: 'OK', supervisorId: 'S0001', device: '002 200000000003 DAMAGED', issuerRef: disposed.disposalRef });
  });

  it('refuses a receipt of cards already known: nothing is received, and the journal says so', async () => {
    const call = await start();
    const known = { ...RECEIPT, serialFrom: '100000000001', serialTo: '100000000005' };
    const approvalToken = await approve(call, { action: 'STOCK_RECEIPT', receipt: known });
    expect(refusal(await call('stock.receive', { receipt: known, approvalToken, idempotencyKey: randomUUID() })).code).toBe('CARD_ALREADY_EXISTS');
    expect((await list(call)).count).toBe(3);
    const [refused] = await jobsOf(call, 'STOCK_RECEIPT');
    expect(refused).toMatchObject({ result: 'CARD_ALREADY_EXISTS', supervisorId: 'S0001', device: '001 100000000001-100000000005 (5)', issuerRef: null });
  });

  it('refuses a backwards or too large range and a bad vendor code before the issuer, naming the field', async () => {
    const call = await start();
    const token = 'approval-token-0123456789';
    const send = (receipt: object) => call('stock.receive', { receipt, approvalToken: token, idempotencyKey: randomUUID() });
    expect(refusal(await send({ ...RECEIPT, serialFrom: '500000000010', serialTo: '500000000001' }))).toMatchObject({
      code: 'INVALID_INPUT', details: { 'receipt.serialTo': 'SERIAL_RANGE_ORDER' },
    });
    expect(refusal(await send({ ...RECEIPT, serialTo: '500000001001' }))).toMatchObject({ code: 'INVALID_INPUT', details: { 'receipt.serialTo': 'SERIAL_RANGE_TOO_LARGE' } });
    expect(refusal(await send({ ...RECEIPT, vendorCode: '1a' }))).toMatchObject({ code: 'INVALID_INPUT', details: { 'receipt.vendorCode': 'VENDOR_CODE_FORMAT' } });
    expect((await list(call)).count).toBe(3);
  });

  it('refuses to dispose of a card not in stock, and an approval given for another card', async () => {
    const call = await start();
    const notHere = { vendorCode: '003', serial: '300000000004', reason: 'DEFECTIVE' };
    const token = await approve(call, { action: 'STOCK_DISPOSAL', disposal: notHere });
    expect(refusal(await call('stock.dispose', { disposal: notHere, approvalToken: token, idempotencyKey: randomUUID() })).code).toBe('CARD_NOT_IN_STOCK');

    const approved = { vendorCode: '001', serial: '100000000001', reason: 'DAMAGED' };
    const otherToken = await approve(call, { action: 'STOCK_DISPOSAL', disposal: approved });
    const other = { ...approved, serial: '100000000002' };
    expect(refusal(await call('stock.dispose', { disposal: other, approvalToken: otherToken, idempotencyKey: randomUUID() })).code).toBe('APPROVAL_INVALID');
    expect((await list(call)).count).toBe(3);
    expect((await jobsOf(call, 'STOCK_DISPOSAL')).map((job) => job.result).sort()).toEqual(['APPROVAL_INVALID', 'CARD_NOT_IN_STOCK']);
  });
});
