import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One value of a registry key, as `reg query` prints it. */
export interface RegValue {
  type: string;
  data: string;
}

/**
 * A Windows of its own for a test: a Wine prefix in a folder the test owns, with a HOME and TMPDIR
 * of its own. Its wineserver is stopped with `wineserver -k` under this prefix only.
 */
export class WinePrefix {
  readonly driveC: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly dir: string) {
    this.driveC = join(dir, 'prefix', 'drive_c');
    const home = join(dir, 'home');
    const tmp = join(dir, 'tmp');
    mkdirSync(home, { recursive: true });
    mkdirSync(tmp, { recursive: true });
    const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...env } = process.env;
    this.env = {
      ...env,
      WINEPREFIX: join(dir, 'prefix'),
      WINEARCH: 'win64',
      WINEDEBUG: '-all',
      HOME: home,
      // Wine keeps its server's socket in a folder under TMPDIR: inside ours, removed with it.
      TMPDIR: tmp,
      // No menu entries or file associations on the host, and no offer to download Mono or Gecko.
      WINEDLLOVERRIDES: 'winemenubuilder.exe=d;mscoree=d;mshtml=d',
    };
  }

  /**
   * Creates the prefix, then cuts its profile folders loose from HOME: Wine links Desktop & co. there,
   * and Wine's msiexec removes a shortcut's folder once empty, following the link.
   */
  async create(): Promise<void> {
    await this.wine('wineboot', ['-i']);
    await this.settle();
    const users = join(this.driveC, 'users');
    for (const user of readdirSync(users)) {
      for (const entry of readdirSync(join(users, user))) {
        const path = join(users, user, entry);
        if (lstatSync(path).isSymbolicLink()) {
          unlinkSync(path);
          mkdirSync(path);
        }
      }
    }
  }

  /**
   * msiexec with a verbose log (in the test's folder), run from the package's folder so that the
   * package is named as IT names it; then waits for the wineserver to exit (registry on disk).
   * Resolves to how long msiexec ran; rejects with the log's last lines on failure.
   */
  async msiexec(args: string[], msi: string): Promise<number> {
    const log = join(this.dir, `msiexec-${Date.now()}.log`);
    const started = performance.now();
    try {
      await this.wine('wine', ['msiexec', ...args.map((arg) => (arg === msi ? basename(msi) : arg)), '/l*v', log], dirname(msi));
      return (performance.now() - started) / 1000;
    } catch (error) {
      const tail = existsSync(log) ? readFileSync(log, 'latin1').split(/\r?\n/).slice(-40).join('\n') : '(no log)';
      throw new Error(`msiexec ${args.join(' ')} failed: ${(error as Error).message}\n${tail}`);
    } finally {
      await this.settle();
    }
  }

  /** `wine reg query <key> [/s]`, answered by the wineserver: the output as printed, '' when there is no such key. */
  async regQuery(key: string, recursive = false): Promise<string> {
    try {
      const { stdout } = await this.wine('wine', ['reg', 'query', key, ...(recursive ? ['/s'] : [])]);
      return stdout;
    } catch {
      return '';
    }
  }

  /** Waits until the wineserver has exited: only then is the registry on disk complete. */
  async settle(): Promise<void> {
    await this.wine('wineserver', ['-w']);
  }

  /** Stops this prefix's wineserver (and what runs in it), then deletes the folder. */
  async remove(): Promise<void> {
    if (existsSync(join(this.dir, 'prefix'))) await this.wine('wineserver', ['-k']).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A path inside drive C:, from its Windows form below C:\ (e.g. 'Program Files/x'). */
  path(relative: string): string {
    return join(this.driveC, relative);
  }

  private wine(command: string, args: string[], cwd = this.dir) {
    return run(command, args, { env: this.env, cwd, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' });
  }
}

/** The values of one key in `reg query` output: name → type and data. */
export function regValues(output: string): Record<string, RegValue> {
  const values: Record<string, RegValue> = {};
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_\w+)(?: {4}(.*))?$/.exec(line);
    if (match) values[match[1]!] = { type: match[2]!, data: match[3] ?? '' };
  }
  return values;
}

/** The subkeys `reg query /s` printed under `key`, each with its values. */
export function regKeys(output: string): Record<string, Record<string, RegValue>> {
  const keys: Record<string, Record<string, RegValue>> = {};
  for (const block of output.split(/\r?\n(?=HKEY_)/)) {
    const [name, ...lines] = block.trim().split(/\r?\n/);
    if (name?.startsWith('HKEY_')) keys[name] = regValues(lines.join('\n'));
  }
  return keys;
}
