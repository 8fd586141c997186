import { describe, expect, it } from 'vitest';
import { DaySummarySchema, stockTallyOf, stockTallyText } from '../../shared/day-end.js';
import { Journal } from '../../main/journal/journal.js';
import { HONG, clock, identity, journalFileEachTest } from './support/journal.js';

// What the day-end close reads of a business day from the journal alone (queries.ts daySummary, dayState).
const at = journalFileEachTest();

// 10:00 in Seoul on 2026-12-02; the Seoul day starts at 15:00 UTC of the day before.
const MORNING = new Date('2026-12-02T01:00:00.000Z');
const DAY = '2026-12-02';

describe("a business day's summary", () => {
  it('counts jobs per staff member, kind and result, approvals per supervisor, and leaves the staff coming and going out', () => {
    const time = clock(MORNING);
    const journal = Journal.open(at.file, identity, time.now);
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    journal.record({ job: 'IDENTITY_CHECK', tellerId: 'T0001', ...HONG }, { result: 'OK' });
    journal.record({ job: 'IDENTITY_CHECK', tellerId: 'T0001', ...HONG }, { result: 'OK' });
    journal.record({ job: 'IDENTITY_CHECK', tellerId: 'T0002' }, { result: 'MISMATCH' });
    journal.record({ job: 'SUPERVISOR_APPROVAL', tellerId: 'T0001', supervisorId: 'S0001' }, { result: 'OK' });
    journal.record({ job: 'DEVICE_UNLOCK', tellerId: 'T0001', supervisorId: 'S0001', ...HONG }, { result: 'OK' });
    // Yesterday in Seoul (14:59 UTC is 23:59 there), and training entries, are not today's real day.
    time.set(new Date('2026-12-01T14:59:00.000Z'));
    journal.record({ job: 'IDENTITY_CHECK', tellerId: 'T0001' }, { result: 'OK' });
    const training = Journal.open(at.file, { ...identity, training: true }, time.now);
    time.set(MORNING);
    training.record({ job: 'IDENTITY_CHECK', tellerId: 'T0001' }, { result: 'OK' });

    const summary = journal.daySummary(DAY);
    expect(summary.jobs).toEqual([
      { staffId: 'T0001', job: 'DEVICE_UNLOCK', result: 'OK', count: 1 },
      { staffId: 'T0001', job: 'IDENTITY_CHECK', result: 'OK', count: 2 },
      { staffId: 'T0002', job: 'IDENTITY_CHECK', result: 'MISMATCH', count: 1 },
    ]);
    expect(summary.approvals).toEqual([
      { supervisorId: 'S0001', job: 'DEVICE_UNLOCK', result: 'OK', count: 1 },
      { supervisorId: 'S0001', job: 'SUPERVISOR_APPROVAL', result: 'OK', count: 1 },
    ]);
    expect(training.daySummary(DAY).jobs).toEqual([{ staffId: 'T0001', job: 'IDENTITY_CHECK', result: 'OK', count: 1 }]);
    expect(DaySummarySchema.parse({ ...summary, unsettled: { ...summary.unsettled, explanation: null } })).toBeTruthy();
    training.close();
    journal.close();
  });

  it('lists the jobs still open and those settled without a result as unsettled, and the day’s last stock count', () => {
    const journal = Journal.open(at.file, identity, clock(MORNING).now);
    const open = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001', ...HONG, idempotencyKey: 'k-1' });
    const lookup = journal.begin({ job: 'CARD_LOOKUP', tellerId: 'T0001' });
    journal.finish(lookup, { result: 'UNKNOWN', settled: true });
    const notDone = journal.begin({ job: 'CARD_ISSUE', tellerId: 'T0001', idempotencyKey: 'k-2' });
    journal.finish(notDone, { result: 'NOT_DONE', settled: true });
    journal.record({ job: 'STOCK_COUNT', tellerId: 'T0001', device: stockTallyText({ expected: 3, counted: 2, missing: 1, unexpected: 0 }) }, { result: 'OK', issuerRef: 'CNT-1' });
    journal.record({ job: 'STOCK_COUNT', tellerId: 'T0001', device: stockTallyText({ expected: 3, counted: 4, missing: 0, unexpected: 1 }) }, { result: 'OK', issuerRef: 'CNT-2' });
    journal.record({ job: 'STOCK_COUNT', tellerId: 'T0001' }, { result: 'ISSUER_UNREACHABLE' });

    const summary = journal.daySummary(DAY);
    expect(summary.unsettled).toEqual({
      count: 2,
      jobs: [
        { receiptNo: `20261202-${String(open).padStart(6, '0')}`, job: 'CARD_ISSUE', result: 'PENDING' },
        { receiptNo: `20261202-${String(lookup).padStart(6, '0')}`, job: 'CARD_LOOKUP', result: 'UNKNOWN' },
      ],
    });
    expect(summary.stockCount).toMatchObject({ countId: 'CNT-2', expected: 3, counted: 4, missing: 0, unexpected: 1 });
    journal.close();
  });

  it('reads a stock tally back from its text, and nothing from any other text', () => {
    const tally = { expected: 1000, counted: 998, missing: 3, unexpected: 1 };
    expect(stockTallyOf(stockTallyText(tally))).toEqual(tally);
    for (const text of [null, '', '003/3000****0004', '998/1000 -3', '1/2 -3 +x']) expect(stockTallyOf(text)).toBeUndefined();
  });
});

describe("the terminal's day", () => {
  it('is closed by an OK close until a reopen, or a reopen the issuer found open, and open again the next business date', () => {
    const time = clock(MORNING);
    const journal = Journal.open(at.file, identity, time.now);
    expect(journal.dayState(DAY)).toEqual({ state: 'OPEN', businessDate: DAY });
    journal.record({ job: 'DAY_END_CLOSE', tellerId: 'T0001' }, { result: 'ANCHOR_MISMATCH' });
    expect(journal.dayState(DAY).state).toBe('OPEN');
    const closed = journal.record({ job: 'DAY_END_CLOSE', tellerId: 'T0001', supervisorId: 'S0001' }, { result: 'OK', issuerRef: 'CLS-1' });
    expect(journal.dayState(DAY)).toEqual({
      state: 'CLOSED', businessDate: DAY, closeRef: 'CLS-1', closedAt: MORNING.toISOString(), receiptNo: `20261202-${String(closed).padStart(6, '0')}`,
    });
    expect(journal.dayState('2026-12-03').state).toBe('OPEN');
    journal.record({ job: 'DAY_END_REOPEN', tellerId: 'T0001' }, { result: 'APPROVAL_INVALID' });
    expect(journal.dayState(DAY).state).toBe('CLOSED');
    journal.record({ job: 'DAY_END_REOPEN', tellerId: 'T0001' }, { result: 'OK', issuerRef: 'CLS-1' });
    expect(journal.dayState(DAY).state).toBe('OPEN');
    journal.record({ job: 'DAY_END_CLOSE', tellerId: 'T0001' }, { result: 'OK', issuerRef: 'CLS-2' });
    expect(journal.dayState(DAY).state).toBe('CLOSED');
    journal.record({ job: 'DAY_END_REOPEN', tellerId: 'T0001' }, { result: 'TERMINAL_NOT_CLOSED' });
    expect(journal.dayState(DAY).state).toBe('OPEN');
    journal.close();
  });
});
