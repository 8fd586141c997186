import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';
import { ipcChannelName } from '../../shared/events.js';

// The Electron binary cannot run here, so `electron` is the one module substituted: the smallest
// fake that records what the console's entry point asks of it. Everything behind it is real.
const fake = vi.hoisted(() => {
  // This test is about wiring, not PC/SC: keep the reader service away from any running pcscd.
  process.env.PCSCLITE_CSOCK_NAME = '/nonexistent/pcscd.comm';
  const appHandlers = new Map<string, (...args: unknown[]) => void>();
  const windows: Array<{ options: unknown; url?: string; sent: unknown[] }> = [];
  return {
    appHandlers,
    windows,
    dataDir: '',
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, unknown>(),
    ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
    permissionHandlerSet: false,
    sandboxEnabled: false,
    errorBoxes: [] as string[],
    exitCode: undefined as number | undefined,
    quit: vi.fn(),
    setApplicationMenu: vi.fn(),
    safeStorageAsked: vi.fn(),
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    private record: { options: unknown; url?: string; sent: unknown[] };
    webContents = { send: (...args: unknown[]) => this.record.sent.push(args) };
    constructor(options: unknown) {
      this.record = { options, sent: [] };
      fake.windows.push(this.record);
    }
    isDestroyed = () => false;
    once() {}
    show() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
  }
  return {
    app: {
      on: (event: string, handler: (...args: unknown[]) => void) => fake.appHandlers.set(event, handler),
      requestSingleInstanceLock: () => true,
      enableSandbox: () => (fake.sandboxEnabled = true),
      isPackaged: false,
      quit: fake.quit,
      exit: (code: number) => (fake.exitCode = code),
      whenReady: () => Promise.resolve(),
      getVersion: () => '0.1.0',
      getPath: (name: string) => {
        if (name !== 'userData') throw new Error(`unexpected path ${name}`);
        return fake.dataDir;
      },
    },
    BrowserWindow,
    Menu: { setApplicationMenu: fake.setApplicationMenu },
    dialog: { showErrorBox: (_title: string, text: string) => fake.errorBoxes.push(text) },
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => fake.ipcHandlers.set(channel, handler) },
    net: { fetch: vi.fn() },
    // Only Windows keeps the journal key with safeStorage (DPAPI); any use here is recorded.
    safeStorage: {
      isEncryptionAvailable: () => (fake.safeStorageAsked('isEncryptionAvailable'), false),
      encryptString: () => {
        throw new Error('safeStorage used');
      },
      decryptString: () => {
        throw new Error('safeStorage used');
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.schemes.push(...schemes),
      handle: (scheme: string, handler: unknown) => fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (fake.permissionHandlerSet = true),
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
        on: () => {},
      },
    },
  };
});

describe('the Electron entry point', () => {
  fake.dataDir = mkdtempSync(join(tmpdir(), 'electron-main-'));
  afterAll(async () => {
    // Closing the last window stops the console's services and quits.
    fake.appHandlers.get('window-all-closed')?.();
    await vi.waitFor(() => expect(fake.quit).toHaveBeenCalled());
    rmSync(fake.dataDir, { recursive: true, force: true });
  });

  it('starts the console: app:// scheme, hardened session, every channel served, one secure window', async () => {
    await import('../../main/electron/main.js');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

    expect(fake.errorBoxes).toEqual([]);
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.permissionHandlerSet).toBe(true);
    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.appHandlers.has('web-contents-created')).toBe(true);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannelName).sort());

    const [window] = fake.windows;
    expect(window?.url).toBe('app://console/index.html');
    // Its log file, in the data folder, opens with the version and where the configuration came from.
    expect(readFileSync(join(fake.dataDir, 'logs', 'console.log'), 'utf8')).toMatch(/INFO  console 0\.1\.0 starting; configuration: .*\d+ from file \(.*config\.json\), \d+ defaults/);
    expect(window?.options).toMatchObject({
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: expect.stringMatching(/preload\.cjs$/), devTools: true },
    });
    // Unpackaged (a developer's Electron): the menu and devtools stay.
    expect(fake.setApplicationMenu).not.toHaveBeenCalled();
    // Not on Windows: the journal's key is the plain journal.key in the data folder, never safeStorage's.
    if (process.platform !== 'win32') {
      expect(existsSync(join(fake.dataDir, 'journal.key'))).toBe(true);
      expect(existsSync(join(fake.dataDir, 'journal.key.dpapi'))).toBe(false);
      expect(fake.safeStorageAsked).not.toHaveBeenCalled();
    }
  });

  it('answers a call from its own window through the real router, and refuses one from a foreign frame', async () => {
    const handler = fake.ipcHandlers.get(ipcChannelName('staff.login'))!;
    const own = { senderFrame: { parent: null, url: 'app://console/index.html' } };
    const foreign = { senderFrame: { parent: null, url: 'https://example.com/' } };

    expect(await handler(own, { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({
      ok: true,
      value: { staffId: 'T0001', name: '김민지', role: 'TELLER' },
    });
    expect(await handler(foreign, { staffId: 'T0001', password: 'teller-pass-1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });
});
