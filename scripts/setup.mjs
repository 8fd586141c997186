// Installs what the console needs on this machine, and says clearly what it cannot install.
//   node scripts/setup.mjs [start|test|package]
// Debian packages: installed with apt-get when run as root; otherwise named with the command to run.
// npm dependencies: `npm ci` whenever package-lock.json changed since the last install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Why each Debian package is needed; `for` says which command needs it. */
const DEBIAN_PACKAGES = [
  { name: 'libpcsclite-dev', for: ['start', 'test', 'issuer'], why: 'headers for the PC/SC native addon' },
  { name: 'pcscd', for: ['start', 'test'], why: 'the PC/SC service that talks to card readers' },
  { name: 'vsmartcard-vpcd', for: ['test'], why: 'a virtual card reader for pcscd, used by the tests' },
  { name: 'chromium', for: ['test'], why: 'the browser the end-to-end tests drive' },
  { name: 'poppler-utils', for: ['test'], why: 'pdftotext, to read the slips the tests print to PDF' },
  { name: 'fonts-nanum', for: ['start', 'test'], why: 'Korean fonts for screens and slips' },
  { name: 'wixl', for: ['test', 'package'], why: 'builds the MSI (npm run package:msi) from WiX source' },
  { name: 'msitools', for: ['test', 'package'], why: "msiinfo/msibuild/msiextract, to edit and read the MSI's tables" },
  { name: 'wine', for: ['test'], why: "Wine's msiexec, to install, upgrade and uninstall the MSI in the tests" },
];
const BUILD_TOOLS = ['g++', 'make', 'python3'];

export async function setup(purpose = 'test') {
  process.chdir(root);
  ensureDebianPackages(purpose);
  ensureNpmDependencies();
}

function ensureDebianPackages(purpose) {
  const missingTools = BUILD_TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
  if (missingTools.length) fatal(`missing build tools for native addons: ${missingTools.join(', ')}`);

  if (spawnSync('which', ['dpkg-query']).status !== 0) {
    console.warn(
      `setup: not a Debian system; make sure these are installed: ${DEBIAN_PACKAGES.filter((p) => p.for.includes(purpose))
        .map((p) => `${p.name} (${p.why})`)
        .join(', ')}`,
    );
    return;
  }
  const wanted = DEBIAN_PACKAGES.filter((p) => p.for.includes(purpose));
  const installed = installedDebianPackages(wanted.map((p) => p.name));
  const missing = wanted.filter((p) => !installed.has(p.name));
  if (!missing.length) return;

  const names = missing.map((p) => p.name);
  if (process.getuid?.() !== 0) {
    fatal(
      `missing Debian packages:\n${missing.map((p) => `  ${p.name}: ${p.why}`).join('\n')}\n` +
        `install them as root, then run this again:\n  sudo apt-get install -y ${names.join(' ')}`,
    );
  }
  console.log(`setup: installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...names])) {
    fatal(`apt-get could not install: ${names.join(' ')}`);
  }
}

/** Which of these Debian packages are installed, in one dpkg-query (this runs on every start). */
function installedDebianPackages(names) {
  // dpkg-query exits 1 when it knows a name not at all, and still lists the others.
  const listed = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' }).stdout ?? '';
  return new Set(
    listed
      .split('\n')
      .filter((line) => line.endsWith('install ok installed'))
      .map((line) => line.split(' ')[0]),
  );
}

function ensureNpmDependencies() {
  const lock = readFileSync('package-lock.json');
  const stamp = 'node_modules/.setup-lock-hash';
  const hash = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  // An `npm install` run by hand since the lock last changed is as good as our own npm ci.
  const npmsOwn = 'node_modules/.package-lock.json';
  if (existsSync(npmsOwn) && statSync(npmsOwn).mtimeMs >= statSync('package-lock.json').mtimeMs) {
    writeFileSync(stamp, hash);
    return;
  }

  console.log('setup: installing npm dependencies (npm ci)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      // Binaries that come from outside the npm registry are not fetched at install time:
      // Electron's is tried by `npm start` on its own, Playwright uses the system chromium.
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    },
  });
  if (result.status !== 0) fatal('npm ci failed (see above)');
  writeFileSync(stamp, hash);
}

function fatal(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await setup(process.argv[2] ?? 'test');
