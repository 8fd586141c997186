import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NFC } from 'nfc-pcsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '../../main/app/console.js';
import { createLog, LOG_FOLDER, rotatingFileSink } from '../../main/app/log.js';
import { loadConfiguration, readPolicyFile } from '../../main/config/load.js';
import type { CheckResult } from '../../main/diagnose/checks.js';
import { runDiagnose, type DiagnoseReport } from '../../main/diagnose/diagnose.js';
import { startPcscd, type PcscdHandle } from '../../scripts/lib/pcscd.mjs';
import { startSandboxServer, type SandboxServer } from '../../sandbox/http/http-server.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb, type SandboxDb } from '../../sandbox/store/store.js';
import { CUSTOMERS, identityCheckBody } from '../support/issuer-fixtures.js';
import { describeFindings, filesUnder, scanFiles } from '../support/personal-data.js';
import { issueClientCert, makeTestPki, type Pki } from '../support/test-pki.js';

// IT's diagnose and support bundle against real parts: the sandbox issuer over HTTPS requiring the
// terminal's client certificate (test PKI), pcscd with its virtual readers, journals and logs
// written by the real console. `npm run diagnose` and `npm run support-bundle` run these built CLIs.
const DIAGNOSE_CLI = 'dist/main/diagnose/cli.js';
const BUNDLE_CLI = 'dist/main/diagnose/bundle-cli.js';
const DAY = 24 * 60 * 60 * 1000;

function run(cli: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const byName = (report: { checks: CheckResult[] }, name: string) => {
  const found = report.checks.find((check) => check.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(report.checks.map((c) => c.check))}`);
  return found;
};

describe('diagnose and the support bundle', () => {
  let dir: string;
  let pki: Pki;
  let db: SandboxDb;
  let server: SandboxServer;
  let pcscd: PcscdHandle;
  /** A client certificate a year long: the test CA's own 2-day one would be a WARN. */
  let longCert: { certFile: string; keyFile: string };
  let policyFile: string;

  beforeAll(async () => {
    for (const cli of [DIAGNOSE_CLI, BUNDLE_CLI]) if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'diagnose-'));
    pki = makeTestPki(dir);
    writeFileSync(join(dir, 'issuer-ca.crt'), pki.caCert);
    longCert = issueClientCert(dir, 'terminal-long', { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });
    db = openSandboxDb(':memory:');
    server = await startSandboxServer({
      sandbox: new SandboxIssuer({ db }),
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
      log: () => {},
    });
    // Machine policy names this terminal; the bundle and the report must say it came from there.
    policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ InstitutionCode: '088', BranchCode: '0101', TerminalId: 'T-0101-07', IdleLockSeconds: 120 }));
    pcscd = await startPcscd();
  });
  afterAll(async () => {
    await pcscd?.stop();
    await server?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A terminal's data folder with a config.json of `issuer` settings over this test's issuer. */
  function terminal(name: string, issuer: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
    const dataDir = join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    const settings = { issuer: { url: server.url, clientCertFile: longCert.certFile, clientKeyFile: longCert.keyFile, caFile: join(dir, 'issuer-ca.crt'), ...issuer }, ...extra };
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(settings));
    return dataDir;
  }

  const diagnose = (dataDir: string, now?: () => Date): Promise<DiagnoseReport> =>
    runDiagnose({
      configuration: loadConfiguration({ policy: readPolicyFile(policyFile), file: join(dataDir, 'config.json') }),
      dataDir,
      createNfc: () => new NFC(),
      ...(now ? { now } : {}),
    });

  /** The real console at the counter for a moment: a teller logs in and checks two customers, one typed wrong. */
  async function counterMorning(dataDir: string): Promise<void> {
    const loaded = loadConfiguration({ policy: readPolicyFile(policyFile), file: join(dataDir, 'config.json') });
    if (!loaded.ok) throw new Error(`configuration: ${JSON.stringify(loaded.view.problems)}`);
    // Its log files as a running console writes them, at the most talkative level (not on stderr here).
    const file = rotatingFileSink({ dir: join(dataDir, LOG_FOLDER), maxFileBytes: loaded.config.log.maxFileBytes, files: loaded.config.log.files });
    // Each folder here is a new journal of one terminal ID: the issuer's anchor of the folder before
    // would raise JOURNAL_MISSING (journal-integrity.test.ts), so each starts with an issuer that has none.
    db.exec('DELETE FROM journal_anchors');
    const main = createConsole({ config: loaded.config, dataDir, createNfc: () => new NFC(), log: createLog({ level: 'debug', sinks: [file] }) });
    main.start();
    try {
      expect(await main.router.call('staff.login', { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({ ok: true });
      expect(await main.router.call('customer.identify', identityCheckBody('hong'))).toMatchObject({ ok: true, value: { result: 'VERIFIED' } });
      // A mistyped RRN with a mobile number in the name field: the issuer's MISMATCH.
      const typo = { ...identityCheckBody('kim'), name: `${CUSTOMERS.kim.name} ${CUSTOMERS.kim.mobile}`, rrn: '850615-2234560' };
      expect(await main.router.call('customer.identify', typo)).toMatchObject({ ok: true, value: { result: 'MISMATCH' } });
      // An RRN cut short: refused input, journaled without it.
      expect(await main.router.call('customer.identify', { ...identityCheckBody('choi'), rrn: '920814-29876' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(await main.router.call('staff.logout', {})).toMatchObject({ ok: true });
    } finally {
      await main.stop();
      file.close();
    }
  }

  describe('a healthy terminal', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = terminal('healthy');
      await counterMorning(dataDir);
    });

    it('passes every check: configuration, TLS, both certificates, clock, health, PC/SC, journal, disk', async () => {
      const report = await diagnose(dataDir);
      expect(report.checks.map((check) => [check.check, check.status])).toEqual([
        ['configuration', 'ok'],
        ['issuer-tls', 'ok'],
        ['server-certificate', 'ok'],
        ['client-certificate', 'ok'],
        ['clock', 'ok'],
        ['issuer-health', 'ok'],
        ['pcsc', 'ok'],
        ['journal', 'ok'],
        ['data-folder', 'ok'],
      ]);
      expect(report.ok).toBe(true);
      expect(byName(report, 'issuer-tls').facts).toMatchObject({ host: '127.0.0.1', port: Number(new URL(server.url).port), protocol: 'TLSv1.3' });
      expect(byName(report, 'server-certificate').detail).toMatch(/^CN=server \(issued by CN=test-ca, valid .*\), trusted$/);
      expect(byName(report, 'client-certificate').facts).toMatchObject({ subject: 'CN=terminal-long', daysLeft: expect.any(Number) });
      expect(byName(report, 'pcsc').facts).toMatchObject({ state: 'READER_READY', readers: expect.arrayContaining(['Virtual PCD 00 00']) });
      expect(byName(report, 'journal').facts).toMatchObject({ entries: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(byName(report, 'journal').facts.entries as number).toBeGreaterThan(0);
      // Where each value came from: the terminal ID from the policy file, the issuer from config.json.
      const settings = byName(report, 'configuration').facts.settings as Array<{ key: string; source: string; origin: string | null }>;
      expect(settings.find((s) => s.key === 'terminal.terminalId')).toMatchObject({ source: 'policy', origin: policyFile });
      expect(settings.find((s) => s.key === 'issuer.url')).toMatchObject({ source: 'file', origin: join(dataDir, 'config.json') });
    });

    it('runs as a command: text, one line per check, exit 0; --json the same checks', async () => {
      const started = Date.now();
      const text = await run(DIAGNOSE_CLI, ['--data-dir', dataDir, '--policy', policyFile]);
      const ms = Date.now() - started;
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      const lines = text.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^Branch OTP Console diagnose, \d{4}-\d\d-\d\dT/);
      expect(lines.slice(1, -1).map((line) => line.split(/\s+/).slice(0, 2))).toEqual(
        ['configuration', 'issuer-tls', 'server-certificate', 'client-certificate', 'clock', 'issuer-health', 'pcsc', 'journal', 'data-folder'].map((check) => ['OK', check]),
      );
      expect(lines.at(-1)).toBe('0 FAIL, 0 WARN, 9 OK');
      console.log(`diagnose CLI, a healthy terminal: exit ${text.code} in ${ms} ms (process start included)\n${text.stdout}`);

      const json = await run(DIAGNOSE_CLI, ['--json', '--data-dir', dataDir, '--policy', policyFile]);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout) as { ok: boolean; checks: CheckResult[] };
      expect(parsed.ok).toBe(true);
      expect(parsed.checks.every((check) => check.status === 'ok')).toBe(true);
    });

    it('writes a support bundle with the configuration and its sources, logs, journal check, report and readers, and nothing personal', async () => {
      // The same terminal, its issuer URL now carrying a user and password that must not travel.
      const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { issuer: { url: string } };
      config.issuer.url = server.url.replace('https://', 'https://it-user:S3cret-pw@');
      writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
      const out = join(dir, 'bundles');
      const started = Date.now();
      const { code, stdout, stderr } = await run(BUNDLE_CLI, ['--out', out, '--data-dir', dataDir, '--policy', policyFile]);
      const ms = Date.now() - started;
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const bundle = stdout.trim();
      expect(bundle).toMatch(new RegExp(`^${out}/support-T-0101-07-\\d{8}T\\d{6}Z$`));

      const files = filesUnder(bundle).map((file) => file.slice(bundle.length + 1));
      expect(files).toEqual(
        expect.arrayContaining(['README.txt', 'configuration.json', 'diagnose.json', 'diagnose.txt', 'journal-check.json', 'readers.json', 'system.json', 'logs/console.log']),
      );
      const read = (name: string) => readFileSync(join(bundle, name), 'utf8');
      const configuration = JSON.parse(read('configuration.json')) as { ok: boolean; settings: Array<{ key: string; value: string | null; source: string; origin: string }> };
      expect(configuration.ok).toBe(true);
      expect(configuration.settings.find((s) => s.key === 'terminal.terminalId')).toMatchObject({ value: 'T-0101-07', source: 'policy', origin: policyFile });
      expect(configuration.settings.find((s) => s.key === 'issuer.url')?.value).toBe(server.url.replace('https://', 'https://***@'));
      expect(configuration.settings.find((s) => s.key === 'issuer.clientKeyFile')).toMatchObject({ value: longCert.keyFile, source: 'file' });
      const journal = JSON.parse(read('journal-check.json')) as { status: string; entries: number; head: string };
      expect(journal).toMatchObject({ status: 'ok', head: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(journal.entries).toBeGreaterThan(0);
      expect(JSON.parse(read('readers.json'))).toMatchObject({ status: 'ok', state: 'READER_READY', readers: expect.arrayContaining(['Virtual PCD 00 00']) });
      expect(JSON.parse(read('diagnose.json'))).toMatchObject({ ok: true });
      // The morning's jobs by code, as logged.
      expect(read('logs/console.log')).toMatch(/INFO  job IDENTITY_CHECK #\d+: OK/);
      expect(read('logs/console.log')).toMatch(/INFO  job IDENTITY_CHECK #\d+: INVALID_INPUT/);

      // No secret: neither the URL's password nor any key's content.
      const everything = filesUnder(bundle).map((file) => readFileSync(file, 'utf8')).join('\n');
      expect(everything).not.toContain('S3cret-pw');
      expect(everything).not.toContain('PRIVATE KEY');
      const keyBody = readFileSync(longCert.keyFile, 'utf8').split('\n')[1]!;
      expect(everything).not.toContain(keyBody);
      // Nothing personal: the console had a full RRN, a mobile number and names in its hands.
      const findings = scanFiles(filesUnder(bundle));
      expect(findings, describeFindings(findings)).toEqual([]);
      const bytes = filesUnder(bundle).reduce((sum, file) => sum + readFileSync(file).length, 0);
      console.log(`support bundle: ${files.length} files, ${bytes} bytes, written in ${ms} ms`);
    });
  });

  it('fails an expired client certificate, naming it, and exits 1', async () => {
    const expired = issueClientCert(dir, 'terminal-expired', { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    const dataDir = terminal('expired', { clientCertFile: expired.certFile, clientKeyFile: expired.keyFile });
    const { code, stdout } = await run(DIAGNOSE_CLI, ['--data-dir', dataDir, '--policy', policyFile]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL  client-certificate +CN=terminal-expired \\(${expired.certFile}\\) expired on \\d{4}-`, 'm'));
    // The issuer refuses it too: the health call cannot get through.
    expect(stdout).toMatch(/^FAIL  issuer-health +no answer to GET \/v1\/health/m);
  });

  it('warns of a client certificate that ends within 30 days', async () => {
    const ending = issueClientCert(dir, 'terminal-ending', { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 10 * DAY) });
    const report = await diagnose(terminal('ending', { clientCertFile: ending.certFile, clientKeyFile: ending.keyFile }));
    expect(byName(report, 'client-certificate')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/expires in (9|10) days .*: renew it$/) });
    expect(byName(report, 'issuer-health').status).toBe('ok');
    expect(report.ok).toBe(true);
  });

  it('fails a key that does not belong to the certificate, without showing the key', async () => {
    const report = await diagnose(terminal('wrong-key', { clientKeyFile: join(dir, 'stranger.key') }));
    const check = byName(report, 'client-certificate');
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('does not belong to CN=terminal-long') });
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
  });

  it('fails a server certificate the configured CA does not vouch for, naming it', async () => {
    const report = await diagnose(terminal('wrong-ca', { caFile: join(dir, 'stranger-ca.crt') }));
    expect(byName(report, 'issuer-tls').status).toBe('ok');
    expect(byName(report, 'server-certificate')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(new RegExp(`^CN=server \\(issued by CN=test-ca, .*\\) is not trusted by the configured CA ${join(dir, 'stranger-ca.crt')}: `)),
      facts: expect.objectContaining({ trusted: false }),
    });
    expect(report.ok).toBe(false);
  });

  it("compares this PC's clock with the issuer's: a warning past 60 s, a failure past 5 minutes", async () => {
    const dataDir = terminal('clock');
    const skewed = async (ms: number) => byName(await diagnose(dataDir, () => new Date(Date.now() + ms)), 'clock');
    expect(await skewed(0)).toMatchObject({ status: 'ok' });
    expect(await skewed(90_000)).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^this PC's clock is (89|90|91) s ahead of the issuer's/) });
    expect(await skewed(-10 * 60_000)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^this PC's clock is (599|600|601) s behind the issuer's/) });
    const facts = (await skewed(10 * 60_000)).facts;
    expect(facts.skewSeconds as number).toBeGreaterThanOrEqual(599);
  });

  it('fails an edited journal, naming the first broken entry', async () => {
    const dataDir = terminal('edited');
    await counterMorning(dataDir);
    const journal = new Database(join(dataDir, 'journal.sqlite'));
    journal.exec("DROP TRIGGER entries_no_update; UPDATE entries SET result = 'OK' WHERE seq = (SELECT max(seq) FROM entries WHERE result IS NOT NULL AND result <> 'OK')");
    journal.close();
    const report = await diagnose(dataDir);
    expect(byName(report, 'journal')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^broken at entry #\d+ .*changed after it was written/) });
    expect(report.ok).toBe(false);
  });

  it('fails a configuration with problems, naming each setting, its source and the rule, and still checks the rest', async () => {
    const dataDir = terminal('bad-config', { url: 'http://127.0.0.1:1' }, { idleLockSecs: 60 });
    const { code, stdout } = await run(DIAGNOSE_CLI, ['--json', '--data-dir', dataDir, '--policy', policyFile]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { checks: CheckResult[] };
    const configuration = byName(report, 'configuration');
    expect(configuration.status).toBe('fail');
    expect(configuration.detail).toContain(`issuer.url (file ${join(dataDir, 'config.json')}): NOT_HTTPS`);
    expect(configuration.detail).toContain(`idleLockSecs (file ${join(dataDir, 'config.json')}): UNKNOWN_SETTING`);
    expect(byName(report, 'issuer')).toMatchObject({ status: 'warn', detail: 'not checked: the configuration has problems' });
    for (const name of ['pcsc', 'journal', 'data-folder']) expect(byName(report, name).status, name).toBe('ok');
  });

  it('warns when the PC/SC service does not answer, within its bounded wait', async () => {
    terminal('no-pcsc');
    // A child pointed at a socket nobody serves: this process's pcscd must not answer it.
    const { code, stdout } = await run(DIAGNOSE_CLI, ['--json', '--data-dir', join(dir, 'no-pcsc'), '--policy', policyFile], {
      PCSCLITE_CSOCK_NAME: join(dir, 'nobody.comm'),
    });
    expect(code).toBe(0);
    const pcsc = byName(JSON.parse(stdout) as { checks: CheckResult[] }, 'pcsc');
    expect(pcsc).toMatchObject({ status: 'warn', facts: { state: 'PCSC_UNAVAILABLE', readers: [], socket: join(dir, 'nobody.comm') } });
  });

  it('fails a data folder that is not there, and a support bundle that cannot be written, with exit 2 and nothing written', async () => {
    const missing = join(dir, 'never-made');
    const { code, stdout } = await run(DIAGNOSE_CLI, ['--data-dir', missing, '--policy', policyFile]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL  data-folder +${missing} does not exist$`, 'm'));
    expect(existsSync(missing)).toBe(false);

    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const bundle = await run(BUNDLE_CLI, ['--out', blocker, '--data-dir', terminal('healthy-2'), '--policy', policyFile]);
    expect(bundle.code).toBe(2);
    expect(bundle.stderr).toMatch(/^support bundle: cannot write into .*a-file: /);
    expect(readFileSync(blocker, 'utf8')).toBe('');

    const usage = await run(BUNDLE_CLI, ['--data-dir', dir]);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/--out is required/);
    expect((await run(DIAGNOSE_CLI, ['--verbose'])).code).toBe(2);
  });

  it('leaves the journal and logs it read as they were', async () => {
    const dataDir = terminal('untouched');
    await counterMorning(dataDir);
    const before = readdirSync(dataDir).sort();
    const snapshot = join(dir, 'untouched-journal-copy.sqlite');
    copyFileSync(join(dataDir, 'journal.sqlite'), snapshot);
    const logBefore = readFileSync(join(dataDir, 'logs', 'console.log'));
    await diagnose(dataDir);
    // Reading a WAL journal leaves SQLite's own side files (as the running console has them), with no write in them.
    const added = readdirSync(dataDir).filter((name) => !before.includes(name));
    expect(added.every((name) => name === 'journal.sqlite-wal' || name === 'journal.sqlite-shm'), added.join()).toBe(true);
    if (added.includes('journal.sqlite-wal')) expect(statSync(join(dataDir, 'journal.sqlite-wal')).size).toBe(0);
    expect(readFileSync(join(dataDir, 'journal.sqlite')).equals(readFileSync(snapshot))).toBe(true);
    expect(readFileSync(join(dataDir, 'logs', 'console.log')).equals(logBefore)).toBe(true);
  });
});
