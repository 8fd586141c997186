import type { App, Menu, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';

/**
 * Deny by default, in one place (Electron's security checklist): no permissions, no new windows,
 * no navigation away from the console, no webviews.
 */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

/** A counter PC gets no menu bar once packaged: with it go the reload and devtools shortcuts. */
export function removeMenuWhenPackaged(app: Pick<App, 'isPackaged'>, menu: { setApplicationMenu(menu: Menu | null): void }): void {
  if (app.isPackaged) menu.setApplicationMenu(null);
}
