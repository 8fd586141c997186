import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_PREFERENCES, PreferencesSchema, type Locale, type Preferences, type PreferencesView } from '../../shared/preferences.js';
import { ConsoleError } from './errors.js';

/**
 * The counter's preferences as a small JSON file in the data folder, written atomically. A
 * language set by machine policy wins over the file and cannot be changed at the counter.
 */
export class PreferencesStore {
  private value: Preferences;

  constructor(
    private readonly file: string,
    private readonly policyLocale?: Locale,
  ) {
    this.value = this.read();
  }

  get(): PreferencesView {
    return { ...this.value, ...(this.policyLocale ? { locale: this.policyLocale } : {}), localeSetByPolicy: !!this.policyLocale };
  }

  update(patch: Partial<Preferences>): PreferencesView {
    if (patch.locale && this.policyLocale) {
      throw new ConsoleError('SET_BY_POLICY', 'The console language is set by machine policy');
    }
    this.value = PreferencesSchema.parse({ ...this.value, ...patch });
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.value, null, 2));
    renameSync(temp, this.file);
    return this.get();
  }

  private read(): Preferences {
    try {
      const parsed = PreferencesSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged or older file falls back to the defaults rather than stopping the console.
      return parsed.success ? parsed.data : { ...DEFAULT_PREFERENCES };
    } catch {
      return { ...DEFAULT_PREFERENCES };
    }
  }
}
