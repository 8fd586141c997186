import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_CUSTOMERS } from '../../sandbox/store/seed.js';
import { memoryLog } from '../support/memory-log.js';
import { checkRunLogs, findPersonalData, SEED_NAMES } from '../support/personal-data.js';

// The scanner that ends every e2e run (tests/e2e/global-setup.ts) and checks the support bundle:
// it must find what it looks for, or its passing says nothing.
describe('the personal-data scanner', () => {
  it('finds a full RRN with or without the dash, and a full mobile number with or without dashes', () => {
    const kinds = (text: string) => findPersonalData(text).map((finding) => finding.kind);
    expect(kinds('x 900101-1123459 y')).toEqual(['RRN']);
    expect(kinds('x 9001011123459 y')).toEqual(['RRN']);
    expect(kinds('to 010-1234-5678.')).toEqual(['MOBILE']);
    expect(kinds('to 01012345678')).toEqual(['MOBILE']);
    expect(kinds('to 011-234-5678')).toEqual(['MOBILE']);
    expect(kinds('to 0162345678')).toEqual(['MOBILE']);
  });

  it('finds every name of the seed, read from the seed', () => {
    expect(SEED_NAMES.length).toBeGreaterThanOrEqual(SEED_CUSTOMERS.length);
    for (const { name } of SEED_CUSTOMERS) expect(findPersonalData(`고객 ${name} 확인`), name).toEqual([{ line: 1, kind: 'NAME', masked: expect.any(String) }]);
  });

  it('leaves masked data and other numbers alone', () => {
    const clean = [
      '2026-03-02T00:15:00.123Z INFO  job IDENTITY_CHECK #12: OK',
      'customer 900101-1****** 010-****-5678 홍*동',
      'serial 300000000004 vendor 003 port 35963',
      'head 3f1a9b22c4d5e6f70123456789012abc9d8e7f6a5b4c3d2e1f00112233445566',
      'idempotency key 123e4567-e89b-12d3-a456-426614174000',
    ].join('\n');
    expect(findPersonalData(clean)).toEqual([]);
  });

  it('names the line and never repeats what it found', () => {
    const findings = findPersonalData('fine\nfine\nleak 850615-2234565 and 01023456789\n');
    expect(findings).toEqual([
      { line: 3, kind: 'RRN', masked: '850615-2******' },
      { line: 3, kind: 'MOBILE', masked: '010-****-6789' },
    ]);
  });
});

describe('the check of an e2e run’s logs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const hostLog = (host: string, text: string) => {
    mkdirSync(join(dir, host, 'logs'), { recursive: true });
    writeFileSync(join(dir, host, 'logs', 'console.log'), text);
  };

  it('passes clean logs and counts what it read', () => {
    const memory = memoryLog();
    memory.log.info('console started: training mode');
    // Redaction in the log is what keeps this clean: the message had the full number.
    memory.log.warn('issuer refused 900101-1123459');
    hostLog('console-a', `${memory.lines.join('\n')}\n`);
    hostLog('console-b', 'INFO job STAFF_LOGIN #1: OK\n');
    expect(checkRunLogs(dir)).toEqual({ files: 2, lines: 3 });
  });

  it('fails on a planted RRN, naming the file and the line, without repeating the number', () => {
    hostLog('console-a', 'INFO ok\n');
    hostLog('console-b', 'INFO ok\nERROR internal error: no customer 9001011123459\n');
    expect(() => checkRunLogs(dir)).toThrow(/console-b\/logs\/console\.log:2: a full RRN \(900101-1\*{6}\)/);
    expect(() => checkRunLogs(dir)).not.toThrow(/9001011123459/);
  });

  it('fails on a planted mobile number and a planted seed name', () => {
    hostLog('console-a', 'INFO sms sent to 010-3456-7890\n');
    hostLog('console-b', `INFO customer ${SEED_CUSTOMERS[0]!.name}\n`);
    expect(() => checkRunLogs(dir)).toThrow(/console-a\/logs\/console\.log:1: a full mobile number[\s\S]*console-b\/logs\/console\.log:1: a seed name/);
  });

  it('fails when there are no logs at all, or only empty ones', () => {
    expect(() => checkRunLogs(join(dir, 'never-made'))).toThrow(/no console log lines/);
    expect(() => checkRunLogs(dir)).toThrow(/no console log lines/);
    hostLog('console-a', '');
    expect(() => checkRunLogs(dir)).toThrow(/no console log lines/);
  });
});
