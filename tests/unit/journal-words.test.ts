import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../renderer/i18n/i18n.js';
import { feeText, firstSentence, journalSearch, resultText } from '../../renderer/screens/journal-words.js';

const ko = createTranslator('ko');
const en = createTranslator('en');

describe("the journal's words", () => {
  it('show a result in words: the plain word, an identity check’s own result, a translated error, an unknown code as it is', () => {
    expect(resultText(ko, 'OK')).toBe('정상');
    expect(firstSentence(resultText(ko, 'MISMATCH'))).toBe('실명확인 결과가 일치하지 않습니다.');
    expect(resultText(ko, 'NOT_A_SUPERVISOR')).toBe(ko.error({ code: 'NOT_A_SUPERVISOR' }));
    expect(firstSentence(resultText(en, 'SMS_CODE_MISMATCH'))).toBe('The SMS code does not match.');
    expect(resultText(ko, 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('turn the words typed into the codes they show, in the language on screen', () => {
    expect(journalSearch(ko, '분실')).toMatchObject({ jobs: ['LOSS_REPORT', 'LOSS_RELEASE'] });
    expect(journalSearch(ko, '실명확인').jobs).toEqual(['IDENTITY_CHECK']);
    expect(journalSearch(ko, '실명확인').results).toContain('MISMATCH');
    expect(journalSearch(ko, '정상').results).toEqual(['OK']);
    expect(journalSearch(en, 'loss REPORT').jobs).toEqual(['LOSS_REPORT', 'LOSS_RELEASE']);
    // Every word must be shown, in any order.
    expect(journalSearch(en, 'report loss released').jobs).toEqual(['LOSS_RELEASE']);
    expect(journalSearch(en, '분실').jobs).toEqual([]);
    expect(journalSearch(ko, '  ')).toEqual({ text: '', jobs: [], results: [] });
  });

  it('show a fee in won as the language writes numbers, and a waiver with its reason', () => {
    expect(feeText(ko.t, { amount: 5000, waiverReason: null })).toBe('5,000원');
    expect(feeText(en.t, { amount: 12000, waiverReason: null })).toBe('KRW 12,000');
    expect(feeText(ko.t, { amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' })).toBe('면제: 발급 1년 이내 불량');
    expect(feeText(ko.t, { amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' })).toBe('면제: 책임자 재량');
    expect(feeText(en.t, { amount: 0, waiverReason: 'DEFECT_WITHIN_1_YEAR' })).toBe('Waived: defect within a year');
    expect(feeText(en.t, { amount: 0, waiverReason: 'SUPERVISOR_DISCRETION' })).toBe("Waived: supervisor's discretion");
    // A reason of a later issuer, unknown here: its code rather than nothing.
    expect(feeText(en.t, { amount: 0, waiverReason: 'SOMETHING_NEW' })).toBe('Waived: SOMETHING_NEW');
    expect(journalSearch(ko, '교체').jobs).toEqual(['CARD_REPLACE']);
  });

  it('mask a full name before it leaves the screen, and leave masked or other text as typed', () => {
    expect(journalSearch(ko, '홍길동').text).toBe('홍*동');
    expect(journalSearch(ko, '남궁민수 900101').text).toBe('남**수 900101');
    expect(journalSearch(ko, '최*우').text).toBe('최*우');
    expect(journalSearch(en, 'dev-kim-digital').text).toBe('dev-kim-digital');
    expect(JSON.stringify(journalSearch(ko, '홍길동'))).not.toContain('홍길동');
  });
});
