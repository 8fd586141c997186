import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NFC } from 'nfc-pcsc';
import { IPC_EVENT_CHANNEL } from '../../shared/events.js';
import { createConfigErrorConsole } from '../app/config-error-console.js';
import { createConsole, type ConsoleMain } from '../app/console.js';
import { contentSecurityPolicy } from '../app/content-security-policy.js';
import { createLog } from '../app/log.js';
import { loadConfiguration } from '../config/load.js';
import { readMachinePolicy } from '../config/machine-policy.js';
import { machineLocations } from '../config/machine-paths.js';
import { fetchTransport } from '../issuer/http-client.js';
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

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(startConsole).catch((error: unknown) => {
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
  const dataDir = app.isPackaged ? machine.dataDir : app.getPath('userData');
  mkdirSync(dataDir, { recursive: true });
  const log = createLog();
  const loaded = loadConfiguration({ policy: await readMachinePolicy(machine.policy), file: join(dataDir, 'config.json') });

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
      log,
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
