import { join, sep } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, IpcMain, IpcMainInvokeEvent, IpcRenderer, Session, WebContents } from 'electron';
import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../shared/bridge.js';
import { CHANNELS } from '../../shared/contract.js';
import { IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/events.js';
import { ok, type Result } from '../../shared/result.js';
import { appUrlToFile, APP_ENTRY_URL, isAppUrl } from '../../main/electron/app-protocol.js';
import { isTrustedSender, registerIpc } from '../../main/electron/ipc.js';
import { buildBridge } from '../../main/electron/preload.js';
import { hardenApp, hardenSession, hardenWebContents } from '../../main/electron/security.js';
import { mainWindowOptions } from '../../main/electron/window.js';
import { createRouter, type Handlers, type Router } from '../../main/app/router.js';

// The electron binary cannot run here: the preload gets the smallest stand-in for what it imports.
const fake = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>(),
  ipcRenderer: {
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
    on: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => unknown>(),
    removeListener: vi.fn<(channel: string, listener: (...args: unknown[]) => void) => unknown>(),
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: fake.exposeInMainWorld },
  ipcRenderer: fake.ipcRenderer,
}));

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/opt/console/preload/preload.cjs');
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

  it('passes the preload path through', () => {
    expect(web.preload).toBe('/opt/console/preload/preload.cjs');
    expect(mainWindowOptions('/elsewhere/p.cjs').webPreferences?.preload).toBe('/elsewhere/p.cjs');
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
    const locale = vi.fn(async () => ({ locale: 'en' as const }));
    const handlers = { 'preferences.get': locale } as unknown as Handlers;
    const router = createRouter({ handlers, sessions: { check: () => ({ error: 'NOT_LOGGED_IN' }) }, log: () => {} });
    const { registered } = register(router);

    const result = await handlerFor(registered, 'preferences.get')(eventFrom(MAIN_FRAME), {});
    expect(result).toEqual({ ok: true, value: { locale: 'en' } });
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

describe('preload', () => {
  /** Every value reachable from the object's own properties (functions included), each once. */
  function reachable(root: unknown): unknown[] {
    const seen = new Set<unknown>();
    const walk = (value: unknown) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      for (const key of Reflect.ownKeys(value as object)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && 'value' in descriptor) walk(descriptor.value);
      }
    };
    walk(root);
    return [...seen];
  }

  function exposed(): ConsoleBridge {
    const call = fake.exposeInMainWorld.mock.calls[0];
    if (!call) throw new Error('exposeInMainWorld was not called');
    return call[1] as ConsoleBridge;
  }

  beforeEach(() => {
    fake.ipcRenderer.invoke.mockReset();
    fake.ipcRenderer.on.mockReset();
    fake.ipcRenderer.removeListener.mockReset();
  });

  it('exposes the bridge once, as window.consoleBridge', () => {
    expect(fake.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(fake.exposeInMainWorld.mock.calls[0]?.[0]).toBe(BRIDGE_GLOBAL);
    expect(BRIDGE_GLOBAL).toBe('consoleBridge');
  });

  it('offers exactly the contract’s channels, each invoking its own IPC channel with the input', async () => {
    const bridge = exposed();
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'onEvent']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...CHANNELS].sort());

    for (const channel of CHANNELS) {
      fake.ipcRenderer.invoke.mockReset();
      const answer = { ok: true, value: channel };
      fake.ipcRenderer.invoke.mockResolvedValueOnce(answer);
      const input = { probe: channel };
      const call = bridge.calls[channel] as (input: unknown) => Promise<unknown>;
      expect(typeof call).toBe('function');
      await expect(call(input)).resolves.toBe(answer);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannelName(channel), input);
    }
  });

  it('does not expose ipcRenderer or any of its functions anywhere in the bridge', () => {
    const forbidden = new Set<unknown>([
      fake.ipcRenderer,
      fake.ipcRenderer.invoke,
      fake.ipcRenderer.on,
      fake.ipcRenderer.removeListener,
    ]);
    const values = reachable(exposed());
    expect(values.length).toBeGreaterThan(CHANNELS.length);
    for (const value of values) expect(forbidden.has(value)).toBe(false);
  });

  it('onEvent forwards only (name, payload) and its return value removes the listener', () => {
    const bridge = exposed();
    const listener = vi.fn();
    const off = bridge.onEvent(listener);

    expect(fake.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, forward] = fake.ipcRenderer.on.mock.calls[0] ?? [];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    expect(typeof forward).toBe('function');
    expect(forward).not.toBe(listener);

    const ipcEvent = { sender: fake.ipcRenderer, senderId: 0 };
    forward?.(ipcEvent, { name: 'session.ended', payload: { reason: 'EXPIRED' } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual(['session.ended', { reason: 'EXPIRED' }]);
    for (const arg of listener.mock.calls[0] ?? []) expect(arg).not.toBe(ipcEvent);

    expect(off()).toBeUndefined();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, forward);
  });

  describe('buildBridge', () => {
    const freshIpc = () => ({
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
      on: vi.fn(),
      removeListener: vi.fn(),
    });
    const asIpc = (ipc: ReturnType<typeof freshIpc>) => ipc as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

    it('uses the ipc it is given, not the module’s ipcRenderer', async () => {
      const ipc = freshIpc();
      const bridge = buildBridge(asIpc(ipc));
      await bridge.calls['staff.login']({ staffId: 'T0001', password: 'teller-pass-1' });
      expect(ipc.invoke).toHaveBeenCalledWith('console:call:staff.login', { staffId: 'T0001', password: 'teller-pass-1' });
      expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
    });

    it('keeps listeners apart: removing one leaves the other registered', () => {
      const ipc = freshIpc();
      const bridge = buildBridge(asIpc(ipc));
      const first = vi.fn();
      const second = vi.fn();
      const offFirst = bridge.onEvent(first);
      bridge.onEvent(second);

      const forwards = ipc.on.mock.calls.map((c) => c[1] as (...args: unknown[]) => void);
      expect(forwards).toHaveLength(2);
      expect(forwards[0]).not.toBe(forwards[1]);

      offFirst();
      expect(ipc.removeListener).toHaveBeenCalledTimes(1);
      expect(ipc.removeListener.mock.calls[0]?.[1]).toBe(forwards[0]);

      forwards[1]?.({}, { name: 'status', payload: 1 });
      expect(second).toHaveBeenCalledWith('status', 1);
      expect(first).not.toHaveBeenCalled();
    });

    it('holds no reference to the ipc object it was built from', () => {
      const ipc = freshIpc();
      const values = reachable(buildBridge(asIpc(ipc)));
      for (const value of values) {
        expect([ipc, ipc.invoke, ipc.on, ipc.removeListener]).not.toContain(value);
      }
    });
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
    const app = { on: vi.fn((name: string, listener: Listener) => appListeners.set(name, listener)) };
    hardenApp(app as unknown as Pick<App, 'on'>);
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
    };
    hardenSession(session as unknown as Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>);

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
