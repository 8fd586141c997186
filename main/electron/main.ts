import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NFC } from 'nfc-pcsc';
import { IPC_EVENT_CHANNEL } from '../../shared/events.js';
import { loadConfig } from '../app/config.js';
import { createConsole } from '../app/console.js';
import { APP_ENTRY_URL, APP_SCHEME, appUrlToFile, fileUrl } from './app-protocol.js';
import { registerIpc } from './ipc.js';
import { hardenApp, hardenSession } from './security.js';
import { mainWindowOptions } from './window.js';

/** The desktop console's entry point (dist/main/electron/main.js). */
const distDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload/preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
hardenApp(app);

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(startConsole).catch((error: unknown) => {
  // A broken config.json or a missing native module: tell whoever is at the counter, then stop.
  dialog.showErrorBox('Branch OTP Console', `The console could not start.\n\n${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});

function startConsole() {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => {
    const file = appUrlToFile(request.url, rendererDir);
    return file ? net.fetch(fileUrl(file)) : new Response('not found', { status: 404 });
  });

  const dataDir = app.getPath('userData');
  const main = createConsole({
    config: loadConfig(join(dataDir, 'config.json')),
    dataDir,
    createNfc: () => new NFC(),
  });
  registerIpc(ipcMain, main.router);
  main.start();

  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  main.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);

  app.on('window-all-closed', () => {
    void main.stop().finally(() => app.quit());
  });
}
