import type { Page } from '@playwright/test';
import { CUSTOMERS, type SeedCustomer } from '../support/issuer-fixtures.js';
import { expect, loginByKeyboard, test } from './fixtures.js';

const DOCUMENT_LABEL = { RESIDENT_CARD: '주민등록증', DRIVER_LICENSE: '운전면허증', PASSPORT: '여권' } as const;

/** Fills the identity check by keyboard only, as a teller does: Tab between fields, Enter at the end. */
async function identifyByKeyboard(page: Page, who: SeedCustomer, overrides: { rrn?: string; issueDate?: string } = {}) {
  const { name, rrn, document } = CUSTOMERS[who];
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await page.getByLabel('신분증 종류').selectOption({ label: DOCUMENT_LABEL[document.type] });
  await page.keyboard.press('Tab');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(overrides.rrn ?? rrn.replace('-', ''));
  await page.keyboard.press('Tab');
  await page.keyboard.type(overrides.issueDate ?? document.issueDate);
  await page.keyboard.press('Enter');
}

test.describe('identity check and the customer page', () => {
  test.beforeEach(async ({ consolePage: page }) => {
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
  });

  test('going back to a typed RRN selects it, so typing it again replaces it instead of adding to it', async ({ consolePage: page }) => {
    const { name, rrn, document } = CUSTOMERS.hong;
    await page.getByLabel('신분증 종류').selectOption({ label: DOCUMENT_LABEL[document.type] });
    await page.keyboard.press('Tab');
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type('8001011123456'); // a wrong number, noticed after leaving the field
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('주민등록번호')).toHaveValue('800101-1******');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(rrn.replace('-', ''));
    await expect(page.getByLabel('주민등록번호')).toHaveValue(rrn.replace('-', ''));
    await page.keyboard.press('Tab');
    await page.keyboard.type(document.issueDate);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('customer-page')).toContainText('900101-1******');
  });

  test('홍길동 is verified by keyboard; the RRN shows masked; Esc ends the job and clears him from the screen', async ({ consolePage: page }) => {
    await identifyByKeyboard(page, 'hong');
    const customer = page.getByTestId('customer-page');
    // The first thing to do for him has focus: his first job.
    await expect(customer.getByRole('button', { name: '디지털OTP 등록' })).toBeFocused();
    await expect(customer).toContainText('900101-1******');
    await expect(customer).toContainText('010-****-5678');
    await expect(customer).toContainText('등록된 OTP가 없습니다.');
    expect(await page.content()).not.toContain('1123459');

    await page.keyboard.press('Escape');
    await expect(customer).toHaveCount(0);
    expect(await page.content()).not.toContain('홍길동');
    await expect(page.getByLabel('신분증 종류')).toBeFocused();
  });

  test("김영희's devices at every institution, and 최지우's restricted one with its failure count", async ({ consolePage: page }) => {
    await identifyByKeyboard(page, 'kim');
    const devices = page.getByTestId('devices');
    await expect(devices.getByRole('row', { name: /디지털OTP 088 사용 중 0 \/ 10 010-\*\*\*\*-6789/ })).toBeVisible();
    await expect(devices.getByRole('row', { name: /스마트OTP 카드 020 사용 중 0 \/ 10 003 · 3000\*\*\*\*0004/ })).toBeVisible();
    await page.getByRole('button', { name: '업무 종료 (Esc)' }).press('Enter');

    await identifyByKeyboard(page, 'choi');
    await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 이용 제한 10 \/ 10/ })).toBeVisible();
  });

  test('a number without the old check digit (박서준) is a visible warning, never a block', async ({ consolePage: page }) => {
    await page.getByLabel('주민등록번호').fill('010203-3123452');
    await expect(page.getByTestId('rrn-checksum-warning')).toBeVisible();
    await page.reload();
    await identifyByKeyboard(page, 'park');
    await expect(page.getByTestId('customer-page')).toContainText('고객: 박서준');
    await expect(page.getByTestId('customer-page')).toContainText('검증번호가 맞지 않습니다');
  });

  test('a mismatch and a document reported lost are explained; bad input is caught before asking', async ({ consolePage: page }) => {
    await identifyByKeyboard(page, 'hong', { issueDate: '2015-03-03' });
    await expect(page.getByTestId('identity-outcome')).toHaveText(
      '실명확인 결과가 일치하지 않습니다. 신분증의 성명, 주민등록번호, 발급일자를 다시 확인하세요.',
    );
    await page.reload();
    await identifyByKeyboard(page, 'jung');
    await expect(page.getByTestId('identity-outcome')).toContainText('분실 신고된 신분증입니다');

    await page.reload();
    await identifyByKeyboard(page, 'hong', { rrn: '9013011123459', issueDate: '2015-02-30' });
    await expect(page.getByText('주민등록번호의 생년월일이 올바른 날짜가 아닙니다.')).toBeVisible();
    await expect(page.getByText('존재하지 않는 날짜입니다.')).toBeVisible();
    await expect(page.getByLabel('주민등록번호')).toBeFocused();
  });
});
