import type { Locator, Page } from '@playwright/test';
import { approvalDialog, expect, expectAccessible, loginByKeyboard, reportKimsPhoneLostByKeyboard, serveCustomer, SUPERVISOR, test, TELLER, typeIdentity, smsCodeSentTo } from './fixtures.js';

/**
 * The form parts a teller meets when something is wrong: the issuer's refusal marks the field it
 * concerns (invalid, described by the alert) until the teller edits it, and an error never
 * outlives the customer or the value it was about.
 */

/** The field is invalid and its description includes the alert saying why. */
async function expectRefusedBy(field: Locator, alert: Locator) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const alertId = await alert.getAttribute('id');
  expect(alertId).toBeTruthy();
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(alertId);
}


test('a wrong SMS code marks the code field invalid, tied to the alert, until the teller types again', async ({ consolePage: page }) => {
  await serveCustomer(page, 'hong');
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await expect(codeField).toBeFocused();
  await expect(codeField).toHaveAttribute('aria-invalid', 'false');
  const code = await smsCodeSentTo(page);
  const wrong = code.replace(/^./, (first) => String((Number(first) + 1) % 10));
  await page.keyboard.type(wrong);
  await page.keyboard.press('Enter');

  const alert = page.getByTestId('otp-wizard').getByRole('alert');
  await expect(alert).toHaveText('SMS 인증번호가 일치하지 않습니다. 남은 시도 횟수: 4회');
  await expectRefusedBy(codeField, alert);
  // The refused code is the next thing to fix: focused and selected, so typing replaces it.
  await expect(codeField).toBeFocused();
  await expectAccessible(page, 'SMS code refused');

  await page.keyboard.type(code.slice(0, 1));
  await expect(codeField).toHaveValue(code.slice(0, 1));
  await expect(codeField).toHaveAttribute('aria-invalid', 'false');
  await expect(alert).toHaveCount(0);
  await page.keyboard.type(code.slice(1));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-app-code')).toHaveText(/^\d{4} \d{4}$/);
});

test("an identity check's error does not stay: editing clears it, and Esc leaves an empty form for the next customer", async ({
  consolePage: page,
}) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  const outcome = page.getByTestId('identity-outcome');

  // A mismatch; correcting the date clears the answer about the old one.
  await typeIdentity(page, 'hong', { issueDate: '2015-03-03' });
  await expect(outcome).toContainText('실명확인 결과가 일치하지 않습니다');
  await expect(page.getByLabel('발급일자')).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(outcome).toHaveCount(0);

  // A rule broken and a mismatch answered, then Esc: the next customer meets an empty form.
  await page.keyboard.press('Enter');
  await expect(page.getByText('날짜는 YYYY-MM-DD 형식으로 입력하세요.')).toBeVisible();
  await expect(page.getByLabel('발급일자')).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  for (const label of ['성명', '주민등록번호', '발급일자']) {
    await expect(page.getByLabel(label)).toHaveValue('');
    await expect(page.getByLabel(label)).toHaveAttribute('aria-invalid', 'false');
  }
  await expect(page.getByText('날짜는 YYYY-MM-DD 형식으로 입력하세요.')).toHaveCount(0);

  await typeIdentity(page, 'hong', { issueDate: '2015-03-03' });
  await expect(outcome).toContainText('실명확인 결과가 일치하지 않습니다');
  await page.keyboard.press('Escape');
  await expect(outcome).toHaveCount(0);
  await typeIdentity(page, 'kim');
  await expect(page.getByTestId('customer-page')).toContainText('고객: 김영희');

  // After 업무 종료, the form is empty again and says nothing about the last customer.
  await page.getByRole('button', { name: '업무 종료 (Esc)' }).press('Enter');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await expect(page.getByLabel('성명')).toHaveValue('');
  await expect(outcome).toHaveCount(0);
  await expectAccessible(page, 'identity check after a customer');
});

/** Every button named apart from its text has that text (less its function key) in its name. */
async function expectLabelsInNames(page: Page) {
  const buttons = page.locator('button[aria-label]:visible');
  expect(await buttons.count()).toBeGreaterThan(0);
  for (const button of await buttons.all()) {
    const visible = (await button.innerText()).replace(/\s*\((F\d+|Enter|Esc)\)$/, '').trim();
    expect(await button.getAttribute('aria-label'), `the button showing "${visible}"`).toContain(visible);
  }
}

test("a wrong supervisor password marks the password field, tied to the alert; each row action's name starts with its label", async ({
  consolePage: page,
}) => {
  await serveCustomer(page, 'kim');
  await reportKimsPhoneLostByKeyboard(page);
  await expectLabelsInNames(page);

  await page.getByRole('button', { name: '분실 해제: 디지털OTP (010-****-6789, 기관 088)' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const dialog = approvalDialog(page);
  await expect(dialog.getByLabel('책임자 직원번호')).toBeFocused();
  await page.keyboard.type(SUPERVISOR.staffId);
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');

  const password = dialog.getByLabel('책임자 비밀번호');
  const alert = dialog.getByRole('alert');
  await expect(alert).toHaveText('직원번호 또는 비밀번호가 올바르지 않습니다. 남은 시도 횟수: 4회');
  await expectRefusedBy(password, alert);
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');
  await expect(dialog.getByLabel('책임자 직원번호')).toHaveAttribute('aria-invalid', 'false');
  await expectAccessible(page, 'supervisor password refused');

  await page.keyboard.type(SUPERVISOR.password.slice(0, 1));
  await expect(password).toHaveAttribute('aria-invalid', 'false');
  await expect(alert).toHaveCount(0);
  await page.keyboard.type(SUPERVISOR.password.slice(1));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '분실 해제 실행 (Enter)' })).toBeFocused();
});
