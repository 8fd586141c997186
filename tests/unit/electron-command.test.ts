import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

// The packaged console's --diagnose and --support-bundle: the entry point runs the command instead
// of the console. `electron` is substituted (its binary cannot run here); the command is real.
const fake = vi.hoisted(() => {
  // No pcscd for this test: the PC/SC check must find none within its bounded wait.
  process.env.PCSCLITE_CSOCK_NAME = '/nonexistent/pcscd.comm';
  return {
    dataDir: '',
    exitCodes: [] as number[],
    lockRequested: 0,
    readyAwaited: 0,
    windows: 0,
  };
});

vi.mock('electron', () => ({
  app: {
    on: () => {},
    enableSandbox: () => {},
    isPackaged: false,
    requestSingleInstanceLock: () => {
      fake.lockRequested += 1;
      return true;
    },
    quit: () => {},
    exit: (code: number) => fake.exitCodes.push(code),
    whenReady: () => {
      fake.readyAwaited += 1;
      return Promise.resolve();
    },
    getVersion: () => '0.1.0',
    getPath: () => fake.dataDir,
  },
  BrowserWindow: class {
    constructor() {
      fake.windows += 1;
    }
  },
  dialog: { showErrorBox: () => {} },
  ipcMain: { handle: () => {} },
  Menu: { setApplicationMenu: () => {} },
  net: { fetch: vi.fn() },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
  // The journal check's key is kept by safeStorage on Windows only; here it must not be used.
  safeStorage: {
    isEncryptionAvailable: () => {
      throw new Error('safeStorage used');
    },
  },
  session: { defaultSession: {} },
}));

/** Imports the entry point afresh with these arguments; resolves with what it printed once it exited. */
async function launch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  vi.resetModules();
  fake.exitCodes.length = 0;
  const argv = process.argv;
  process.argv = ['Branch OTP Console.exe', ...args];
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await import('../../main/electron/main.js');
    await vi.waitFor(() => expect(fake.exitCodes).toHaveLength(1), { timeout: 10_000 });
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.argv = argv;
  }
  return { code: fake.exitCodes[0]!, stdout, stderr };
}

describe('the packaged console with a command', () => {
  fake.dataDir = mkdtempSync(join(tmpdir(), 'electron-command-'));
  afterAll(() => rmSync(fake.dataDir, { recursive: true, force: true }));
  afterEach(() => {
    // A command never opens the counter's window nor takes the lock a running console holds.
    expect(fake.windows).toBe(0);
    expect(fake.lockRequested).toBe(0);
    expect(fake.readyAwaited).toBe(0);
  });

  it('--diagnose --json prints the report of this data folder and exits 0 with no FAIL', async () => {
    const { code, stdout, stderr } = await launch('--diagnose', '--json');
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ check: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    expect(report.checks.map((check) => check.check)).toEqual(['configuration', 'issuer', 'pcsc', 'journal', 'data-folder']);
    expect(report.checks.find((check) => check.check === 'pcsc')?.status).toBe('warn');
  });

  it('--support-bundle <folder> writes the bundle and prints its path', async () => {
    const out = join(fake.dataDir, 'bundles');
    const { code, stdout } = await launch('--support-bundle', out);
    expect(code).toBe(0);
    const bundle = stdout.trim();
    expect(bundle.startsWith(join(out, 'support-T-TRAINING-'))).toBe(true);
    expect(readdirSync(bundle)).toEqual(expect.arrayContaining(['configuration.json', 'diagnose.json', 'journal-check.json', 'readers.json']));
  });

  it('--support-bundle without a folder is a usage error, exit 2, nothing written', async () => {
    const { code, stdout, stderr } = await launch('--support-bundle');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/--support-bundle needs the folder to write into/);
    expect(existsSync(join(fake.dataDir, 'logs'))).toBe(false);
  });
});
