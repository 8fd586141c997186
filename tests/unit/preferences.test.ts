import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Preferences } from '../../shared/preferences.js';
import { PreferencesStore } from '../../main/app/preferences.js';

describe('PreferencesStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'otp-console-prefs-'));
    file = join(dir, 'preferences.json');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in Korean when there is no file', () => {
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
    expect(existsSync(file)).toBe(false);
  });

  it('persists an update across a new instance', () => {
    const store = new PreferencesStore(file);
    expect(store.update({ locale: 'en' })).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(store.get()).toEqual({ locale: 'en', localeSetByPolicy: false });

    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'en' });
  });

  it('switches back and forth and keeps the last choice', () => {
    const store = new PreferencesStore(file);
    store.update({ locale: 'en' });
    store.update({ locale: 'ko' });
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
  });

  it('creates a missing data folder on first write', () => {
    const nested = join(dir, 'a', 'b', 'preferences.json');
    new PreferencesStore(nested).update({ locale: 'en' });
    expect(new PreferencesStore(nested).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
  });

  it('leaves no temporary file behind', () => {
    new PreferencesStore(file).update({ locale: 'en' });
    expect(readdirSync(dir)).toEqual(['preferences.json']);
  });

  it.each([
    ['not JSON', '{"locale": "en"'],
    ['an empty file', ''],
    ['an unknown locale', '{"locale":"fr"}'],
    ['the wrong shape', '["en"]'],
    ['JSON null', 'null'],
  ])('falls back to the defaults on a corrupt file (%s)', (_label, content) => {
    writeFileSync(file, content);
    const store = new PreferencesStore(file);
    expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
    // and can still save over the damaged file
    store.update({ locale: 'en' });
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
  });

  it('throws on an invalid locale and leaves the file and the value unchanged', () => {
    const store = new PreferencesStore(file);
    store.update({ locale: 'en' });
    const before = readFileSync(file);

    expect(() => store.update({ locale: 'fr' } as unknown as Partial<Preferences>)).toThrow();

    expect(readFileSync(file).equals(before)).toBe(true);
    expect(store.get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(readdirSync(dir)).toEqual(['preferences.json']);
  });

  it('shows the language a policy sets, whatever the file says, and refuses to change it', () => {
    new PreferencesStore(file).update({ locale: 'en' });
    const store = new PreferencesStore(file, 'ko');
    expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: true });
    expect(() => store.update({ locale: 'en' })).toThrow(expect.objectContaining({ code: 'SET_BY_POLICY' }));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'en' });
  });

  it('does not create a file when the first update is invalid', () => {
    const store = new PreferencesStore(file);
    expect(() => store.update({ locale: 'xx' } as unknown as Partial<Preferences>)).toThrow();
    expect(existsSync(file)).toBe(false);
    expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
  });
});
