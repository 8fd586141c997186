import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../main/config/load.js';
import { checkClientCertificate, checkClock, checkIssuerHealth, checkJournal, THRESHOLDS, type CheckResult } from '../../main/diagnose/checks.js';
import { consoleCommandOf } from '../../main/diagnose/command.js';
import { checkConfiguration, configurationSummary } from '../../main/diagnose/configuration.js';
import type { DiagnoseReport } from '../../main/diagnose/diagnose.js';
import type { HealthProbe } from '../../main/diagnose/issuer-probe.js';
import { exitCodeOf, formatJson, formatText } from '../../main/diagnose/report.js';

describe("the packaged console's command line", () => {
  const exe = ['C:\\Program Files\\Branch OTP Console\\Branch OTP Console.exe'];

  it('starts the console as usual without a command', () => {
    expect(consoleCommandOf(exe)).toBeNull();
    expect(consoleCommandOf([...exe, '--some-chromium-switch'])).toBeNull();
    // A developer's Electron: the app path comes first.
    expect(consoleCommandOf(['electron', 'dist/main/electron/main.js'])).toBeNull();
  });

  it('reads --diagnose, with or without --json', () => {
    expect(consoleCommandOf([...exe, '--diagnose'])).toEqual({ kind: 'diagnose', json: false });
    expect(consoleCommandOf([...exe, '--diagnose', '--json'])).toEqual({ kind: 'diagnose', json: true });
    expect(consoleCommandOf(['electron', 'main.js', '--json', '--diagnose'])).toEqual({ kind: 'diagnose', json: true });
  });

  it('reads --support-bundle <folder> and --support-bundle=<folder>', () => {
    expect(consoleCommandOf([...exe, '--support-bundle', 'D:\\support'])).toEqual({ kind: 'support-bundle', out: 'D:\\support' });
    expect(consoleCommandOf([...exe, '--support-bundle=D:\\support dir'])).toEqual({ kind: 'support-bundle', out: 'D:\\support dir' });
  });

  it('answers a malformed command with its usage, never with a start', () => {
    for (const argv of [
      [...exe, '--support-bundle'],
      [...exe, '--support-bundle='],
      [...exe, '--support-bundle', '--json'],
      [...exe, '--diagnose', '--support-bundle', 'x'],
    ]) {
      const command = consoleCommandOf(argv);
      expect(command, argv.join(' ')).toMatchObject({ kind: 'usage', message: expect.stringContaining('usage: --diagnose') });
    }
  });
});

describe('the report', () => {
  const check = (name: string, status: CheckResult['status'], detail: string): CheckResult => ({ check: name, status, detail, facts: { detail } });
  const report = (...checks: CheckResult[]): DiagnoseReport => ({
    at: '2026-03-02T00:15:00.000Z',
    ok: checks.every((c) => c.status !== 'fail'),
    checks,
    readers: { state: 'NO_READER', readers: [] },
  });

  it('prints one aligned line per check and a count; exit 1 only with a FAIL', () => {
    const healthy = report(check('configuration', 'ok', 'no machine policy'), check('pcsc', 'warn', 'no reader'));
    expect(formatText(healthy)).toBe(
      ['Branch OTP Console diagnose, 2026-03-02T00:15:00.000Z', 'OK    configuration  no machine policy', 'WARN  pcsc           no reader', '0 FAIL, 1 WARN, 1 OK'].join('\n'),
    );
    expect(exitCodeOf(healthy)).toBe(0);
    expect(exitCodeOf(report(check('journal', 'fail', 'broken'), check('clock', 'ok', 'fine')))).toBe(1);
  });

  it('redacts a full RRN or mobile number in any detail or fact, in text and JSON, and keeps numbers whole', () => {
    const leaky = report(check('configuration', 'fail', 'terminal.terminalId (file x): INVALID_VALUE 900101-1123459 / 01012345678'));
    leaky.checks[0]!.facts.freeMiB = 1_099_511_627_776;
    const text = formatText(leaky);
    expect(text).toContain('900101-1****** / 010-****-5678');
    expect(text).not.toContain('1123459');
    const json = formatJson(leaky);
    expect(json).not.toContain('1123459');
    expect(json).not.toContain('12345678');
    expect(JSON.parse(json)).toMatchObject({ ok: false, checks: [{ facts: { freeMiB: 1_099_511_627_776 } }] });
  });
});

describe('the clock check', () => {
  const sentAt = new Date('2026-03-02T00:15:00.000Z');
  /** An answer whose Date header is `skew` seconds behind this PC, received 200 ms after it was asked. */
  const answered = (skewSeconds: number): Extract<HealthProbe, { ok: true }> => ({
    ok: true,
    status: 200,
    body: '{"status":"ok","version":"1"}',
    date: new Date(sentAt.getTime() + 100 - skewSeconds * 1000).toUTCString(),
    sentAt,
    receivedAt: new Date(sentAt.getTime() + 200),
  });
  const status = (skew: number) => checkClock(answered(skew), () => sentAt).status;

  it(`is OK up to ${THRESHOLDS.clockWarnSeconds} s, WARN up to ${THRESHOLDS.clockFailSeconds} s, FAIL beyond, either way`, () => {
    expect([0, 60, -60].map(status)).toEqual(['ok', 'ok', 'ok']);
    expect([61, -61, 300, -300].map(status)).toEqual(['warn', 'warn', 'warn', 'warn']);
    expect([301, -301, 3600].map(status)).toEqual(['fail', 'fail', 'fail']);
  });

  it('says which way and by how much', () => {
    expect(checkClock(answered(90), () => sentAt).detail).toBe("this PC's clock is 90 s ahead of the issuer's (more than 60 s)");
    expect(checkClock(answered(-400), () => sentAt).detail).toBe("this PC's clock is 400 s behind the issuer's (more than 300 s): set the time (NTP)");
  });

  it('is not checked without an answer or a Date header', () => {
    expect(checkClock({ ok: false, reason: 'ECONNREFUSED' }, () => sentAt)).toMatchObject({ status: 'warn', detail: 'not checked: no answer from the issuer' });
    expect(checkClock({ ...answered(0), date: null }, () => sentAt)).toMatchObject({ status: 'warn', detail: 'not checked: the issuer sent no Date header' });
  });
});

describe('the health check', () => {
  const probe = (status: number, body: string): HealthProbe => ({ ok: true, status, body, date: null, sentAt: new Date(0), receivedAt: new Date(12) });

  it('passes the contract answer and fails anything else', () => {
    expect(checkIssuerHealth(probe(200, '{"status":"ok","version":"2.1"}'))).toMatchObject({ status: 'ok', detail: 'status ok, version 2.1, in 12 ms' });
    expect(checkIssuerHealth(probe(503, '{"status":"ok","version":"2.1"}'))).toMatchObject({ status: 'fail', detail: 'GET /v1/health answered HTTP 503' });
    expect(checkIssuerHealth(probe(200, '<html>proxy login</html>')).status).toBe('fail');
    expect(checkIssuerHealth({ ok: false, reason: 'ECONNREFUSED' })).toMatchObject({ status: 'fail', detail: 'no answer to GET /v1/health: ECONNREFUSED' });
  });
});

describe('the configuration, journal and certificate checks on files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diagnose-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarises where the settings came from, and fails each problem by setting, source and rule', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ idleLockSeconds: 120 }));
    const loaded = loadConfiguration({ policy: { origin: 'HKLM\\SOFTWARE\\Policies\\BranchOTP\\Console', values: { TerminalId: 'T-1' } }, file: good, launch: {} });
    expect(configurationSummary(loaded.view)).toMatch(/^1 from policy \(HKLM\\SOFTWARE\\Policies\\BranchOTP\\Console\), 1 from file \(.*good\.json\), \d+ defaults$/);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ issuer: { url: 'http://issuer.example' }, idleLockSeconds: 2 }));
    const refused = checkConfiguration(loadConfiguration({ policy: null, file: bad }));
    expect(refused.status).toBe('fail');
    expect(refused.detail).toMatch(/^2 problem\(s\): /);
    expect(refused.detail).toContain(`issuer.url (file ${bad}): NOT_HTTPS`);
    expect(refused.detail).toContain(`idleLockSeconds (file ${bad}): INVALID_VALUE`);
  });

  it('takes a terminal without a journal yet as OK, and an unreadable one as FAIL', () => {
    expect(checkJournal(join(dir, 'none.sqlite'))).toMatchObject({ status: 'ok', facts: { entries: 0 } });
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database');
    expect(checkJournal(junk)).toMatchObject({ status: 'fail', detail: expect.stringContaining(`cannot open the journal ${junk}`) });
  });

  it('warns when no client certificate is configured, fails one that cannot be read', () => {
    expect(checkClientCertificate({}, new Date()).status).toBe('warn');
    const notPem = join(dir, 'terminal.crt');
    writeFileSync(notPem, 'hello');
    expect(checkClientCertificate({ clientCertFile: notPem }, new Date())).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`cannot read the client certificate ${notPem}`),
    });
  });
});
