import { extractFile, getRawHeader, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfiguration } from '../../main/config/load.js';
import { DATA_FOLDER } from '../../main/config/machine-paths.js';
import { POLICIES, POLICY_REGISTRY_KEY, type Policy } from '../../main/config/policies.js';
import { parseRegQuery } from '../../main/config/windows-registry.js';
import { regKeys, regValues, WinePrefix, type RegValue } from '../support/wine-prefix.js';

// `npm run package:msi` end to end: two versions built by the script itself, checked with msitools,
// then installed, upgraded and uninstalled silently by Wine's msiexec in a Wine prefix of the test's
// own. The MSI carries a placeholder executable (no Electron for Windows here): this tests the
// installer and the configuration it writes, not the app.

const TOOLS = ['wixl', 'wixl-heat', 'msibuild', 'msiinfo', 'msiextract', 'wine', 'wineboot', 'wineserver'];
const missing = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
if (missing.length) {
  console.warn(
    `msi.test: skipped, missing ${missing.join(', ')}. \`npm test\` run as root installs them; ` +
      'otherwise: sudo apt-get install -y wixl msitools wine',
  );
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { productName: string; version: string };
const PRODUCT = pkg.productName;
const [major, minor] = pkg.version.split('.').map(Number) as [number, number];
const VERSION_A = pkg.version;
const VERSION_B = `${major}.${minor + 1}.0`;

/** What IT passes at install, by setting: every policy with an MSI property has a value here. */
const SAMPLE: Record<string, string> = {
  'issuer.url': 'https://issuer.example:8443',
  'terminal.institutionCode': '088',
  'terminal.branchCode': '0101',
  'terminal.terminalId': 'T-0101-03',
  'issuer.clientCertFile': 'terminal.crt',
  'issuer.clientKeyFile': 'terminal.key',
  'issuer.caFile': 'issuer-ca.crt',
  'issuer.clientCertSubject': 'T-0101-03 Example Bank',
  idleLockSeconds: '300',
};
const INSTALLABLE = POLICIES.filter((policy): policy is Policy & { msiProperty: string } => policy.msiProperty !== undefined);
const sample = (policy: Policy) => {
  const value = SAMPLE[policy.key];
  if (value === undefined) throw new Error(`no sample value for the policy ${policy.name} (${policy.key}) in this test`);
  return value;
};
const CERT_SUBJECT = 'issuer.clientCertSubject';
/** The README's msiexec line: mutual TLS with PEM files, so every property but the store certificate's. */
const FILE_DEPLOYMENT = INSTALLABLE.filter((policy) => policy.key !== CERT_SUBJECT);
/** A terminal whose certificate is in the Windows store: its identity, the issuer and the certificate's subject. */
const STORE_DEPLOYMENT = INSTALLABLE.filter((policy) => policy.key === CERT_SUBJECT || policy.key === 'issuer.url' || policy.key.startsWith('terminal.'));
const properties = (policies: readonly (Policy & { msiProperty: string })[]) => policies.map((policy) => `${policy.msiProperty}=${sample(policy)}`);
const registered = (policies: readonly Policy[]) => Object.fromEntries(policies.map((policy) => [policy.name, asRegistered(policy, sample(policy))]));
/** A policy value as `reg query` shows it: REG_DWORD in hex for numbers, REG_SZ otherwise. */
const asRegistered = (policy: Policy, value: string): RegValue =>
  policy.kind === 'number' ? { type: 'REG_DWORD', data: `0x${Number(value).toString(16)}` } : { type: 'REG_SZ', data: value };

interface Built {
  version: string;
  msi: string;
  exe: string;
  asar: string;
  exeHash: string;
  megabytes: number;
  seconds: number;
}

const run = promisify(execFile);
/** A Wine step takes seconds; creating the prefix takes longer. Not a measure, a stop for a hang. */
const STEP_TIMEOUT = 300_000;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** `npm run package:msi -- --version <v> --out <dir>`: the script itself, as a process. */
async function packageMsi(version: string, out: string): Promise<Built> {
  const started = performance.now();
  try {
    await run(process.execPath, ['scripts/package-msi.mjs', '--version', version, '--out', out], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`package:msi --version ${version} failed:\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n')}`);
  }
  const exe = join(out, 'win-unpacked', `${PRODUCT}.exe`);
  return {
    version,
    msi: join(out, `${PRODUCT} ${version}.msi`),
    exe,
    asar: join(out, 'win-unpacked', 'resources', 'app.asar'),
    exeHash: sha256(readFileSync(exe)),
    megabytes: statSync(join(out, `${PRODUCT} ${version}.msi`)).size / 1024 / 1024,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A table of an MSI as `msiinfo export` writes it: first column → second. */
function msiTable(msi: string, table: string): Record<string, string> {
  const { stdout } = spawnSync('msiinfo', ['export', msi, table], { encoding: 'utf8' });
  // Three header lines: column names, column types, table name and keys.
  return Object.fromEntries(stdout.split(/\r?\n/).slice(3).filter(Boolean).map((line) => line.split('\t') as [string, string]));
}

/** A GUID as Windows Installer keys its registry: each group's hex digits reversed, pairs in the last two. */
function packedGuid(guid: string): string {
  const hex = guid.replace(/[{}]/g, '').split('-');
  const reverse = (text: string) => [...text].reverse().join('');
  const swapPairs = (text: string) => text.replace(/(.)(.)/g, '$2$1');
  return [reverse(hex[0]!), reverse(hex[1]!), reverse(hex[2]!), swapPairs(hex[3]!), swapPairs(hex[4]!)].join('').toUpperCase();
}

describe.skipIf(missing.length > 0)('the MSI from npm run package:msi, installed silently under Wine', () => {
  let dir: string;
  let a: Built;
  let b: Built;
  let prefix: WinePrefix;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'msi-test-'));
    a = await packageMsi(VERSION_A, join(dir, 'a'));
    b = await packageMsi(VERSION_B, join(dir, 'b'));
    prefix = new WinePrefix(join(dir, 'wine'));
  }, 900_000);

  afterAll(async () => {
    await prefix?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (a && b) {
      // Measured, never asserted: msiexec's own run, without waiting for the wineserver to exit.
      const s = (seconds: number | undefined) => (seconds === undefined ? '-' : `${seconds.toFixed(1)} s`);
      console.log(
        `msi: ${basename(a.msi)} ${a.megabytes.toFixed(1)} MB; package:msi ${s(a.seconds)} (${VERSION_A}), ${s(b.seconds)} (${VERSION_B}); ` +
          `Wine prefix ${s(timings.prefix)}; install ${s(timings.install)}; upgrade ${s(timings.upgrade)}; uninstall ${s(timings.uninstall)}`,
      );
    }
  }, 120_000);

  const data = () => prefix.path(`ProgramData/${DATA_FOLDER.win32}`);
  const installDir = () => prefix.path(`Program Files/${PRODUCT}`);
  const policy = async () => regValues(await prefix.regQuery(POLICY_REGISTRY_KEY));
  /** The console's configuration from what the installer wrote, read as the console reads it on Windows. */
  const configuration = async () =>
    loadConfiguration({
      policy: { origin: POLICY_REGISTRY_KEY, values: parseRegQuery(await prefix.regQuery(POLICY_REGISTRY_KEY)) },
      file: join(data(), 'config.json'),
    });
  /** Installed products of ours, from the Add/Remove Programs entries msiexec registered. */
  const products = async () =>
    Object.values(regKeys(await prefix.regQuery('HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall', true)))
      .filter((values) => values.DisplayName?.data === PRODUCT)
      .map((values) => values.DisplayVersion?.data);
  /**
   * Our shortcuts, wherever they landed. Windows puts a per-machine install's in the all-users Start
   * menu and the public desktop; Wine's msi (a FIXME) resolves ProgramMenuFolder and DesktopFolder
   * for the installing user. Either counts.
   */
  const shortcuts = () => {
    const found = ['users', 'ProgramData'].flatMap((top) =>
      readdirSync(prefix.path(top), { recursive: true, encoding: 'utf8' }).filter((path) => basename(path) === `${PRODUCT}.lnk`),
    );
    return {
      startMenu: found.filter((path) => path.includes(join('Start Menu', 'Programs'))).length,
      desktop: found.filter((path) => basename(dirname(path)) === 'Desktop').length,
    };
  };

  it('is "<productName> <version>.msi", per machine, with one UpgradeCode for every version', () => {
    expect([basename(a.msi), basename(b.msi)]).toEqual([`${PRODUCT} ${VERSION_A}.msi`, `${PRODUCT} ${VERSION_B}.msi`]);
    const [propertiesA, propertiesB] = [msiTable(a.msi, 'Property'), msiTable(b.msi, 'Property')];
    expect(propertiesA).toMatchObject({ ALLUSERS: '1', ProductName: PRODUCT, ProductVersion: VERSION_A });
    expect(propertiesB).toMatchObject({ ALLUSERS: '1', ProductName: PRODUCT, ProductVersion: VERSION_B });
    expect(propertiesA.UpgradeCode).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(propertiesB.UpgradeCode).toBe(propertiesA.UpgradeCode);
    expect(propertiesB.ProductCode).not.toBe(propertiesA.ProductCode);
  }, STEP_TIMEOUT);

  it('packages the app without the browser host, the sandbox HTTP server, tests or source maps', () => {
    const { stdout } = spawnSync('msiextract', ['--list', a.msi], { encoding: 'utf8' });
    const files = stdout.split(/\r?\n/).filter(Boolean).map((file) => relative(PRODUCT, file));
    expect(files).toEqual(expect.arrayContaining([`${PRODUCT}.exe`, 'resources/app.asar']));
    const asar = listPackage(a.asar, { isPack: false });
    // The app, its sandboxed preload and renderer, the sandbox issuer's rules (training mode), and
    // the native addons with the modules that load them.
    expect(asar).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/main/electron/main.js',
        '/dist/preload/preload.cjs',
        '/dist/renderer/index.html',
        '/dist/sandbox/sandbox-issuer.js',
        '/node_modules/better-sqlite3/lib/index.js',
        '/node_modules/bindings/bindings.js',
        '/node_modules/nfc-pcsc/package.json',
        '/node_modules/@pokusew/pcsclite/lib/pcsclite.js',
      ]),
    );
    const unwanted = (path: string) => /^\/?(dist\/main\/host|dist\/sandbox\/http|tests)(\/|$)/.test(path) || path.endsWith('.map');
    expect([...files, ...asar].filter(unwanted)).toEqual([]);
  }, STEP_TIMEOUT);

  it("has electron-builder.yml's fuses flipped in the packaged executable, and app.asar's integrity in it", async () => {
    const fuses = (parse(readFileSync('electron-builder.yml', 'utf8')) as { electronFuses: Record<string, boolean> }).electronFuses;
    const wire = (await getCurrentFuseWire(a.exe)) as unknown as Record<number, number>;
    const state = (on: boolean) => (on ? 0x31 : 0x30); // '1', '0'
    for (const [name, on] of Object.entries(fuses)) {
      const index = FuseV1Options[`${name[0]!.toUpperCase()}${name.slice(1)}` as keyof typeof FuseV1Options];
      expect({ name, index: typeof index, state: wire[index] }).toEqual({ name, index: 'number', state: state(on) });
    }
    // With embedded asar integrity on, Electron refuses an app.asar whose header hash differs from
    // the one electron-builder wrote into the executable's resources.
    const resedit = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('resedit') as typeof import('resedit');
    const resources = resedit.NtExecutableResource.from(resedit.NtExecutable.from(readFileSync(a.exe))).entries;
    const integrity = resources.find((entry) => entry.type === 'INTEGRITY' && entry.id === 'ELECTRONASAR');
    expect(JSON.parse(Buffer.from(integrity!.bin).toString('utf8'))).toEqual([
      { file: 'resources\\app.asar', alg: 'SHA256', value: sha256(getRawHeader(a.asar).headerString) },
    ]);
  }, STEP_TIMEOUT);

  it('installs silently, writing every MSI property given as machine policy, and nothing else', async () => {
    // The two deployments between them give every MSI property.
    expect(new Set([...FILE_DEPLOYMENT, ...STORE_DEPLOYMENT])).toEqual(new Set(INSTALLABLE));
    const started = performance.now();
    await prefix.create();
    timings.prefix = (performance.now() - started) / 1000;
    timings.install = await prefix.msiexec(['/i', a.msi, '/qn', ...properties(FILE_DEPLOYMENT)], a.msi);

    expect(await policy()).toEqual(registered(FILE_DEPLOYMENT));
    expect(existsSync(join(installDir(), `${PRODUCT}.exe`))).toBe(true);
    expect(existsSync(data())).toBe(true);
    expect(shortcuts()).toEqual({ startMenu: 1, desktop: 0 });
    expect(await products()).toEqual([VERSION_A]);
  }, STEP_TIMEOUT);

  it('gives the console its configuration from what the installer wrote, each value from policy', async () => {
    // IT puts the terminal's PEM files in the data folder (relative paths are taken from there).
    for (const file of ['issuer.clientCertFile', 'issuer.clientKeyFile', 'issuer.caFile']) writeFileSync(join(data(), SAMPLE[file]!), 'PEM stand-in\n');
    const loaded = await configuration();
    expect(loaded.ok ? [] : loaded.view.problems).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.config.issuer).toMatchObject({ url: SAMPLE['issuer.url'], clientCertFile: join(data(), SAMPLE['issuer.clientCertFile']!) });
    expect(loaded.config.terminal).toEqual({
      institutionCode: SAMPLE['terminal.institutionCode'],
      branchCode: SAMPLE['terminal.branchCode'],
      terminalId: SAMPLE['terminal.terminalId'],
    });
    expect(loaded.config.idleLockSeconds).toBe(Number(SAMPLE.idleLockSeconds));
    const settings = new Map(loaded.view.settings.map((setting) => [setting.key, setting]));
    for (const installed of FILE_DEPLOYMENT) {
      expect(settings.get(installed.key)).toMatchObject({ key: installed.key, policy: installed.name, source: 'policy', origin: POLICY_REGISTRY_KEY });
    }
  }, STEP_TIMEOUT);

  it('upgrades without properties: the policy kept, one product registered, the new version installed', async () => {
    // The console's files, as it leaves them at run time.
    mkdirSync(join(data(), 'logs'), { recursive: true });
    writeFileSync(join(data(), 'journal.sqlite'), 'journal entries');
    writeFileSync(join(data(), 'logs', 'console.log'), 'log lines\n');
    const before = await policy();

    timings.upgrade = await prefix.msiexec(['/i', b.msi, '/qn'], b.msi);

    expect(await policy()).toEqual(before);
    expect(await products()).toEqual([VERSION_B]);
    const { UpgradeCode: upgradeCode, ProductCode: productB } = msiTable(b.msi, 'Property');
    const related = regValues(await prefix.regQuery(`HKLM\\Software\\Classes\\Installer\\UpgradeCodes\\${packedGuid(upgradeCode!)}`));
    expect(Object.keys(related)).toEqual([packedGuid(productB!)]);
    expect(sha256(readFileSync(join(installDir(), `${PRODUCT}.exe`)))).toBe(b.exeHash);
    const installedAsar = join(installDir(), 'resources', 'app.asar');
    expect(JSON.parse(extractFile(installedAsar, 'package.json').toString('utf8')).version).toBe(VERSION_B);
    expect(shortcuts()).toEqual({ startMenu: 1, desktop: 0 });
  }, STEP_TIMEOUT);

  it("uninstalls: the program, its shortcuts and the policy it wrote are gone; the console's data is kept", async () => {
    timings.uninstall = await prefix.msiexec(['/x', b.msi, '/qn'], b.msi);

    expect(existsSync(installDir())).toBe(false);
    expect(shortcuts()).toEqual({ startMenu: 0, desktop: 0 });
    expect(await products()).toEqual([]);
    expect(await policy()).toEqual({});
    expect(readFileSync(join(data(), 'journal.sqlite'), 'utf8')).toBe('journal entries');
    expect(readFileSync(join(data(), 'logs', 'console.log'), 'utf8')).toBe('log lines\n');
  }, STEP_TIMEOUT);

  it('adds a desktop shortcut only with DESKTOP_SHORTCUT=1; an upgrade takes a property given again and keeps the rest; no downgrade', async () => {
    await prefix.msiexec(['/i', a.msi, '/qn', 'DESKTOP_SHORTCUT=1', ...properties(STORE_DEPLOYMENT)], a.msi);
    expect(shortcuts()).toEqual({ startMenu: 1, desktop: 1 });
    // Only what was given is written; the rest is the console's default.
    expect(await policy()).toEqual(registered(STORE_DEPLOYMENT));
    const loaded = await configuration();
    expect(loaded.ok ? [] : loaded.view.problems).toEqual([]);
    expect(loaded.ok && loaded.config.issuer?.clientCertSubject).toBe(SAMPLE[CERT_SUBJECT]);
    expect(loaded.view.settings.find((setting) => setting.key === 'idleLockSeconds')).toMatchObject({ source: 'default', value: '180' });

    // The command line wins over what is installed; what it does not name is kept, shortcut included.
    const terminal = STORE_DEPLOYMENT.find((entry) => entry.key === 'terminal.terminalId')!;
    await prefix.msiexec(['/i', b.msi, '/qn', `${terminal.msiProperty}=T-0101-04`], b.msi);
    expect(await policy()).toEqual({ ...registered(STORE_DEPLOYMENT), [terminal.name]: asRegistered(terminal, 'T-0101-04') });
    expect(shortcuts()).toEqual({ startMenu: 1, desktop: 1 });
    expect(await products()).toEqual([VERSION_B]);

    // An older version does not install over a newer one (the launch condition fails; quietly, with /qn).
    await expect(prefix.msiexec(['/i', a.msi, '/qn'], a.msi)).rejects.toThrow(/failed/);
    expect(await products()).toEqual([VERSION_B]);
    expect(sha256(readFileSync(join(installDir(), `${PRODUCT}.exe`)))).toBe(b.exeHash);

    await prefix.msiexec(['/x', b.msi, '/qn'], b.msi);
    expect(shortcuts()).toEqual({ startMenu: 0, desktop: 0 });
    expect(readFileSync(join(data(), 'journal.sqlite'), 'utf8')).toBe('journal entries');
  }, STEP_TIMEOUT);
});
