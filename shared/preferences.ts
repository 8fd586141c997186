import { z } from 'zod';

export const LocaleSchema = z.enum(['ko', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** Per-counter preferences kept by the main process, so they stick across launches and transports. */
export const PreferencesSchema = z.object({ locale: LocaleSchema });
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = { locale: 'ko' };
