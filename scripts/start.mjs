// `npm start`: installs what is missing, builds what changed, and runs the console in training mode.
// Launches Electron when its binary is present (or can be fetched); otherwise serves the same
// console through the browser host on 127.0.0.1 and prints the address to open, then the time
// from launch to that address.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { setup } from './setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

await setup('start');
// Looking for (or failing to download) Electron takes a second: do it while we build.
let fetcher;
const electron = findElectronBinary();
try {
  console.log(`build: dist/ is ready (${await build()})`);
} catch (error) {
  console.error(error.message);
  fetcher?.kill();
  process.exit(1);
}
const electronBinary = await electron;
let child;
if (electronBinary) {
  console.log('start: launching the Electron console (training mode)');
  child = spawn(electronBinary, ['.'], { stdio: 'inherit' });
} else {
  console.log(
    'start: the Electron binary is not installed and could not be downloaded on this machine,\n' +
      '       so the same console is served to a browser by the browser host (training mode).',
  );
  const port = process.env.CONSOLE_PORT ?? '4780';
  child = spawn(process.execPath, ['dist/main/host/cli.js', '--port', port], { stdio: ['inherit', 'pipe', 'inherit'] });
  let announced = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (!announced && line.startsWith('browser host listening on ')) {
      announced = true;
      // performance.now() counts from this process's start.
      console.log(`start: console up in ${(performance.now() / 1000).toFixed(1)} s`);
    }
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

/** The Electron binary's path, fetching it once if it is missing; null where that fails. */
async function findElectronBinary() {
  const require = createRequire(import.meta.url);
  const electronDir = dirname(require.resolve('electron/package.json'));
  if (!existsSync(join(electronDir, 'path.txt'))) {
    fetcher = spawn(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
    const fetched = await new Promise((resolve) => {
      fetcher.on('error', () => resolve(false));
      fetcher.on('exit', (code) => resolve(code === 0));
    });
    if (!fetched) return null;
  }
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
