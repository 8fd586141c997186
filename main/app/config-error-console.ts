import { join } from 'node:path';
import { contract } from '../../shared/contract.js';
import type { ConfigurationView } from '../../shared/configuration.js';
import { ConsoleEvents } from './events.js';
import type { Log } from './log.js';
import { PreferencesStore } from './preferences.js';
import { createRouter } from './router.js';
import type { ConsoleMain } from './console.js';

/** What a console with a broken configuration still answers: its configuration, and its language. */
const configErrorContract = {
  'config.get': contract['config.get'],
  'preferences.get': contract['preferences.get'],
  'preferences.setLocale': contract['preferences.setLocale'],
};

/**
 * The console when its configuration is wrong: no issuer, no journal, no training sandbox, only
 * the configuration-error screen naming each bad setting, its source and the fix. A counter with
 * a broken configuration must never run, least of all in training mode by mistake.
 */
export function createConfigErrorConsole(view: ConfigurationView, dataDir: string, log: Log): ConsoleMain {
  const preferences = new PreferencesStore(join(dataDir, 'preferences.json'));
  for (const problem of view.problems) {
    log.error(`configuration: ${problem.key} (${problem.source}${problem.origin ? ` ${problem.origin}` : ''}): ${problem.rule} ${problem.detail}`);
  }
  const router = createRouter({
    contract: configErrorContract,
    handlers: {
      'config.get': async () => view,
      'preferences.get': async () => preferences.get(),
      'preferences.setLocale': async ({ locale }) => preferences.setLocale(locale),
    },
    sessions: { check: () => ({ error: 'NOT_LOGGED_IN' }) },
    log,
  });
  return { router, events: new ConsoleEvents(), start() {}, async stop() {} };
}
