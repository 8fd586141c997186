import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NFC } from 'nfc-pcsc';
import { createConfigErrorConsole } from '../app/config-error-console.js';
import { createConsole } from '../app/console.js';
import { consoleLog } from '../app/log.js';
import { loadConfiguration, readPolicyFile } from '../config/load.js';
import { POLICY_FILE } from '../config/machine-paths.js';
import { configurationSummary } from '../diagnose/configuration.js';
import { startBrowserHost } from './browser-host.js';

/**
 * Runs the console's main-process services under plain Node and serves the built renderer to a
 * browser: `node dist/main/host/cli.js [--port N] [--data-dir DIR] [--config FILE] [--policy FILE] [--idle-seconds N]`.
 * The configuration loads as the packaged console's does: the policy file (the machine's, unless
 * --policy names another), then these flags, then config.json in the data folder.
 * Prints one line `browser host listening on <url>` once ready; stops cleanly on SIGINT/SIGTERM.
 */
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string', default: join(projectRoot, '.console-data') },
    config: { type: 'string' },
    policy: { type: 'string' },
    'renderer-dir': { type: 'string', default: join(projectRoot, 'dist/renderer') },
    'session-seconds': { type: 'string' },
    'idle-seconds': { type: 'string' },
    /** The training sandbox's SQLite file (default: in memory, fresh from the seed each launch). */
    'sandbox-db': { type: 'string' },
  },
});

const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true });
const loaded = loadConfiguration({
  policy: readPolicyFile(values.policy ?? POLICY_FILE),
  file: resolve(values.config ?? join(dataDir, 'config.json')),
  launch: {
    ...(values['session-seconds'] ? { sandboxStaffSessionSeconds: Number(values['session-seconds']) } : {}),
    ...(values['idle-seconds'] ? { idleLockSeconds: Number(values['idle-seconds']) } : {}),
    ...(values['sandbox-db'] ? { sandboxDb: resolve(values['sandbox-db']) } : {}),
  },
});

// `npm run dev` restarts the host on every change with one secret, so the open page reconnects.
const secret = process.env.CONSOLE_HOST_SECRET;
delete process.env.CONSOLE_HOST_SECRET;

// The log files in the data folder; with a broken configuration, at the defaults (its problems are logged).
const log = consoleLog(dataDir, loaded.ok ? loaded.config.log : undefined);
log.info(`browser host starting; configuration: ${configurationSummary(loaded.view)}`);
// A broken configuration still serves the renderer: it shows IT the configuration-error screen.
const main = loaded.ok
  ? createConsole({
      config: loaded.config,
      configuration: loaded.view,
      dataDir,
      createNfc: () => new NFC(),
      log,
      announce: (line) => console.log(line),
    })
  : createConfigErrorConsole(loaded.view, dataDir, log);
main.start();
const rendererDir = resolve(values['renderer-dir']);
const host = await startBrowserHost({ console: main, rendererDir, port: Number(values.port), secret }).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.log(`port ${values.port} is in use; taking a free one`);
  return startBrowserHost({ console: main, rendererDir, port: 0, secret });
});
console.log(`browser host listening on ${host.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  await main.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
