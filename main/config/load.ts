import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import type { ConfigProblem, ConfigProblemRule, ConfigurationView, SettingSource, SettingView } from '../../shared/configuration.js';
import { POLICIES, policyForKey } from './policies.js';
import { ConsoleConfigSchema, type ConsoleConfig } from './settings.js';

/** Machine policy as read: its values by policy name, or why it could not be read. */
export type PolicyLayer = { origin: string; values: Record<string, unknown> } | { origin: string; unreadable: string };

export interface ConfigSources {
  /** The registry key or policy file; null when there is none. */
  policy: PolicyLayer | null;
  /** The machine's config.json; a missing file is no file, anything else must be settings. */
  file: string;
  /** Options of a development launch (browser host flags), below policy and above the file. */
  launch?: Record<string, unknown>;
}

export type LoadedConfiguration = { ok: true; config: ConsoleConfig; view: ConfigurationView } | { ok: false; view: ConfigurationView };

/** A value and the layer it came from. */
interface Sourced {
  value: unknown;
  source: SettingSource;
  origin: string | null;
  policy: string | null;
}

const LAUNCH_ORIGIN = 'command line';
const DEFAULT_LEAVES = flatten(ConsoleConfigSchema.parse({})).map(([key, value]) => [key, { value }] as const);
const ISSUER_FILES = ['clientCertFile', 'clientKeyFile', 'caFile'] as const;

/**
 * Builds the console's configuration from its layers, strongest first: machine policy, launch
 * options, the machine's config.json, defaults. Every value keeps its source, so IT sees where it
 * came from; anything wrong (an unreadable file, `null`, a typo, a bad value) is a problem naming
 * the setting and its source, never an empty configuration: a counter must not fall silently into
 * training mode.
 */
export function loadConfiguration(sources: ConfigSources): LoadedConfiguration {
  const problems: ConfigProblem[] = [];
  const values = new Map<string, Sourced>();
  const problem = (key: string, at: Omit<Sourced, 'value'>, rule: ConfigProblemRule, detail: string) =>
    problems.push({ key, policy: at.policy, source: at.source, origin: at.origin, rule, detail });

  const fileAt = { source: 'file', origin: sources.file, policy: null } as const;
  const file = readJsonObject(sources.file);
  if ('rule' in file) problem('(file)', fileAt, file.rule, file.detail);
  else for (const [key, value] of flatten(file.value)) values.set(key, { value, ...fileAt });

  for (const [key, value] of flatten(sources.launch ?? {})) values.set(key, { value, source: 'launch', origin: LAUNCH_ORIGIN, policy: null });

  const policy = sources.policy;
  if (policy && 'unreadable' in policy) {
    problem('(policy)', { source: 'policy', origin: policy.origin, policy: null }, 'UNREADABLE', policy.unreadable);
  } else if (policy) {
    for (const [name, value] of Object.entries(policy.values)) {
      const known = POLICIES.find((candidate) => candidate.name === name);
      const at = { source: 'policy', origin: policy.origin, policy: name } as const;
      if (!known) problem(name, at, 'UNKNOWN_SETTING', `${name} is not a policy of this console`);
      // The registry holds numbers as DWORDs or as digits typed into a string value.
      else values.set(known.key, { value: known.kind === 'number' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value, ...at });
    }
  }

  const sourceOf = (key: string): Omit<Sourced, 'value'> => {
    const exact = values.get(key);
    if (exact) return exact;
    for (const [setKey, set] of values) if (setKey.startsWith(`${key}.`) || key.startsWith(`${setKey}.`)) return set;
    return { source: 'default', origin: null, policy: policyForKey(key)?.name ?? null };
  };
  /** A problem at a key no layer set (one the rules ask for) is the doing of whoever set its group. */
  const problemSourceOf = (key: string): Omit<Sourced, 'value'> => {
    const own = sourceOf(key);
    const group = key.split('.').slice(0, -1).join('.');
    return own.source === 'default' && group ? { ...sourceOf(group), policy: own.policy } : own;
  };

  // Defaults leaf by leaf: a policy setting only the terminal ID keeps the default branch code.
  const parsed = ConsoleConfigSchema.safeParse(unflatten([...DEFAULT_LEAVES, ...values]));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const [key, rule] of problemsOf(issue)) problem(key, problemSourceOf(key), rule, RULE_DETAILS[rule] ?? issue.message);
    }
  }
  const config = parsed.success ? withFilesFrom(dirname(sources.file), parsed.data) : null;
  if (config?.issuer) {
    for (const name of ISSUER_FILES) {
      const path = config.issuer[name];
      if (path && !readable(path)) problem(`issuer.${name}`, sourceOf(`issuer.${name}`), 'FILE_MISSING', `cannot read ${path}`);
    }
  }

  const view: ConfigurationView = {
    policyOrigin: policy?.origin ?? '(none)',
    fileOrigin: sources.file,
    settings: settingsOf(config ?? {}, sourceOf),
    problems,
  };
  return config && problems.length === 0 ? { ok: true, config, view } : { ok: false, view };
}

type FileRead = { value: Record<string, unknown> } | { rule: ConfigProblemRule; detail: string };

/** A JSON object from a file; a missing file is an empty one. */
export function readJsonObject(file: string): FileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: {} };
    return { rule: 'UNREADABLE', detail: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rule: 'UNREADABLE', detail: `not JSON: ${(error as Error).message}` };
  }
  if (!isPlainObject(value)) return { rule: 'NOT_AN_OBJECT', detail: `holds ${JSON.stringify(value)?.slice(0, 40)}, not an object of settings` };
  return { value };
}

/** The machine policy from a JSON policy file (the non-Windows counterpart of the registry key). */
export function readPolicyFile(file: string): PolicyLayer | null {
  const read = readJsonObject(file);
  if ('rule' in read) return { origin: file, unreadable: read.detail };
  return Object.keys(read.value).length === 0 ? null : { origin: file, values: read.value };
}

/** The English words of the settings schema's own rules (the others come from zod). */
const RULE_DETAILS: Partial<Record<ConfigProblemRule, string>> = {
  NOT_HTTPS: 'the issuer URL must start with https://',
  CERT_AND_KEY_TOGETHER: 'clientCertFile and clientKeyFile are set together or not at all',
  ONE_CLIENT_CERTIFICATE: 'clientCertSubject (certificate store) and clientCertFile (PEM) exclude each other',
};

function problemsOf(issue: z.core.$ZodIssue): [string, ConfigProblemRule][] {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((name) => [key ? `${key}.${name}` : name, 'UNKNOWN_SETTING']);
  const named = ['NOT_HTTPS', 'CERT_AND_KEY_TOGETHER', 'ONE_CLIENT_CERTIFICATE'] as const;
  const rule = named.find((code) => code === issue.message) ?? 'INVALID_VALUE';
  return [[key || '(file)', rule]];
}

/** Certificate paths are taken from the config file's folder, wherever the console was started. */
function withFilesFrom(folder: string, config: ConsoleConfig): ConsoleConfig {
  if (!config.issuer) return config;
  const issuer = { ...config.issuer };
  for (const name of ISSUER_FILES) if (issuer[name]) issuer[name] = resolve(folder, issuer[name]);
  return { ...config, issuer };
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every setting IT can look at: the loaded leaves, and each policy's setting even when unset. */
function settingsOf(config: object, sourceOf: (key: string) => Omit<Sourced, 'value'>): SettingView[] {
  const leaves = new Map(flatten(config as Record<string, unknown>));
  for (const policy of POLICIES) if (!leaves.has(policy.key)) leaves.set(policy.key, undefined);
  return [...leaves].map(([key, value]) => {
    const from = sourceOf(key);
    const policy = from.policy ?? policyForKey(key)?.name ?? null;
    return { key, policy, value: value === undefined ? null : displayValue(value), source: from.source, origin: from.origin };
  });
}

/** What IT may see of a value: a URL without credentials, never more than a line. */
function displayValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/(\w+:\/\/)[^/@\s]*@/, '$1***@').slice(0, 200);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ issuer: { url } }` → [['issuer.url', url]]; arrays and scalars are leaves. */
function flatten(object: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(object).flatMap(([name, value]) =>
    isPlainObject(value) && Object.keys(value).length > 0 ? flatten(value, `${prefix}${name}.`) : [[`${prefix}${name}`, value] as [string, unknown]],
  );
}

function unflatten(values: Iterable<readonly [string, { value: unknown }]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, { value }] of values) {
    const names = key.split('.');
    let node = root;
    for (const name of names.slice(0, -1)) {
      // A stronger layer's leaf below a weaker layer's scalar replaces it.
      if (!isPlainObject(node[name])) node[name] = {};
      node = node[name] as Record<string, unknown>;
    }
    node[names.at(-1)!] = value;
  }
  return root;
}
