import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfigErrorConsole } from '../../main/app/config-error-console.js';
import { loadConfiguration } from '../../main/config/load.js';
import { memoryLog } from '../support/memory-log.js';

describe('the console with a broken configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-error-console-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers its configuration and language, refuses every job, and logs each problem', async () => {
    const loaded = loadConfiguration({ policy: { origin: 'HKLM\\SOFTWARE\\Policies\\BranchOTP\\Console', values: { IssuerUrl: 'http://issuer.example' } }, file: join(dir, 'config.json') });
    expect(loaded.ok).toBe(false);
    const logged = memoryLog();
    const main = createConfigErrorConsole(loaded.view, dir, logged.log);

    expect(await main.router.call('config.get', {})).toEqual({ ok: true, value: loaded.view });
    expect(await main.router.call('preferences.setLocale', { locale: 'en' })).toMatchObject({ ok: true, value: { locale: 'en' } });
    for (const channel of ['status.get', 'staff.login', 'customer.identify', 'training.reset']) {
      expect(await main.router.call(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(logged.entries()).toEqual(['ERROR configuration: issuer.url (policy HKLM\\SOFTWARE\\Policies\\BranchOTP\\Console): NOT_HTTPS the issuer URL must start with https://']);
  });
});
