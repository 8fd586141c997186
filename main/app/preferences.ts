import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PREFERENCES, LocaleSchema, PreferencesSchema, type Locale, type PreferencesView } from '../../shared/preferences.js';
import { StaffIdSchema } from '../../shared/staff.js';
import { ConsoleError } from './errors.js';

/**
 * The file: the terminal's language (before anyone logs in) and each staff member's own choice,
 * by staff ID only (nothing else about them). A file from before per-staff choices has none.
 */
const PreferencesFileSchema = PreferencesSchema.extend({
  staffLocales: z.record(StaffIdSchema, LocaleSchema).default({}),
});
type PreferencesFile = z.infer<typeof PreferencesFileSchema>;

/**
 * The counter's preferences as a small JSON file in the data folder, written atomically. The
 * language is the terminal's while nobody is logged in and the staff member's own once they are
 * (the terminal's until they choose). A language set by machine policy wins over both and cannot
 * be changed at the counter.
 */
export class PreferencesStore {
  private value: PreferencesFile;

  constructor(
    private readonly file: string,
    private readonly policyLocale?: Locale,
  ) {
    this.value = this.read();
  }

  /** The preferences for whoever is logged in (`staffId`), or for the terminal when nobody is. */
  get(staffId: string | null = null): PreferencesView {
    const chosen = (staffId && this.value.staffLocales[staffId]) || this.value.locale;
    return { locale: this.policyLocale ?? chosen, localeSetByPolicy: !!this.policyLocale };
  }

  /** Sets the language of the staff member logged in, or of the terminal when nobody is. */
  setLocale(locale: Locale, staffId: string | null = null): PreferencesView {
    if (this.policyLocale) throw new ConsoleError('SET_BY_POLICY', 'The console language is set by machine policy');
    const next = staffId
      ? { ...this.value, staffLocales: { ...this.value.staffLocales, [staffId]: locale } }
      : { ...this.value, locale };
    this.write(PreferencesFileSchema.parse(next));
    return this.get(staffId);
  }

  /** Forgets every staff member's choice (training: the sandbox's staff are back at their seed). */
  forgetStaffLocales(): void {
    if (Object.keys(this.value.staffLocales).length > 0) this.write({ ...this.value, staffLocales: {} });
  }

  private write(value: PreferencesFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(value, null, 2));
    renameSync(temp, this.file);
    this.value = value;
  }

  private read(): PreferencesFile {
    try {
      const parsed = PreferencesFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged or older file falls back to the defaults rather than stopping the console.
      return parsed.success ? parsed.data : { ...DEFAULT_PREFERENCES, staffLocales: {} };
    } catch {
      return { ...DEFAULT_PREFERENCES, staffLocales: {} };
    }
  }
}
