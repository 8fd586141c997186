import type { Page } from '@playwright/test';
import { callChannel, expect, expectAccessible, serveCustomer, tabTo, test } from './fixtures.js';

const job = (page: Page) => page.getByTestId('mobile-change');
const onRecord = (page: Page) => page.locator('.customer-facts dd').nth(2);

/** Opens the job by keyboard, picks the radio `choice` (its label), types `mobile` in full and sends it with Enter. */
async function changeByKeyboard(page: Page, mobile: string, choice = '새 번호 추가') {
  await tabTo(page, page.getByRole('button', { name: '휴대폰 번호 변경' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('radio', { name: '새 번호 추가' })).toBeFocused();
  for (let i = 0; i < 4 && !(await page.getByRole('radio', { name: choice }).isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: choice })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('새 휴대폰 번호 (전체)')).toBeFocused();
  await page.keyboard.type(mobile);
  await page.keyboard.press('Enter');
}

/** How many number changes the journal holds (a refused one counts: it reached the issuer). */
async function changesJournaled(page: Page): Promise<number> {
  const listed = (await callChannel(page, 'journal.list', { jobs: ['MOBILE_NUMBER_CHANGE'] })) as { ok: true; value: { total: number } };
  return listed.value.total;
}

test.describe('mobile number change', () => {
  test('홍길동 adds a number by keyboard; the page shows it masked only, says who was texted, and F2 registers a Digital OTP on it', async ({
    consolePage: page,
  }) => {
    await serveCustomer(page, 'hong');
    await changeByKeyboard(page, '010-2222-3333');
    await expect(page.getByTestId('mobile-change-done')).toHaveText(
      '휴대폰 번호 010-****-3333을(를) 추가했습니다. 등록된 번호: 010-****-5678, 010-****-3333.',
    );
    await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-5678, 010-****-3333');
    await expect(onRecord(page)).toHaveText('010-****-5678, 010-****-3333');
    // The number typed in full is never shown back.
    expect(await page.content()).not.toMatch(/010-?2222-?3333/);
    await expectAccessible(page, 'mobile change done');
    await expect(page.getByRole('button', { name: '새 번호로 디지털OTP 재등록 (F2)' })).toBeFocused();
    await page.keyboard.press('F2');
    await expect(page.getByTestId('otp-wizard')).toBeVisible();
    await expect(page.getByRole('radio', { name: '010-****-3333' })).toBeChecked();
  });

  test('김영희 replaces her number: the old and the new one are texted; the re-registration button opens on the new one', async ({ consolePage: page }) => {
    await serveCustomer(page, 'kim');
    await changeByKeyboard(page, '01098765432', '010-****-6789을(를) 새 번호로 바꾸기');
    await expect(page.getByTestId('mobile-change-done')).toHaveText('휴대폰 번호 010-****-6789을(를) 010-****-5432(으)로 바꿨습니다. 등록된 번호: 010-****-5432.');
    await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-6789, 010-****-5432');
    // Her app on the old number keeps working until she registers again: the teller says so.
    await expect(page.getByTestId('job-side')).toContainText('010-****-6789에 등록된 디지털OTP는 새 번호로 다시 등록할 때까지 그대로 쓸 수 있습니다.');
    await page.getByRole('button', { name: '새 번호로 디지털OTP 재등록 (F2)' }).press('Enter');
    await expect(page.getByRole('radio', { name: '010-****-5432' })).toBeChecked();
    await expect(page.getByRole('radio', { name: '010-****-6789' })).toHaveCount(0);
  });

  test('a 4th number is refused (TOO_MANY_NUMBERS), in words', async ({ consolePage: page }) => {
    await serveCustomer(page, 'hong');
    await changeByKeyboard(page, '010-2222-3333');
    await expect(page.getByTestId('mobile-change-done')).toBeVisible();
    await changeByKeyboard(page, '010-2222-4444');
    await expect(onRecord(page)).toHaveText('010-****-5678, 010-****-3333, 010-****-4444');
    await changeByKeyboard(page, '010-2222-5555');
    await expect(job(page).getByRole('alert')).toHaveText('휴대폰 번호는 3개까지 등록할 수 있습니다. 기존 번호 하나를 바꾸세요.');
    await expect(onRecord(page)).toHaveText('010-****-5678, 010-****-3333, 010-****-4444');
    // Replacing one instead goes through.
    await page.getByRole('radio', { name: '010-****-3333을(를) 새 번호로 바꾸기' }).check();
    await page.getByRole('button', { name: '변경 (Enter)' }).press('Enter');
    await expect(onRecord(page)).toHaveText('010-****-5678, 010-****-5555, 010-****-4444');
  });

  test("another customer's number (MOBILE_IN_USE) and one on record already (MOBILE_ALREADY_ON_RECORD) are refused on the field", async ({
    consolePage: page,
  }) => {
    await serveCustomer(page, 'hong');
    const field = page.getByLabel('새 휴대폰 번호 (전체)');
    await changeByKeyboard(page, '010-2345-6789');
    await expect(job(page).getByRole('alert')).toHaveText('다른 고객이 등록한 번호입니다. 고객 본인 명의의 번호인지 확인하세요.');
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/다른 고객이 등록한 번호입니다/);
    await expectAccessible(page, 'mobile change refused');
    await page.keyboard.type('010-1234-5678');
    // Editing the refused value clears the refusal.
    await expect(job(page).getByRole('alert')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(job(page).getByRole('alert')).toHaveText('이미 이 고객에게 등록된 번호입니다.');
    await expect(onRecord(page)).toHaveText('010-****-5678');
  });

  test('a number that is no mobile number is refused here, translated, and nothing is sent', async ({ consolePage: page }) => {
    await serveCustomer(page, 'hong');
    const before = await changesJournaled(page);
    await changeByKeyboard(page, '010-12');
    const field = page.getByLabel('새 휴대폰 번호 (전체)');
    await expect(field).toHaveAccessibleDescription(/휴대폰 번호 형식이 아닙니다 \(예: 010-1234-5678\)\./);
    await expect(field).toBeFocused();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByText('Not a mobile number', { exact: false })).toBeVisible();
    expect(await changesJournaled(page)).toBe(before);
  });

  test('a sole proprietor (이철수) is offered no Digital OTP after a change', async ({ consolePage: page }) => {
    await serveCustomer(page, 'lee');
    await changeByKeyboard(page, '010-7777-8888');
    await expect(page.getByTestId('mobile-change-done')).toBeVisible();
    await expect(page.getByTestId('notified')).toBeVisible();
    await expect(page.getByRole('button', { name: /새 번호로 디지털OTP/ })).toHaveCount(0);
  });
});
