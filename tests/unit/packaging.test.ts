import { getCurrentFuseWire } from '@electron/fuses';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { POLICIES, POLICY_REGISTRY_KEY } from '../../main/config/policies.js';
import { writePlaceholderElectron } from '../../scripts/lib/placeholder-electron.mjs';

// electron-builder's configuration, checked offline with its own schema validator. (It packages for
// Windows with `npm run package:msi`, tested end to end in tests/integration/msi.test.ts.)
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & { files: string[] };

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (config: unknown, debug: unknown) => Promise<void>;
    };
    const debug = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: true }, debug)).rejects.toThrow();
  });

  it('never packages the browser host or the sandbox’s HTTP server and CLI, and ships the sandboxed preload and the renderer', () => {
    expect(config.files).toContain('!dist/main/host/**');
    expect(config.files).toContain('!dist/sandbox/http/**');
    // Training mode runs the sandbox in-process, so its rules and store (and their contract) ship.
    expect(config.files).toEqual(expect.arrayContaining(['dist/sandbox/**/*.js', 'dist/issuer-api/**/*.js', 'dist/shared/**/*.js']));
    expect(config.files).toContain('dist/preload/**');
    expect(config.files).toContain('dist/renderer/**');
  });

  it('packages Windows x64 as a folder, which scripts/package-msi.mjs makes into the MSI', () => {
    expect(config.win).toEqual({ target: [{ target: 'dir', arch: ['x64'] }] });
    // electron-builder's msi target downloads WiX; it must not come back.
    expect(config).not.toHaveProperty('msi');
  });

  it('switches off in the Electron binary what a counter console never uses (fuses)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('fails the packaging when a production dependency cannot be found, rather than leaving it out', () => {
    expect(config.allowMissingDependencies).toBe(false);
  });
});

describe('the placeholder electron.exe (where Electron for Windows cannot be downloaded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'placeholder-electron-'));
  const file = writePlaceholderElectron(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("carries Electron's fuse wire at Electron's defaults, where @electron/fuses finds it", async () => {
    const wire = await getCurrentFuseWire(file);
    const state = (on: boolean) => (on ? 0x31 : 0x30);
    // Electron's build/fuses/fuses.json5: run as node, cookie encryption, NODE_OPTIONS, --inspect,
    // asar integrity, only app.asar, browser V8 snapshot, file: privileges, wasm trap handlers.
    const defaults = [true, false, true, true, false, false, false, true, true];
    expect(wire).toEqual({ version: '1', ...Object.fromEntries(defaults.map((on, index) => [index, state(on)])) });
  });

  it('is an x64 PE image with one version resource language, as electron-builder edits it', () => {
    const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
    const resedit = builderRequire('resedit') as typeof import('resedit');
    const executable = resedit.NtExecutable.from(readFileSync(file));
    expect(executable.is32bit()).toBe(false);
    const versions = resedit.Resource.VersionInfo.fromEntries(resedit.NtExecutableResource.from(executable).entries);
    expect(versions.map((version) => version.getAllLanguagesForStringValues())).toEqual([[{ lang: 1033, codepage: 1200 }]]);
  });
});

describe("the README's section for IT (installing on counter PCs)", () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## For IT: installing on counter PCs'));
  const lines = section.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| MSI property | Registry value |'));
  const below = lines.slice(header + 2);
  const rows = below.slice(0, below.findIndex((line) => !line.startsWith('|')));
  const cells = rows.map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));

  it('has a row for every MSI property of the policy table, true to it', () => {
    const installable = POLICIES.filter((policy) => policy.msiProperty);
    expect(header).toBeGreaterThan(0);
    expect(cells.filter(([property]) => !property!.includes('=')).map((row) => row.slice(0, 4))).toEqual(
      installable.map((policy) => [policy.msiProperty, policy.name, policy.kind === 'number' ? 'REG_DWORD' : 'REG_SZ', policy.key]),
    );
    expect(section).toContain(POLICY_REGISTRY_KEY);
  });

  it('names every MSI property in its msiexec line or beside it', () => {
    for (const policy of POLICIES.filter((entry) => entry.msiProperty)) expect(section).toContain(`${policy.msiProperty}=`);
  });
});
