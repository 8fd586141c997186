import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { App, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CHANNELS } from '../../shared/contract.js';
import { contentSecurityPolicy } from '../../main/app/content-security-policy.js';
import { ConsoleConfigSchema } from '../../main/config/settings.js';
import { APP_ENTRY_URL, appUrlToFile } from '../../main/electron/app-protocol.js';
import { isTrustedSender } from '../../main/electron/ipc.js';
import { buildBridge } from '../../main/electron/preload.js';
import { hardenApp, hardenSession, hardenWebContents } from '../../main/electron/security.js';
import { mainWindowOptions } from '../../main/electron/window.js';

// The preload exposes its bridge when loaded; the Electron binary cannot run here.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: () => {} },
  ipcRenderer: { invoke: () => Promise.resolve(), on: () => {}, removeListener: () => {} },
}));

/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), its 20 items in
 * order, each with the evidence in this code base. A change that drops one fails here by number.
 */
const web = mainWindowOptions('/opt/console/preload/preload.cjs', { devTools: false }).webPreferences ?? {};

type Listener = (...args: unknown[]) => unknown;
function recorder() {
  const listeners = new Map<string, Listener>();
  const target = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return target;
    },
    setWindowOpenHandler: vi.fn(),
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    enableSandbox: vi.fn(),
  };
  return { target, listeners };
}
const prevented = (listener: Listener | undefined, ...args: unknown[]) => {
  const event = { preventDefault: vi.fn(), url: args[0] };
  listener?.(event, ...args);
  return event.preventDefault.mock.calls.length > 0;
};

/** Every TypeScript source under a folder, as text. */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}
const productCode = [...sources('main'), ...sources('renderer'), ...sources('shared')];

describe("Electron's security checklist", () => {
  it('1. only secure content: the renderer from app://console, the issuer over https only', () => {
    expect(APP_ENTRY_URL).toBe('app://console/index.html');
    expect(ConsoleConfigSchema.safeParse({ issuer: { url: 'http://issuer.example' } }).success).toBe(false);
    expect(ConsoleConfigSchema.safeParse({ issuer: { url: 'https://issuer.example' } }).success).toBe(true);
  });

  it('2. no Node.js integration in the renderer, its workers or frames', () => {
    expect(web).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. context isolation', () => expect(web.contextIsolation).toBe(true));

  it('4. process sandboxing: the window, and every renderer by app.enableSandbox()', () => {
    expect(web.sandbox).toBe(true);
    const { target } = recorder();
    hardenApp(target as unknown as Pick<App, 'on' | 'enableSandbox'>);
    expect(target.enableSandbox).toHaveBeenCalledTimes(1);
  });

  it('5. session permission requests and checks denied', () => {
    const { target } = recorder();
    hardenSession(target as unknown as Parameters<typeof hardenSession>[0]);
    const callback = vi.fn();
    target.setPermissionRequestHandler.mock.calls[0]?.[0](null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(target.setPermissionCheckHandler.mock.calls[0]?.[0]()).toBe(false);
    expect(target.setDevicePermissionHandler.mock.calls[0]?.[0]()).toBe(false);
  });

  it('6. webSecurity on', () => expect(web.webSecurity).toBe(true));

  it('7. a Content-Security-Policy: scripts and everything else from the console only', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)|ws:|\*/);
  });

  it('8. no insecure content', () => expect(web.allowRunningInsecureContent).toBe(false));

  it('9. no experimental features', () => expect(web.experimentalFeatures ?? false).toBe(false));

  it('10. no enableBlinkFeatures (and auxclick disabled)', () => {
    expect(web.enableBlinkFeatures).toBeUndefined();
    expect(web.disableBlinkFeatures).toContain('Auxclick');
  });

  it('11. and 12. no webviews: the tag is off and attaching one is prevented', () => {
    expect(web.webviewTag).toBe(false);
    const { target, listeners } = recorder();
    hardenWebContents(target as unknown as Pick<WebContents, 'setWindowOpenHandler' | 'on'>);
    expect(prevented(listeners.get('will-attach-webview'))).toBe(true);
  });

  it('13. navigation limited to the console, frames included', () => {
    const { target, listeners } = recorder();
    hardenWebContents(target as unknown as Pick<WebContents, 'setWindowOpenHandler' | 'on'>);
    for (const name of ['will-navigate', 'will-redirect']) {
      expect(prevented(listeners.get(name), 'https://example.com/'), name).toBe(true);
      expect(prevented(listeners.get(name), 'app://console/index.html'), name).toBe(false);
    }
    expect(prevented(listeners.get('will-frame-navigate'), 'https://example.com/')).toBe(true);
  });

  it('14. new windows denied', () => {
    const { target } = recorder();
    hardenWebContents(target as unknown as Pick<WebContents, 'setWindowOpenHandler' | 'on'>);
    expect(target.setWindowOpenHandler.mock.calls[0]?.[0]({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('15. no shell.openExternal anywhere in the product', () => {
    for (const text of productCode) expect(text).not.toMatch(/openExternal/);
  });

  it('16. a current Electron (45 or later)', () => {
    const installed = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('17. IPC senders validated: the console’s own top frame only', () => {
    expect(isTrustedSender({ parent: null, url: 'app://console/index.html' } as never)).toBe(true);
    expect(isTrustedSender({ parent: {}, url: 'app://console/index.html' } as never)).toBe(false);
    expect(isTrustedSender({ parent: null, url: 'https://example.com/' } as never)).toBe(false);
  });

  it('18. no file:// pages: app:// serves only files inside the renderer folder', () => {
    for (const text of productCode) expect(text).not.toMatch(/\.loadFile\(|loadURL\(\s*['"`]file:/);
    // The URL parser folds '..' away: what is left is a file inside the renderer folder, or nothing.
    expect(appUrlToFile('app://console/../../etc/passwd', '/opt/console/renderer')).toBe('/opt/console/renderer/etc/passwd');
    expect(appUrlToFile('app://console/..%2f..%2fetc/passwd', '/opt/console/renderer')).toBeNull();
  });

  it('19. fuses flipped at packaging (electron-builder.yml; the MSI test reads them from the .exe)', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { electronFuses: Record<string, boolean> };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('20. no Electron API exposed to the page: one function per channel and an event feed, nothing else', () => {
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const bridge = buildBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'onEvent']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...CHANNELS].sort());
    const seen: unknown[] = [];
    bridge.onEvent((...args) => seen.push(args));
    const forward = ipc.on.mock.calls[0]?.[1] as (event: unknown, message: unknown) => void;
    forward({ sender: 'the IpcRendererEvent' }, { name: 'status.changed', payload: 1 });
    expect(seen).toEqual([['status.changed', 1]]);
  });
});
