import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfiguration, readPolicyFile, type ConfigSources, type LoadedConfiguration } from '../../main/config/load.js';
import { machineLocations } from '../../main/config/machine-paths.js';
import { POLICIES, POLICY_REGISTRY_KEY } from '../../main/config/policies.js';
import { parseRegQuery } from '../../main/config/windows-registry.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-load-'));
  file = join(dir, 'config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (sources: Partial<ConfigSources> = {}) => loadConfiguration({ policy: null, file, ...sources });
const writeConfig = (value: unknown) => writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
const policy = (values: Record<string, unknown>) => ({ origin: POLICY_REGISTRY_KEY, values });
const setting = (loaded: LoadedConfiguration, key: string) => loaded.view.settings.find((entry) => entry.key === key);
function loadedOk(loaded: LoadedConfiguration) {
  if (!loaded.ok) throw new Error(`expected a configuration, got ${JSON.stringify(loaded.view.problems)}`);
  return loaded.config;
}

describe('loadConfiguration', () => {
  it('with no policy and no file: the defaults, training mode, every setting shown as a default', () => {
    const loaded = load();
    const config = loadedOk(loaded);
    expect(config.issuer).toBeUndefined();
    expect(config.idleLockSeconds).toBe(180);
    expect(setting(loaded, 'idleLockSeconds')).toEqual({ key: 'idleLockSeconds', policy: 'IdleLockSeconds', value: '180', source: 'default', origin: null });
    // Every policy's setting is listed, set or not, so IT sees what could be set.
    for (const { key } of POLICIES) expect(setting(loaded, key), key).toBeDefined();
    expect(setting(loaded, 'issuer.url')?.value).toBeNull();
  });

  it('policy wins over the file, the file over the defaults, and each value names its source', () => {
    writeConfig({ terminal: { institutionCode: '088', branchCode: '0101', terminalId: 'T-FILE' }, idleLockSeconds: 120 });
    const loaded = load({ policy: policy({ TerminalId: 'T-0101-03', IssuerUrl: 'https://issuer.example:8443' }) });
    const config = loadedOk(loaded);
    expect(config.terminal).toEqual({ institutionCode: '088', branchCode: '0101', terminalId: 'T-0101-03' });
    expect(config.issuer?.url).toBe('https://issuer.example:8443');
    expect(config.idleLockSeconds).toBe(120);
    expect(setting(loaded, 'terminal.terminalId')).toMatchObject({ source: 'policy', policy: 'TerminalId', origin: POLICY_REGISTRY_KEY });
    expect(setting(loaded, 'terminal.branchCode')).toMatchObject({ source: 'file', origin: file });
    expect(setting(loaded, 'issuer.timeoutMs')).toMatchObject({ source: 'default', value: '10000' });
  });

  it('launch options sit between policy and the file', () => {
    writeConfig({ idleLockSeconds: 120, sandboxDb: 'file.sqlite' });
    const loaded = load({ launch: { idleLockSeconds: 30, sandboxDb: 'launch.sqlite' }, policy: policy({ IdleLockSeconds: 600 }) });
    expect(loadedOk(loaded)).toMatchObject({ idleLockSeconds: 600, sandboxDb: 'launch.sqlite' });
    expect(setting(loaded, 'sandboxDb')).toMatchObject({ source: 'launch', origin: 'command line' });
  });

  it('takes a number policy as a DWORD or as digits in a string value', () => {
    expect(loadedOk(load({ policy: policy({ IdleLockSeconds: 300 }) })).idleLockSeconds).toBe(300);
    expect(loadedOk(load({ policy: policy({ IdleLockSeconds: '240' }) })).idleLockSeconds).toBe(240);
  });

  it.each([
    ['null', 'null', 'NOT_AN_OBJECT'],
    ['an array', '[]', 'NOT_AN_OBJECT'],
    ['a string', '"issuer"', 'NOT_AN_OBJECT'],
    ['broken JSON', '{ "issuer": ', 'UNREADABLE'],
    ['an empty file', '', 'UNREADABLE'],
  ])('refuses a config file holding %s, never falling back to training mode', (_what, text, rule) => {
    writeConfig(text);
    const loaded = load();
    expect(loaded.ok).toBe(false);
    expect(loaded.view.problems).toEqual([expect.objectContaining({ key: '(file)', source: 'file', origin: file, rule })]);
  });

  it('refuses a config file it cannot read (a folder in its place)', () => {
    mkdirSync(file);
    expect(load().view.problems).toEqual([expect.objectContaining({ rule: 'UNREADABLE', origin: file })]);
  });

  it('refuses an issuer that is not https, naming the policy that set it', () => {
    const loaded = load({ policy: policy({ IssuerUrl: 'http://issuer.example' }) });
    expect(loaded.ok).toBe(false);
    expect(loaded.view.problems).toEqual([
      { key: 'issuer.url', policy: 'IssuerUrl', source: 'policy', origin: POLICY_REGISTRY_KEY, rule: 'NOT_HTTPS', detail: 'the issuer URL must start with https://' },
    ]);
  });

  it('names unknown settings in the file and unknown policies, and bad values with their source', () => {
    writeConfig({ idleLockSecond: 100, terminal: { institutionCode: '088', branchCode: '101', terminalId: 'T-1' } });
    const loaded = load({ policy: policy({ IdleLock: 5 }) });
    expect(loaded.ok).toBe(false);
    const problems = loaded.view.problems.map(({ key, rule, source }) => ({ key, rule, source }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: 'IdleLock', rule: 'UNKNOWN_SETTING', source: 'policy' },
        { key: 'idleLockSecond', rule: 'UNKNOWN_SETTING', source: 'file' },
        { key: 'terminal.branchCode', rule: 'INVALID_VALUE', source: 'file' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('takes certificate paths from the config file’s folder and refuses one that is not there', () => {
    writeFileSync(join(dir, 'terminal.crt'), 'pem');
    writeFileSync(join(dir, 'terminal.key'), 'pem');
    writeConfig({ issuer: { url: 'https://issuer.example', clientCertFile: 'terminal.crt', clientKeyFile: 'terminal.key', caFile: 'ca/issuer.crt' } });
    const loaded = load();
    expect(loaded.ok).toBe(false);
    expect(loaded.view.problems).toEqual([expect.objectContaining({ key: 'issuer.caFile', rule: 'FILE_MISSING', source: 'file', detail: `cannot read ${join(dir, 'ca/issuer.crt')}` })]);
    mkdirSync(join(dir, 'ca'));
    writeFileSync(join(dir, 'ca/issuer.crt'), 'pem');
    const config = loadedOk(load());
    expect(config.issuer).toMatchObject({ clientCertFile: join(dir, 'terminal.crt'), caFile: join(dir, 'ca/issuer.crt') });
  });

  it('refuses a certificate without its key, and PEM files together with a certificate-store certificate', () => {
    writeFileSync(join(dir, 'terminal.crt'), 'pem');
    writeConfig({ issuer: { url: 'https://issuer.example', clientCertFile: 'terminal.crt' } });
    expect(load().view.problems.map((problem) => [problem.key, problem.rule])).toEqual([['issuer.clientKeyFile', 'CERT_AND_KEY_TOGETHER']]);
    writeFileSync(join(dir, 'terminal.key'), 'pem');
    writeConfig({ issuer: { url: 'https://issuer.example', clientCertFile: 'terminal.crt', clientKeyFile: 'terminal.key' } });
    const loaded = load({ policy: policy({ ClientCertSubject: 'T-0101-03' }) });
    expect(loaded.view.problems.map((problem) => [problem.key, problem.rule, problem.source])).toEqual([
      ['issuer.clientCertSubject', 'ONE_CLIENT_CERTIFICATE', 'policy'],
    ]);
  });

  it('reports a policy that could not be read instead of ignoring it', () => {
    const loaded = load({ policy: { origin: POLICY_REGISTRY_KEY, unreadable: 'access denied' } });
    expect(loaded.ok).toBe(false);
    expect(loaded.view.problems).toEqual([expect.objectContaining({ key: '(policy)', rule: 'UNREADABLE', detail: 'access denied' })]);
  });

  it('never shows the credentials of an issuer URL', () => {
    const loaded = load({ policy: policy({ IssuerUrl: 'https://user:secret@issuer.example/' }) });
    expect(JSON.stringify(loaded.view)).not.toContain('secret');
    expect(setting(loaded, 'issuer.url')?.value).toBe('https://***@issuer.example/');
  });
});

describe('readPolicyFile', () => {
  it('reads policy names from a JSON file; no file is no policy; null is a problem', () => {
    const policyFile = join(dir, 'policy.json');
    expect(readPolicyFile(policyFile)).toBeNull();
    writeFileSync(policyFile, JSON.stringify({ TerminalId: 'T-9' }));
    expect(readPolicyFile(policyFile)).toEqual({ origin: policyFile, values: { TerminalId: 'T-9' } });
    writeFileSync(policyFile, 'null');
    expect(readPolicyFile(policyFile)).toMatchObject({ origin: policyFile, unreadable: expect.stringContaining('not an object') });
  });
});

describe('parseRegQuery', () => {
  it('reads string and DWORD values as `reg query` prints them', () => {
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\BranchOTP\\Console',
      '    IssuerUrl    REG_SZ    https://issuer.example:8443',
      '    TerminalId    REG_SZ    T-0101-03',
      '    IdleLockSeconds    REG_DWORD    0x12c',
      '    Display Name    REG_SZ    with  two spaces',
      '',
    ].join('\r\n');
    expect(parseRegQuery(output)).toEqual({
      IssuerUrl: 'https://issuer.example:8443',
      TerminalId: 'T-0101-03',
      IdleLockSeconds: 300,
      'Display Name': 'with  two spaces',
    });
  });
});

describe('machineLocations', () => {
  it('keeps one data folder per terminal: ProgramData and the policy key on Windows, /var/lib and /etc elsewhere', () => {
    expect(machineLocations('win32', { ProgramData: 'D:\\ProgramData' })).toEqual({
      dataDir: 'D:\\ProgramData\\Branch OTP Console',
      configFile: 'D:\\ProgramData\\Branch OTP Console\\config.json',
      policy: { kind: 'registry', key: POLICY_REGISTRY_KEY },
    });
    expect(machineLocations('linux', {})).toEqual({
      dataDir: '/var/lib/branch-otp-console',
      configFile: '/var/lib/branch-otp-console/config.json',
      policy: { kind: 'file', file: '/etc/branch-otp-console/policy.json' },
    });
  });
});

describe('loadConfiguration, leaf by leaf', () => {
  it('keeps the defaults beside a single policy value of a group (the terminal ID alone)', () => {
    const loaded = load({ policy: policy({ TerminalId: 'T-0101-03' }) });
    expect(loadedOk(loaded).terminal).toEqual({ institutionCode: '088', branchCode: '0101', terminalId: 'T-0101-03' });
    expect(setting(loaded, 'terminal.branchCode')).toMatchObject({ source: 'default' });
  });
});
