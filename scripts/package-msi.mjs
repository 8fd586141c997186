// `npm run package:msi [-- --version X.Y.Z] [--electron-dist <dir>] [--out <dir>]`: the MSI IT
// deploys to counter PCs, `<out>/<productName> <version>.msi` (out: release/).
//   1. the project build (scripts/build.mjs);
//   2. electron-builder packages the app for Windows into <out>/win-unpacked (electron-builder.yml,
//      `dir` target), with Electron's Windows dist from --electron-dist (or ELECTRON_DIST), or else
//      a placeholder executable (scripts/lib/placeholder-electron.mjs);
//   3. wixl-heat lists that folder as components, policies.wxi is made from main/config/policies.ts,
//      and wixl builds resources/installer/product.wxs with them (x64);
//   4. msibuild sets in the MSI what wixl cannot express: component conditions, secure properties.
// --version (or MSI_VERSION) overrides package.json's version, e.g. to build an upgrade.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writePlaceholderElectron } from './lib/placeholder-electron.mjs';
import { setup } from './setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE = join(root, 'resources/installer/product.wxs');

const started = performance.now();
const { values: args } = parseArgs({
  options: { version: { type: 'string' }, 'electron-dist': { type: 'string' }, out: { type: 'string' } },
});
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = args.version ?? process.env.MSI_VERSION ?? pkg.version;
const electronDist = args['electron-dist'] ?? process.env.ELECTRON_DIST;
const out = resolve(args.out ?? join(root, 'release'));

// An MSI ProductVersion is major.minor.build, at most 255.255.65535.
const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
if (!parts || Number(parts[1]) > 255 || Number(parts[2]) > 255 || Number(parts[3]) > 65535) {
  fail(`version "${version}" is not an MSI product version (X.Y.Z, at most 255.255.65535)`);
}
if (electronDist && !existsSync(join(electronDist, 'electron.exe'))) fail(`no electron.exe in ${electronDist}`);

// wixl and msitools (Debian packages), npm dependencies.
await setup('package');

// 1. The build electron-builder packages.
run(process.execPath, [join(root, 'scripts/build.mjs')]);

// 2. The app for Windows, in <out>/win-unpacked.
const scratch = mkdtempSync(join(tmpdir(), 'package-msi-'));
try {
  const dist = electronDist ?? join(scratch, 'electron');
  if (!electronDist) {
    writePlaceholderElectron(dist);
    console.log(
      'package:msi: placeholder executable: this MSI tests the installer and configuration, not the app\n' +
        '             (no Electron for Windows given: --electron-dist <dir> or ELECTRON_DIST)',
    );
  }
  await packageApp({ dist, placeholder: !electronDist });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 3. The MSI.
const appDir = join(out, 'win-unpacked');
const work = join(out, 'msi-build');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const productName = pkg.productName;
const exeName = `${productName}.exe`;
if (!existsSync(join(appDir, exeName))) fail(`electron-builder left no ${exeName} in ${appDir}`);

const files = filesUnder(appDir).map((file) => `${file}\n`).join('');
const heat = spawnSync('wixl-heat', ['-p', `${appDir}/`, '--component-group', 'AppFiles', '--var', 'var.AppDir', '--directory-ref', 'INSTALLDIR', '--win64'], {
  input: files,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (heat.status !== 0) fail(`wixl-heat failed: ${heat.stderr}`);
writeFileSync(join(work, 'app-files.wxs'), heat.stdout);

const built = (module) => import(pathToFileURL(join(root, 'dist/main/config', module)).href);
const { POLICIES, POLICY_REGISTRY_KEY, POLICY_VENDOR, POLICY_PRODUCT } = await built('policies.js');
const { DATA_FOLDER } = await built('machine-paths.js');
const policy = policyInstaller(POLICIES, POLICY_REGISTRY_KEY);
writeFileSync(join(work, 'policies.wxi'), policy.include);

const msi = join(out, `${productName} ${version}.msi`);
rmSync(msi, { force: true });
const defines = {
  ProductName: productName,
  Version: version,
  Manufacturer: pkg.author,
  ExeName: exeName,
  // Where the console keeps the terminal's data under %ProgramData%.
  DataFolder: DATA_FOLDER.win32,
  InstallerKey: `SOFTWARE\\${POLICY_VENDOR}\\${POLICY_PRODUCT}\\Installer`,
  // wixl looks a relative source up from its working directory, and only a relative one.
  AppDir: relative(out, appDir),
  Win64: 'yes',
};
run('wixl', [
  '-a', 'x64',
  '-o', msi,
  '-I', work,
  ...Object.entries(defines).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
  TEMPLATE,
  join(work, 'app-files.wxs'),
], { cwd: out });

// 4. What wixl cannot say. A component whose condition is false is not installed: its registry
// value is not written. The condition is read again at uninstall, where false would leave the
// component behind: uninstalling (also the old version's, in an upgrade) always holds it true.
// Public properties IT passes must be secure to reach a managed install.
const conditions = { DesktopShortcut: 'DESKTOP_SHORTCUT = "1"', ...policy.conditions };
const secure = [...msiProperty(msi, 'SecureCustomProperties').split(';').filter(Boolean), 'DESKTOP_SHORTCUT', ...policy.publicProperties];
run('msibuild', [
  msi,
  ...Object.entries(conditions).flatMap(([component, condition]) => [
    '-q',
    `UPDATE \`Component\` SET \`Condition\` = '(${condition}) OR REMOVE ~= "ALL"' WHERE \`Component\` = '${component}'`,
  ]),
  '-q', `UPDATE \`Property\` SET \`Value\` = '${secure.join(';')}' WHERE \`Property\` = 'SecureCustomProperties'`,
]);

const megabytes = (statSync(msi).size / 1024 / 1024).toFixed(1);
console.log(`package:msi: ${msi.startsWith(root) ? relative(root, msi) : msi} (${megabytes} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** electron-builder with electron-builder.yml, and what this build changes in it. */
async function packageApp({ dist, placeholder }) {
  const { build, Platform, Arch } = await import('electron-builder');
  const electronVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')).version;
  await build({
    projectDir: root,
    targets: Platform.WINDOWS.createTarget('dir', Arch.x64),
    config: {
      electronDist: dist,
      electronVersion,
      directories: { output: out },
      extraMetadata: { version },
      // Rebuilding the addons for Electron needs Electron's headers and a Windows toolchain: only
      // on a build agent with the real Electron. The placeholder package carries the Linux builds.
      ...(placeholder ? { npmRebuild: false } : {}),
    },
  });
}

/**
 * The installer's part of the policy table: for each policy with an MSI property P, a registry
 * value named by the policy, written only when it has a value: P from the command line, or else the
 * value already installed (read back by AppSearch into P_EXISTING, so an upgrade without properties
 * keeps it). P_VALUE is what gets written: registry syntax, `#` before a number for a REG_DWORD,
 * and a REG_DWORD read back raw already starts with `#`. Each action names both neighbours: wixl
 * orders actions that only say After= wherever its sort happens to put them (even after the end),
 * and the conditions are read when costing starts.
 */
function policyInstaller(policies, registryKey) {
  const [rootKey, ...rest] = registryKey.split('\\');
  const key = rest.join('\\');
  const withProperty = policies.filter((entry) => entry.msiProperty);
  const conditions = {};
  const blocks = withProperty.map(({ name, kind, msiProperty: property }) => {
    conditions[`Policy${name}`] = `${property}_VALUE`;
    const given = kind === 'number' ? `#[${property}]` : `[${property}]`;
    return `
  <!-- ${name}: ${property} -->
  <Property Id="${property}_EXISTING">
    <RegistrySearch Id="${name}Existing" Root="${rootKey}" Key="${key}" Name="${name}" Type="raw" Win64="yes" />
  </Property>
  <CustomAction Id="${name}Given" Property="${property}_VALUE" Value="${given}" Impersonate="yes" />
  <CustomAction Id="${name}Kept" Property="${property}_VALUE" Value="[${property}_EXISTING]" Impersonate="yes" />
  <InstallExecuteSequence>
    <Custom Action="${name}Given" After="AppSearch" Before="CostInitialize">${property}</Custom>
    <Custom Action="${name}Kept" After="${name}Given" Before="CostInitialize">NOT ${property} AND ${property}_EXISTING</Custom>
  </InstallExecuteSequence>
  <DirectoryRef Id="TARGETDIR">
    <Component Id="Policy${name}" Guid="*" Win64="yes">
      <RegistryValue Root="${rootKey}" Key="${key}" Name="${name}" Type="string" Value="[${property}_VALUE]" KeyPath="yes" />
    </Component>
  </DirectoryRef>`;
  });
  const include = `<?xml version="1.0" encoding="utf-8"?>
<!-- Made by scripts/package-msi.mjs from main/config/policies.ts; not edited by hand. -->
<Include xmlns="http://schemas.microsoft.com/wix/2006/wi">${blocks.join('\n')}
  <Feature Id="MachinePolicy" Title="Machine policy" Level="1" Display="hidden">
${withProperty.map(({ name }) => `    <ComponentRef Id="Policy${name}" />`).join('\n')}
  </Feature>
</Include>
`;
  return { include, conditions, publicProperties: withProperty.map((entry) => entry.msiProperty) };
}

/** One value of the MSI's Property table. */
function msiProperty(file, name) {
  const table = spawnSync('msiinfo', ['export', file, 'Property'], { encoding: 'utf8' });
  if (table.status !== 0) fail(`msiinfo export failed: ${table.stderr}`);
  const row = table.stdout.split(/\r?\n/).find((line) => line.startsWith(`${name}\t`));
  return row ? row.slice(name.length + 1) : '';
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  console.error(`package:msi: ${message}`);
  process.exit(1);
}
