import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '../../issuer-api/domain.js';
import { consoleLog, createLog, LOG_FILE, LOG_FOLDER, rotatingFileSink } from '../../main/app/log.js';
import { memoryLog } from '../support/memory-log.js';

describe('log redaction', () => {
  it('masks a full RRN, with or without the dash, as ISSUER-API.md masks it', () => {
    expect(redact('customer 711231-1123455 failed')).toBe('customer 711231-1****** failed');
    expect(redact('rrn=9001011123459;')).toBe('rrn=900101-1******;');
  });

  it('masks mobile numbers in every accepted spelling', () => {
    expect(redact('sms to 010-1234-5678')).toBe('sms to 010-****-5678');
    expect(redact('sms to 01012345678')).toBe('sms to 010-****-5678');
    expect(redact('sms to 011.234.5678')).toBe('sms to 011-****-5678');
  });

  it('leaves other numbers alone', () => {
    const text = 'serial 300000000004 vendor 003 port 35963 at 2026-11-22T03:00:00Z';
    expect(redact(text)).toBe(text);
  });

  it('redacts an RRN and a mobile number in a logged error, at every level, stack included', () => {
    const memory = memoryLog('debug');
    const error = new Error('UNIQUE failed for 850615-2234565 / 010-2345-6789');
    memory.log.error(`internal error: ${error.stack}`);
    memory.log.warn('retry for 9201012345678');
    memory.log.info('sms 01098765432');
    memory.log.debug('number 016-123-4567');
    const written = memory.lines.join('\n');
    expect(written).toContain('850615-2****** / 010-****-6789');
    for (const full of ['2234565', '2345-6789', '9201012345678', '98765432', '123-4567']) expect(written).not.toContain(full);
    expect(memory.entries().map((entry) => entry.split(' ')[0])).toEqual(['ERROR', 'WARN', 'INFO', 'DEBUG']);
  });
});

describe('log lines and levels', () => {
  it('writes one line per entry: ISO time, level, message; a stack is joined onto the line', () => {
    const lines: string[] = [];
    const log = createLog({ sinks: [(line) => lines.push(line)], now: () => new Date('2026-03-02T00:15:00.123Z') });
    log.info('console started');
    log.error('internal error: Error: boom\n    at a (x.js:1:1)\n    at b (y.js:2:2)');
    expect(lines).toEqual([
      '2026-03-02T00:15:00.123Z INFO  console started',
      '2026-03-02T00:15:00.123Z ERROR internal error: Error: boom | at a (x.js:1:1) | at b (y.js:2:2)',
    ]);
  });

  it('writes the set level and the more severe ones only', () => {
    const seen = (level: 'error' | 'warn' | 'info' | 'debug') => {
      const memory = memoryLog(level);
      memory.log.debug('d');
      memory.log.info('i');
      memory.log.warn('w');
      memory.log.error('e');
      return memory.entries();
    };
    expect(seen('error')).toEqual(['ERROR e']);
    expect(seen('warn')).toEqual(['WARN w', 'ERROR e']);
    expect(seen('info')).toEqual(['INFO i', 'WARN w', 'ERROR e']);
    expect(seen('debug')).toEqual(['DEBUG d', 'INFO i', 'WARN w', 'ERROR e']);
  });

  it('defaults to info', () => {
    const lines: string[] = [];
    const log = createLog({ sinks: [(line) => lines.push(line)] });
    log.debug('hidden');
    log.info('shown');
    expect(lines).toHaveLength(1);
  });

  it('cuts a runaway entry instead of filling the file with it', () => {
    const memory = memoryLog();
    memory.log.error('x'.repeat(100_000));
    expect(memory.lines[0]!.length).toBeLessThan(9000);
    expect(memory.lines[0]).toMatch(/… \(cut\)$/);
  });
});

describe('rotating log files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'log-rotation-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = () => readdirSync(dir).sort();
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  it('rotates at the size cap and keeps the set number of files, newest in console.log', () => {
    const sink = rotatingFileSink({ dir, maxFileBytes: 100, files: 3 });
    // Each line is 10 bytes with its newline: ten of them fill a file exactly.
    for (let i = 0; i < 45; i++) sink(`line ${String(i).padStart(4, '0')}`);
    sink.close();
    expect(files()).toEqual(['console.1.log', 'console.2.log', 'console.log']);
    for (const name of files()) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(100);
    // 45 lines in files of 10: the newest 5 in console.log, the 10 before in .1, the 10 before those in .2.
    expect(read('console.log').trim().split('\n')).toEqual(['line 0040', 'line 0041', 'line 0042', 'line 0043', 'line 0044']);
    expect(read('console.1.log').split('\n')[0]).toBe('line 0030');
    expect(read('console.2.log').split('\n')[0]).toBe('line 0020');
  });

  it('with one file, starts console.log afresh at the cap', () => {
    const sink = rotatingFileSink({ dir, maxFileBytes: 100, files: 1 });
    for (let i = 0; i < 12; i++) sink(`line ${String(i).padStart(4, '0')}`);
    sink.close();
    expect(files()).toEqual(['console.log']);
    expect(read('console.log')).toBe('line 0010\nline 0011\n');
  });

  it('goes on with the file a previous run left, counting its size toward the cap', () => {
    const first = rotatingFileSink({ dir, maxFileBytes: 100, files: 2 });
    for (let i = 0; i < 8; i++) first(`line ${String(i).padStart(4, '0')}`);
    first.close();
    const second = rotatingFileSink({ dir, maxFileBytes: 100, files: 2 });
    for (let i = 8; i < 12; i++) second(`line ${String(i).padStart(4, '0')}`);
    second.close();
    expect(read('console.1.log').trim().split('\n')).toHaveLength(10);
    expect(read('console.log')).toBe('line 0010\nline 0011\n');
  });

  it("puts a running console's log in <dataDir>/logs/console.log, filtered by level and redacted", () => {
    const log = consoleLog(dir, { level: 'warn', maxFileBytes: 2 * 1024 * 1024, files: 5 });
    log.info('not at warn');
    log.warn('issuer unreachable for 900101-1123459');
    const text = readFileSync(join(dir, LOG_FOLDER, LOG_FILE), 'utf8');
    expect(text).toMatch(/^\S+Z WARN  issuer unreachable for 900101-1\*{6}\n$/);
  });

  it('never stops the console when its file cannot be written', () => {
    // A file where the logs folder should be: the folder cannot be made.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const sink = rotatingFileSink({ dir: join(dir, 'not-a-folder', 'logs'), maxFileBytes: 100, files: 1 });
    expect(() => sink('lost line')).not.toThrow();
    expect(() => sink('and the next')).not.toThrow();
  });
});
