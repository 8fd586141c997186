// `npm start`: installs what is missing, builds, and runs the console in training mode.
// Launches Electron when its binary is present (or can be fetched); otherwise serves the same
// console through the browser host on 127.0.0.1 and prints the address to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

await setup('start');
if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const electronBinary = findElectronBinary();
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
  child = spawn(process.execPath, ['dist/main/host/cli.js', '--port', port], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

/** The Electron binary's path, fetching it once if it is missing; null where that fails. */
function findElectronBinary() {
  const require = createRequire(import.meta.url);
  const electronDir = require.resolve('electron/package.json').replace(/package\.json$/, '');
  if (!existsSync(`${electronDir}path.txt`)) {
    const fetched = spawnSync(process.execPath, [`${electronDir}install.js`], { stdio: 'ignore', timeout: 120_000 });
    if (fetched.status !== 0) return null;
  }
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
