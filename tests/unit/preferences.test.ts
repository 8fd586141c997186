import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/preferences.js';
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
    expect(store.setLocale('en')).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(store.get()).toEqual({ locale: 'en', localeSetByPolicy: false });

    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'en', staffLocales: {} });
  });

  it('switches back and forth and keeps the last choice', () => {
    const store = new PreferencesStore(file);
    store.setLocale('en');
    store.setLocale('ko');
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
  });

  it('creates a missing data folder on first write', () => {
    const nested = join(dir, 'a', 'b', 'preferences.json');
    new PreferencesStore(nested).setLocale('en');
    expect(new PreferencesStore(nested).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
  });

  it('leaves no temporary file behind', () => {
    new PreferencesStore(file).setLocale('en');
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
    store.setLocale('en');
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
  });

  it('throws on an invalid locale and leaves the file and the value unchanged', () => {
    const store = new PreferencesStore(file);
    store.setLocale('en');
    const before = readFileSync(file);

    expect(() => store.setLocale('fr' as Locale)).toThrow();

    expect(readFileSync(file).equals(before)).toBe(true);
    expect(store.get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(new PreferencesStore(file).get()).toEqual({ locale: 'en', localeSetByPolicy: false });
    expect(readdirSync(dir)).toEqual(['preferences.json']);
  });

  it('shows the language a policy sets, whatever the file says, and refuses to change it', () => {
    new PreferencesStore(file).setLocale('en');
    const store = new PreferencesStore(file, 'ko');
    expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: true });
    expect(() => store.setLocale('en')).toThrow(expect.objectContaining({ code: 'SET_BY_POLICY' }));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'en', staffLocales: {} });
  });

  it('does not create a file when the first update is invalid', () => {
    const store = new PreferencesStore(file);
    expect(() => store.setLocale('xx' as Locale)).toThrow();
    expect(existsSync(file)).toBe(false);
    expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
  });

  describe('per staff member', () => {
    it("keeps each staff member's own choice, by staff ID only, beside the terminal's language", () => {
      const store = new PreferencesStore(file);
      expect(store.setLocale('en', 'T0001')).toEqual({ locale: 'en', localeSetByPolicy: false });
      // The terminal (nobody logged in) and another staff member keep the terminal's language.
      expect(store.get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
      expect(store.get('S0001')).toEqual({ locale: 'ko', localeSetByPolicy: false });
      expect(store.get('T0001')).toEqual({ locale: 'en', localeSetByPolicy: false });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'ko', staffLocales: { T0001: 'en' } });
      expect(new PreferencesStore(file).get('T0001')).toEqual({ locale: 'en', localeSetByPolicy: false });
    });

    it("follows the terminal's language until the staff member chooses, then keeps their choice", () => {
      const store = new PreferencesStore(file);
      store.setLocale('en');
      expect(store.get('S0001').locale).toBe('en');
      store.setLocale('ko', 'S0001');
      store.setLocale('en');
      expect(store.get('S0001').locale).toBe('ko');
    });

    it('a policy language wins over every staff choice, and no staff member can change it', () => {
      new PreferencesStore(file).setLocale('en', 'T0001');
      const store = new PreferencesStore(file, 'ko');
      expect(store.get('T0001')).toEqual({ locale: 'ko', localeSetByPolicy: true });
      expect(() => store.setLocale('en', 'T0001')).toThrow(expect.objectContaining({ code: 'SET_BY_POLICY' }));
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ locale: 'ko', staffLocales: { T0001: 'en' } });
    });

    it("forgets the staff members' choices and keeps the terminal's language", () => {
      const store = new PreferencesStore(file);
      store.setLocale('en');
      store.setLocale('ko', 'T0001');
      store.forgetStaffLocales();
      expect(store.get('T0001').locale).toBe('en');
      expect(new PreferencesStore(file).get('T0001').locale).toBe('en');
    });

    it('refuses a staff ID that is not one, and a file holding one falls back to the defaults', () => {
      const store = new PreferencesStore(file);
      expect(() => store.setLocale('en', '홍길동')).toThrow();
      expect(existsSync(file)).toBe(false);
      writeFileSync(file, JSON.stringify({ locale: 'en', staffLocales: { 'not a staff id': 'en' } }));
      expect(new PreferencesStore(file).get()).toEqual({ locale: 'ko', localeSetByPolicy: false });
    });
  });
});
