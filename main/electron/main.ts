import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NFC } from 'nfc-pcsc';
import { IPC_EVENT_CHANNEL } from '../../shared/events.js';
import { createConfigErrorConsole } from '../app/config-error-console.js';
import { createConsole, type ConsoleMain } from '../app/console.js';
import { contentSecurityPolicy } from '../app/content-security-policy.js';
import { consoleLog } from '../app/log.js';
import { loadConfiguration } from '../config/load.js';
import { readMachinePolicy } from '../config/machine-policy.js';
import { machineLocations, type MachineLocations } from '../config/machine-paths.js';
import { configFileIn, consoleCommandOf, runConsoleCommand, type ConsoleCommand } from '../diagnose/command.js';
import { configurationSummary } from '../diagnose/configuration.js';
import { fetchTransport } from '../issuer/http-client.js';
import { journalKeyFor } from '../journal/key.js';
import { APP_ENTRY_URL, APP_SCHEME, appUrlToFile, fileUrl, withContentSecurityPolicy } from './app-protocol.js';
import { pickClientCertificate } from './client-certificate.js';
import { registerIpc } from './ipc.js';
import { hardenApp, hardenSession, removeMenuWhenPackaged } from './security.js';
import { mainWindowOptions } from './window.js';

/** The desktop console's entry point (dist/main/electron/main.js). */
const distDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload/preload.cjs');
/** The desktop console connects only to itself: no WebSocket source (that is the browser host's). */
const CSP = contentSecurityPolicy();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
hardenApp(app);
removeMenuWhenPackaged(app, Menu);

// IT's commands (--diagnose [--json], --support-bundle <folder>): no window, and no single-instance
// lock (the console may be open at the counter); the exit code says how it went.
const command = consoleCommandOf(process.argv);
if (command) void runCommandThenExit(command);
else if (!app.requestSingleInstanceLock()) app.quit();

if (!command) app.whenReady().then(startConsole).catch((error: unknown) => {
  // A missing native module or an unwritable data folder: tell whoever is at the counter, then stop.
  dialog.showErrorBox('Branch OTP Console', `The console could not start.\n\n${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});

async function startConsole() {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    return withContentSecurityPolicy(await net.fetch(fileUrl(file)), CSP);
  });

  // Packaged: one configuration and one data folder per terminal (ProgramData), machine policy
  // first. Unpackaged (a developer's Electron): the user's folder, the same policy rules.
  const machine = machineLocations(process.platform, process.env);
  const dataDir = dataDirOf(machine);
  mkdirSync(dataDir, { recursive: true });
  const loaded = loadConfiguration({ policy: await readMachinePolicy(machine.policy), file: join(dataDir, 'config.json') });
  // <dataDir>/logs; with a broken configuration, at the default settings (its problems are logged).
  const log = consoleLog(dataDir, loaded.ok ? loaded.config.log : undefined);
  log.info(`console ${app.getVersion()} starting; configuration: ${configurationSummary(loaded.view)}`);

  let main: ConsoleMain;
  if (loaded.ok) {
    const subject = loaded.config.issuer?.clientCertSubject;
    if (subject) {
      const issuerOrigin = new URL(loaded.config.issuer!.url).origin;
      app.on('select-client-certificate', (event, _contents, url, list, callback) => {
        if (new URL(url).origin !== issuerOrigin) return;
        event.preventDefault();
        callback(pickClientCertificate(list, subject, new Date()));
      });
    }
    main = createConsole({
      config: loaded.config,
      configuration: loaded.view,
      dataDir,
      createNfc: () => new NFC(),
      ...(subject ? { certificateStoreTransport: fetchTransport((url, init) => net.fetch(url, init)) } : {}),
      // On Windows the journal key is kept by safeStorage (DPAPI), elsewhere in journal.key (0600).
      journalKey: journalKeyFor(process.platform, dataDir, safeStorage),
      log,
      announce: (line) => console.log(line),
    });
  } else {
    main = createConfigErrorConsole(loaded.view, dataDir, log);
  }
  registerIpc(ipcMain, main.router);
  main.start();

  const window = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: !app.isPackaged }));
  main.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);

  app.on('window-all-closed', () => {
    void main.stop().finally(() => app.quit());
  });
}

/** Packaged: the terminal's data folder (ProgramData); a developer's Electron: the user's folder. */
function dataDirOf(machine: MachineLocations): string {
  return app.isPackaged ? machine.dataDir : app.getPath('userData');
}

/** Runs --diagnose or --support-bundle against the terminal's configuration and data, then exits with its code. */
async function runCommandThenExit(command: ConsoleCommand): Promise<void> {
  const machine = machineLocations(process.platform, process.env);
  const dataDir = dataDirOf(machine);
  const print = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(`${text}\n`);
  // The journal check reads the key where the console keeps it: safeStorage (DPAPI) on Windows,
  // which answers only once the app is ready. A check never makes a key (create: false).
  if (process.platform === 'win32') await app.whenReady();
  const journalKey = journalKeyFor(process.platform, dataDir, safeStorage, { create: false });
  const places = { dataDir, configFile: configFileIn(dataDir), policy: machine.policy, journalKey };
  const io = { createNfc: () => new NFC(), out: print(process.stdout), err: print(process.stderr) };
  const code = await runConsoleCommand(command, places, io).catch((error: unknown) => {
    io.err(`${command.kind}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  });
  app.exit(code);
}
