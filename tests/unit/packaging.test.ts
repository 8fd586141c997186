import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder can't package here (it downloads Electron and WiX), but its configuration
// can be checked offline with its own schema validator.
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & { files: string[] };

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (config: unknown, debug: unknown) => Promise<void>;
    };
    const debug = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: true }, debug)).rejects.toThrow();
  });

  it('never packages the browser host or the sandbox’s HTTP server and CLI, and ships the sandboxed preload and the renderer', () => {
    expect(config.files).toContain('!dist/main/host/**');
    expect(config.files).toContain('!dist/sandbox/http/**');
    // Training mode runs the sandbox in-process, so its rules and store (and their contract) ship.
    expect(config.files).toEqual(expect.arrayContaining(['dist/sandbox/**/*.js', 'dist/issuer-api/**/*.js', 'dist/shared/**/*.js']));
    expect(config.files).toContain('dist/preload/**');
    expect(config.files).toContain('dist/renderer/**');
  });

  it('builds an MSI for Windows counter PCs', () => {
    expect(JSON.stringify(config.win)).toContain('"target":"msi"');
  });
});
