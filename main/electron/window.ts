import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The console window: renderer isolated from Node and Electron, preload sandboxed, and in a
 * packaged build no devtools (nothing at the counter may inspect or script the page).
 */
export function mainWindowOptions(preloadPath: string, { devTools }: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Branch OTP Console',
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // No middle-click: it would open links in new windows past the window-open handler's intent.
      disableBlinkFeatures: 'Auxclick',
      devTools,
    },
  };
}
