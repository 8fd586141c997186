import { execFile } from 'node:child_process';

/**
 * Reads the values of one registry key through `reg query`, which every Windows has: no native
 * addon to build for Electron's ABI, and the same parser reads what Wine's `reg` prints in tests.
 */
export function parseRegQuery(output: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const line of output.split(/\r?\n/)) {
    // "    Name    REG_SZ    value": names may hold single spaces, the columns are 4 apart.
    const match = /^ {4}(.+?) {4}(REG_SZ|REG_EXPAND_SZ|REG_DWORD) {4}(.*)$/.exec(line);
    if (!match) continue;
    const [, name, type, raw] = match as unknown as [string, string, string, string];
    values[name] = type === 'REG_DWORD' ? Number.parseInt(raw, 16) : raw.trimEnd();
  }
  return values;
}

/** The policy values under `key`; an absent key is no policy (reg exits 1 and says so). */
export function queryRegistryKey(key: string): Promise<Record<string, string | number>> {
  return new Promise((resolve, reject) => {
    execFile('reg', ['query', key], { windowsHide: true, timeout: 10_000 }, (error, stdout) => {
      if (!error) return resolve(parseRegQuery(stdout));
      if ((error as { code?: unknown }).code === 1) return resolve({});
      reject(new Error(`cannot read the policy key ${key}: ${error.message}`));
    });
  });
}
