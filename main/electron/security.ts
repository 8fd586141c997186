import type { App, Menu, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';

/**
 * Deny by default, in one place (Electron's security checklist): no permissions, no new windows,
 * no navigation away from the console, no webviews.
 */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // WebHID, Web Serial, WebUSB choosers: none is offered a device (the card reader is main's, over PC/SC).
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // Subframes too: an iframe must not be navigated anywhere but the console.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Before ready: every renderer sandboxed, whatever its webPreferences say. */
export function hardenApp(app: Pick<App, 'on' | 'enableSandbox'>): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

/** A counter PC gets no menu bar once packaged: with it go the reload and devtools shortcuts. */
export function removeMenuWhenPackaged(app: Pick<App, 'isPackaged'>, menu: { setApplicationMenu(menu: Menu | null): void }): void {
  if (app.isPackaged) menu.setApplicationMenu(null);
}
