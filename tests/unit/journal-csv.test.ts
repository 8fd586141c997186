import { describe, expect, it } from 'vitest';
import type { JournalJob } from '../../shared/journal.js';
import { toCsv } from '../../main/journal/csv.js';

describe('CSV export', () => {
  const job = (over: Partial<JournalJob>): JournalJob => ({
    seq: 1,
    startedAt: '2025-03-14T01:00:00.000Z',
    finishedAt: null,
    job: 'CARD_ISSUE',
    terminalId: 'T-1',
    branchCode: '0101',
    tellerId: 'T0001',
    supervisorId: null,
    customer: '홍*동 900101-1******',
    device: null,
    result: 'PENDING',
    issuerRef: null,
    receiptNo: '20250314-000001',
    settledAfterRestart: false,
    training: true,
    fee: null,
    ...over,
  });

  it('starts with a UTF-8 BOM and a header, ends every row with CRLF', () => {
    const csv = toCsv([job({})]);
    expect(csv.startsWith('\uFEFFseq,receiptNo,startedAt,finishedAt,job,')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFseq,receiptNo,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training,feeAmount,feeWaiverReason',
      '1,20250314-000001,2025-03-14T01:00:00.000Z,,CARD_ISSUE,T-1,0101,T0001,,홍*동 900101-1******,,PENDING,,false,true,,',
      '',
    ]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(toCsv([])).toBe('\uFEFFseq,receiptNo,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training,feeAmount,feeWaiverReason\r\n');
  });

  it('gives the fee as the won charged and the waiver reason, both empty for a job without one', () => {
    const rows = toCsv([job({ fee: { amount: 5000, waiverReason: null } }), job({ fee: { amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' } })]).split('\r\n');
    expect(rows[1]).toMatch(/,false,true,5000,$/);
    expect(rows[2]).toMatch(/,false,true,0,SUPERVISOR_DISCRETION$/);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const row = toCsv([job({ customer: 'a,b', device: 'say "hi"', issuerRef: 'line\nbreak', tellerId: 'cr\rlf' })]).split('\r\n')[1];
    expect(row).toContain(',"a,b",');
    expect(row).toContain(',"say ""hi""",');
    expect(row).toContain(',"line\nbreak",');
    expect(row).toContain(',"cr\r'); // the cell with a lone CR is quoted too
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const csv = toCsv([job({ customer: '=HYPERLINK("http://x")', device: '+82', issuerRef: '-1+1', tellerId: '@SUM(A1)' })]);
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(row).toContain(",'+82,");
    expect(row).toContain(",'-1+1,");
    expect(row).toContain(",'@SUM(A1),");
    // A masked RRN has its dash inside, not at the start: left alone.
    expect(toCsv([job({ device: '010-****-5678' })]).split('\r\n')[1]).toContain(',홍*동 900101-1******,010-****-5678,');
  });
});
