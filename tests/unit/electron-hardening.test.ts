import { readFileSync } from 'node:fs';
import type { Certificate } from 'electron';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../main/app/content-security-policy.js';
import { withContentSecurityPolicy } from '../../main/electron/app-protocol.js';
import { pickClientCertificate } from '../../main/electron/client-certificate.js';
import { hardenApp, hardenSession, hardenWebContents, removeMenuWhenPackaged } from '../../main/electron/security.js';
import { mainWindowOptions } from '../../main/electron/window.js';

describe('the Content-Security-Policy', () => {
  it('of the desktop console has no WebSocket source; only the browser host adds its own on 127.0.0.1', () => {
    expect(contentSecurityPolicy()).not.toMatch(/ws:|wss:/);
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
    expect(contentSecurityPolicy('ws://127.0.0.1:*')).toContain("connect-src 'self' ws://127.0.0.1:*;");
  });

  it('is set on what the app:// handler serves, keeping the file’s status and type', async () => {
    const served = withContentSecurityPolicy(new Response('<html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }), contentSecurityPolicy());
    expect(served.headers.get('Content-Security-Policy')).toBe(contentSecurityPolicy());
    expect(served.headers.get('Content-Type')).toBe('text/html');
    expect(await served.text()).toBe('<html></html>');
  });

  it('is not fixed in the page itself, where the browser host’s ws: source would reach the desktop console too', () => {
    expect(readFileSync('renderer/index.html', 'utf8')).not.toMatch(/http-equiv="Content-Security-Policy"/i);
  });
});

describe('pickClientCertificate (Windows certificate store)', () => {
  const now = new Date('2026-12-02T09:00:00Z');
  const at = (iso: string) => Date.parse(iso) / 1000;
  const certificate = (commonName: string, validStart: string, validExpiry: string, serialNumber: string) =>
    ({ subject: { commonName }, validStart: at(validStart), validExpiry: at(validExpiry), serialNumber }) as unknown as Certificate;
  const old = certificate('T-0101-03', '2025-12-01T00:00:00Z', '2026-12-31T00:00:00Z', 'old');
  const renewed = certificate('T-0101-03', '2026-11-20T00:00:00Z', '2027-11-20T00:00:00Z', 'renewed');
  const expired = certificate('T-0101-03', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'expired');
  const notYet = certificate('T-0101-03', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'not-yet');
  const other = certificate('T-0101-04', '2026-01-01T00:00:00Z', '2027-12-01T00:00:00Z', 'other');

  it('takes the configured terminal’s certificate valid now, the renewed one before the old', () => {
    expect(pickClientCertificate([old, other, renewed, expired, notYet], 'T-0101-03', now)?.serialNumber).toBe('renewed');
    expect(pickClientCertificate([old, other], 'T-0101-03', now)?.serialNumber).toBe('old');
  });

  it('takes none rather than another terminal’s or an expired one', () => {
    expect(pickClientCertificate([other, expired, notYet], 'T-0101-03', now)).toBeUndefined();
  });
});

describe('removeMenuWhenPackaged', () => {
  it('removes the application menu from a packaged console and leaves a developer’s', () => {
    const calls: unknown[] = [];
    const menu = { setApplicationMenu: (value: unknown) => void calls.push(value) };
    removeMenuWhenPackaged({ isPackaged: false }, menu);
    expect(calls).toEqual([]);
    removeMenuWhenPackaged({ isPackaged: true }, menu);
    expect(calls).toEqual([null]);
  });
});

describe('deny by default (security.ts) with substituted Electron objects', () => {
  type Listener = (...args: unknown[]) => void;
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(name: string, listener: Listener) {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
        return this;
      },
      emit(name: string, ...args: unknown[]) {
        for (const listener of listeners.get(name) ?? []) listener(...args);
      },
    };
  };
  const event = () => ({ prevented: false, preventDefault() { this.prevented = true; } });

  it('denies navigation of any frame away from app://, as well as of the page', () => {
    const contents = { ...emitter(), setWindowOpenHandler: () => undefined };
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = event();
      const home = event();
      if (name === 'will-frame-navigate') {
        contents.emit(name, Object.assign(away, { url: 'https://evil.example/' }));
        contents.emit(name, Object.assign(home, { url: 'app://console/index.html' }));
      } else {
        contents.emit(name, away, 'https://evil.example/');
        contents.emit(name, home, 'app://console/index.html');
      }
      expect([name, away.prevented, home.prevented]).toEqual([name, true, false]);
    }
  });

  it('denies every permission check, device permission and device chooser (HID, serial, USB)', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      ...emitter(),
      setPermissionRequestHandler: (handler: (...args: unknown[]) => unknown) => void (handlers.request = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => unknown) => void (handlers.check = handler),
      setDevicePermissionHandler: (handler: (...args: unknown[]) => unknown) => void (handlers.device = handler),
    };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);
    const granted: unknown[] = [];
    handlers.request!(null, 'media', (allowed: boolean) => granted.push(allowed));
    expect(granted).toEqual([false]);
    expect(handlers.check!(null, 'hid', 'app://console', {})).toBe(false);
    expect(handlers.device!({ deviceType: 'usb', origin: 'app://console' })).toBe(false);
    for (const name of ['select-hid-device', 'select-serial-port', 'select-usb-device']) {
      const chooser = event();
      const chosen: unknown[] = [];
      const choose = (choice?: unknown) => void chosen.push(choice);
      // select-serial-port passes (event, portList, webContents, callback); the others (event, details, callback).
      if (name === 'select-serial-port') session.emit(name, chooser, [{ portId: 'p1' }], {}, choose);
      else session.emit(name, chooser, { deviceList: [{ deviceId: 'd1' }] }, choose);
      expect([name, chooser.prevented, chosen.length, chosen.some((c) => c === 'd1' || c === 'p1')]).toEqual([name, true, 1, false]);
    }
  });

  it('turns the sandbox on for every renderer before the app is ready', () => {
    const calls: string[] = [];
    hardenApp({ on: () => calls.push('on'), enableSandbox: () => calls.push('enableSandbox') } as unknown as Parameters<typeof hardenApp>[0]);
    expect(calls).toContain('enableSandbox');
  });

  it('opens the window with auxclick (middle-click navigation) disabled', () => {
    expect(mainWindowOptions('preload.cjs', { devTools: false }).webPreferences?.disableBlinkFeatures).toBe('Auxclick');
  });
});
