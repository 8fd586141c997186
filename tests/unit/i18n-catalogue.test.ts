import { describe, expect, it } from 'vitest';
import { ErrorCodeSchema } from '../../shared/errors.js';
import { en, errors as enErrors } from '../../renderer/i18n/en.js';
import { createTranslator } from '../../renderer/i18n/i18n.js';
import { ko, errors as koErrors } from '../../renderer/i18n/ko.js';

// `{name}`, or a count's plural form `{name, plural, …}`.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  it('have the same keys, and each English text uses the same placeholders as the Korean one', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
      expect(ko[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('explain every error code in both languages, Korean in Hangul', () => {
    for (const code of ErrorCodeSchema.options) {
      expect(koErrors[code], code).toMatch(/[가-힣]/);
      expect(enErrors[code], code).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('fill placeholders and add the attempts left to a wrong-password message', () => {
    const ko = createTranslator('ko');
    expect(ko.t('home.staff', { name: '김민지', staffId: 'T0001', role: '창구 직원' })).toBe('김민지 · T0001 · 창구 직원');
    expect(ko.error({ code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 2 } })).toBe(
      '직원번호 또는 비밀번호가 올바르지 않습니다. 남은 시도 횟수: 2회',
    );
    expect(createTranslator('en').error({ code: 'STAFF_LOCKED' })).toMatch(/locked after 5 wrong passwords/);
  });

  it('write numbers as each language does, and a count in its plural form', () => {
    const [ko, en] = [createTranslator('ko'), createTranslator('en')];
    expect(ko.t('journal.showing', { total: 1200, first: 1, last: 500 })).toBe('1,200건 중 1–500번째');
    expect(en.t('journal.showing', { total: 1200, first: 1001, last: 1200 })).toBe('Entries 1,001–1,200 of 1,200');
    const sent = (resendsLeft: number) => ({ mobile: '010-****-5678', left: '3:00', resendsLeft });
    expect(en.t('otp.smsSent', sent(1))).toBe('A 5-digit code was sent to 010-****-5678. Time left 3:00; 1 resend left.');
    expect(en.t('otp.smsSent', sent(3))).toBe('A 5-digit code was sent to 010-****-5678. Time left 3:00; 3 resends left.');
    expect(ko.t('otp.smsSent', sent(1))).toBe('010-****-5678로 인증번호 5자리를 보냈습니다. 남은 시간 3:00, 재전송 1회 가능.');
  });

  it('fall back to the internal-error text for a code the catalogue does not know', () => {
    const unknown = { code: 'SOMETHING_NEW' } as unknown as Parameters<ReturnType<typeof createTranslator>['error']>[0];
    expect(createTranslator('en').error(unknown)).toBe(enErrors.INTERNAL);
  });
});
