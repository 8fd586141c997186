import { z } from 'zod';

export const LocaleSchema = z.enum(['ko', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** Per-counter preferences kept by the main process, so they stick across launches and transports. */
export const PreferencesSchema = z.object({ locale: LocaleSchema });
export type Preferences = z.infer<typeof PreferencesSchema>;

/** The preferences as the renderer sees them: with the language fixed by policy, staff can't change it. */
export const PreferencesViewSchema = PreferencesSchema.extend({ localeSetByPolicy: z.boolean() });
export type PreferencesView = z.infer<typeof PreferencesViewSchema>;

export const DEFAULT_PREFERENCES: Preferences = { locale: 'ko' };
