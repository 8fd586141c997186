import { z } from 'zod';

/**
 * Where a setting's value came from, strongest first: machine policy (the registry on Windows, a
 * policy file elsewhere), the machine's config file, a launch option (development and tests only),
 * or the built-in default.
 */
export const SettingSourceSchema = z.enum(['policy', 'file', 'launch', 'default']);
export type SettingSource = z.infer<typeof SettingSourceSchema>;

/** One setting as IT sees it: its value (secrets never leave main), where it came from. */
export const SettingViewSchema = z.object({
  /** The setting's path in config.json, e.g. `issuer.url`. */
  key: z.string(),
  /** The policy that sets it (registry value / policy file name), when there is one. */
  policy: z.string().nullable(),
  value: z.string().nullable(),
  source: SettingSourceSchema,
  /** The registry key or file the value was read from; null for a default. */
  origin: z.string().nullable(),
});
export type SettingView = z.infer<typeof SettingViewSchema>;

/** Why a configuration was refused; the renderer turns each into a message and a fix. */
export const ConfigProblemRuleSchema = z.enum([
  'UNREADABLE', // the file or the policy could not be read or is not JSON
  'NOT_AN_OBJECT', // null, [] or a scalar where settings belong
  'UNKNOWN_SETTING', // a name the console does not know (a typo IT should see)
  'INVALID_VALUE', // the value breaks the setting's rule (detail says which)
  'NOT_HTTPS', // the issuer must be reached over https
  'CERT_AND_KEY_TOGETHER', // a client certificate without its key, or the reverse
  'ONE_CLIENT_CERTIFICATE', // both PEM files and a certificate-store certificate
  'FILE_MISSING', // a certificate or CA file that cannot be read
]);
export type ConfigProblemRule = z.infer<typeof ConfigProblemRuleSchema>;

export const ConfigProblemSchema = z.object({
  key: z.string(),
  policy: z.string().nullable(),
  source: SettingSourceSchema,
  origin: z.string().nullable(),
  rule: ConfigProblemRuleSchema,
  /** The rule's own words (English), for IT and the log. */
  detail: z.string(),
});
export type ConfigProblem = z.infer<typeof ConfigProblemSchema>;

/** The console's configuration as loaded: every setting with its source, and what is wrong. */
export const ConfigurationViewSchema = z.object({
  policyOrigin: z.string(),
  fileOrigin: z.string(),
  settings: z.array(SettingViewSchema),
  problems: z.array(ConfigProblemSchema),
});
export type ConfigurationView = z.infer<typeof ConfigurationViewSchema>;
