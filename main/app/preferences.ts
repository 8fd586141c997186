import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_PREFERENCES, PreferencesSchema, type Preferences } from '../../shared/preferences.js';

/** The counter's preferences as a small JSON file in the data folder, written atomically. */
export class PreferencesStore {
  private value: Preferences;

  constructor(private readonly file: string) {
    this.value = this.read();
  }

  get(): Preferences {
    return this.value;
  }

  update(patch: Partial<Preferences>): Preferences {
    this.value = PreferencesSchema.parse({ ...this.value, ...patch });
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.value, null, 2));
    renameSync(temp, this.file);
    return this.value;
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
