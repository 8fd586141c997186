import { join, sep } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { App, IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { CHANNELS } from '../../shared/contract.js';
import { ipcChannelName } from '../../shared/events.js';
import { ok, type Result } from '../../shared/result.js';
import { appUrlToFile, APP_ENTRY_URL, isAppUrl } from '../../main/electron/app-protocol.js';
import { isTrustedSender, registerIpc } from '../../main/electron/ipc.js';
import { hardenApp, hardenSession, hardenWebContents } from '../../main/electron/security.js';
import { mainWindowOptions } from '../../main/electron/window.js';
import { createRouter, type Handlers, type Router } from '../../main/app/router.js';
import { silentLog } from '../support/memory-log.js';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/opt/console/preload/preload.cjs', { devTools: false });
  const web = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
  });

  it('has no devtools when packaged, and devtools for a developer', () => {
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('passes the preload path through', () => {
    expect(web.preload).toBe('/opt/console/preload/preload.cjs');
    expect(mainWindowOptions('/elsewhere/p.cjs', { devTools: true }).webPreferences?.preload).toBe('/elsewhere/p.cjs');
  });
});

describe('registerIpc', () => {
  type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

  const MAIN_FRAME = { parent: null, url: 'app://console/index.html' };

  function register(router: Router) {
    const registered = new Map<string, InvokeHandler[]>();
    const handle = vi.fn((channel: string, listener: InvokeHandler) => {
      registered.set(channel, [...(registered.get(channel) ?? []), listener]);
    });
    registerIpc({ handle } as unknown as Pick<IpcMain, 'handle'>, router);
    return { handle, registered };
  }

  const eventFrom = (senderFrame: unknown) => ({ senderFrame }) as unknown as IpcMainInvokeEvent;

  function handlerFor(registered: Map<string, InvokeHandler[]>, channel: string): InvokeHandler {
    const handler = registered.get(ipcChannelName(channel))?.[0];
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler;
  }

  const fakeRouter = () => {
    const call = vi.fn(async (_channel: unknown, _input: unknown): Promise<Result<unknown>> => ok('routed'));
    return { router: { call } satisfies Router, call };
  };

  it('registers exactly one handler per contract channel, named by ipcChannelName', () => {
    const { handle, registered } = register(fakeRouter().router);
    expect(handle).toHaveBeenCalledTimes(CHANNELS.length);
    expect([...registered.keys()].sort()).toEqual(CHANNELS.map(ipcChannelName).sort());
    for (const listeners of registered.values()) expect(listeners).toHaveLength(1);
  });

  it('routes a call from the console’s main frame to its own channel', async () => {
    const { router, call } = fakeRouter();
    const { registered } = register(router);
    for (const channel of CHANNELS) {
      call.mockClear();
      const input = { marker: channel };
      const result = await handlerFor(registered, channel)(eventFrom(MAIN_FRAME), input);
      expect(result).toEqual({ ok: true, value: 'routed' });
      expect(call).toHaveBeenCalledTimes(1);
      expect(call).toHaveBeenCalledWith(channel, input);
    }
  });

  it('serves a real router end to end', async () => {
    const locale = vi.fn(async () => ({ locale: 'en' as const, localeSetByPolicy: false }));
    const handlers = { 'preferences.get': locale } as unknown as Handlers;
    const router = createRouter({ handlers, sessions: { check: () => ({ error: 'NOT_LOGGED_IN' }) }, log: silentLog });
    const { registered } = register(router);

    const result = await handlerFor(registered, 'preferences.get')(eventFrom(MAIN_FRAME), {});
    expect(result).toEqual({ ok: true, value: { locale: 'en', localeSetByPolicy: false } });
    expect(locale).toHaveBeenCalledTimes(1);

    const refused = await handlerFor(registered, 'preferences.get')(eventFrom({ parent: {}, url: MAIN_FRAME.url }), {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(locale).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a subframe of the console', { parent: MAIN_FRAME, url: 'app://console/index.html' }],
    ['another web origin', { parent: null, url: 'https://evil.example/' }],
    ['a local file', { parent: null, url: 'file:///etc/passwd' }],
    ['another app:// host', { parent: null, url: 'app://other/' }],
    ['a look-alike host', { parent: null, url: 'app://console.evil.example/index.html' }],
    ['an http page named console', { parent: null, url: 'http://console/index.html' }],
    ['a frame with no URL', { parent: null, url: '' }],
    ['a null senderFrame', null],
    ['a missing senderFrame', undefined],
  ])('refuses %s with FORBIDDEN_SENDER and never calls the router', async (_label, frame) => {
    const { router, call } = fakeRouter();
    const { registered } = register(router);
    for (const channel of CHANNELS) {
      const result = await handlerFor(registered, channel)(eventFrom(frame), {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('isTrustedSender accepts only the top-level app://console frame', () => {
    type Frame = Parameters<typeof isTrustedSender>[0];
    expect(isTrustedSender(MAIN_FRAME as unknown as Frame)).toBe(true);
    expect(isTrustedSender({ parent: MAIN_FRAME, url: MAIN_FRAME.url } as unknown as Frame)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
describe('security', () => {
  type Listener = (...args: unknown[]) => unknown;

  function fakeContents() {
    const listeners = new Map<string, Listener[]>();
    const contents = {
      setWindowOpenHandler: vi.fn<(handler: (details: { url: string }) => unknown) => void>(),
      on: vi.fn((name: string, listener: Listener) => {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
        return contents;
      }),
    };
    const emit = (name: string, ...args: unknown[]) => {
      for (const listener of listeners.get(name) ?? []) listener(...args);
    };
    return { contents, listeners, emit, asContents: contents as unknown as Pick<WebContents, 'setWindowOpenHandler' | 'on'> };
  }

  const navEvent = () => ({ preventDefault: vi.fn() });

  it('denies every new window', () => {
    const { contents, asContents } = fakeContents();
    hardenWebContents(asContents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0];
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'app://console/index.html' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect'])('%s: prevents leaving the console, allows app://console', (name) => {
    const { listeners, emit, asContents } = fakeContents();
    hardenWebContents(asContents);
    expect(listeners.get(name)).toHaveLength(1);

    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      const event = navEvent();
      emit(name, event, url);
      expect(event.preventDefault, url).toHaveBeenCalledTimes(1);
    }
    for (const url of ['app://console/x.html', APP_ENTRY_URL]) {
      const event = navEvent();
      emit(name, event, url);
      expect(event.preventDefault, url).not.toHaveBeenCalled();
    }
  });

  it('prevents attaching a webview', () => {
    const { listeners, emit, asContents } = fakeContents();
    hardenWebContents(asContents);
    expect(listeners.get('will-attach-webview')).toHaveLength(1);
    const event = navEvent();
    emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('hardenApp hardens every web contents created', () => {
    const appListeners = new Map<string, Listener>();
    const app = { on: vi.fn((name: string, listener: Listener) => appListeners.set(name, listener)), enableSandbox: vi.fn() };
    hardenApp(app as unknown as Parameters<typeof hardenApp>[0]);
    const created = appListeners.get('web-contents-created');
    expect(created).toBeDefined();

    const { contents, listeners } = fakeContents();
    created?.({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(listeners.has('will-navigate')).toBe(true);
  });

  it('hardenSession denies every permission request and check', () => {
    let requestHandler: Listener | undefined;
    let checkHandler: Listener | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn((h: Listener) => {
        requestHandler = h;
      }),
      setPermissionCheckHandler: vi.fn((h: Listener) => {
        checkHandler = h;
      }),
      setDevicePermissionHandler: vi.fn(),
      on: vi.fn(),
    };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      requestHandler?.({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledTimes(1);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(checkHandler?.({}, permission, 'app://console', {}), permission).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  const rendererDir = join(sep, 'opt', 'console', 'dist', 'renderer');
  const inside = (file: string | null) => file !== null && file.startsWith(rendererDir + sep);

  it('maps app://console/ to index.html', () => {
    expect(appUrlToFile('app://console/', rendererDir)).toBe(join(rendererDir, 'index.html'));
    expect(appUrlToFile(APP_ENTRY_URL, rendererDir)).toBe(join(rendererDir, 'index.html'));
  });

  it('maps files inside the renderer folder', () => {
    expect(appUrlToFile('app://console/assets/index-abc.js', rendererDir)).toBe(join(rendererDir, 'assets', 'index-abc.js'));
    expect(appUrlToFile('app://console/assets/a%20b.css?v=1#x', rendererDir)).toBe(join(rendererDir, 'assets', 'a b.css'));
  });

  it('accepts a renderer folder given with a trailing separator', () => {
    expect(appUrlToFile('app://console/', rendererDir + sep)).toBe(join(rendererDir, 'index.html'));
  });

  it('never answers a file outside the renderer folder for dot segments', () => {
    for (const url of ['app://console/../../etc/passwd', 'app://console/%2e%2e/%2e%2e/etc/passwd', 'app://console/a/../../../etc/passwd']) {
      const file = appUrlToFile(url, rendererDir);
      expect(file === null || inside(file), `${url} -> ${file}`).toBe(true);
      expect(file).not.toBe(join(sep, 'etc', 'passwd'));
    }
  });

  it.each([
    'app://console/..%2f..%2fetc%2fpasswd',
    'app://console/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://console/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://console/..%2frenderer-evil%2findex.html',
    'app://console/%2e%2e%2f',
    'app://console/%',
    'app://console/%E0%A4%A',
  ])('refuses encoded traversal %s', (url) => {
    expect(appUrlToFile(url, rendererDir)).toBeNull();
  });

  it.each([
    'app://other/index.html',
    'app://console.evil.example/index.html',
    'https://console/index.html',
    'http://console/index.html',
    'file:///opt/console/dist/renderer/index.html',
    'not a url',
    '',
  ])('refuses %s (not ours)', (url) => {
    expect(appUrlToFile(url, rendererDir)).toBeNull();
    expect(isAppUrl(url)).toBe(false);
  });
});
