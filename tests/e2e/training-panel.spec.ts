import type { Page } from '@playwright/test';
import { codeFromSms } from '../support/issuer-fixtures.js';
import { expect, expectAccessible, identifyCustomer, loginByKeyboard, serveCustomer, tabTo, test } from './fixtures.js';

// The training panel plays the phone of the customer being served: the registration under way
// decides whose SMS and which app it shows, and nothing of it stays once the job ends.
const panelOf = (page: Page) => page.getByRole('complementary', { name: '교육용 휴대폰' });

/** The status bar's toggle opens or closes the phone, by keyboard; the counter behind it stays as it was. */
async function togglePhone(page: Page) {
  await page.getByRole('button', { name: '교육용 휴대폰' }).press('Enter');
}

/** The teller starts the Digital OTP registration of the customer on screen: F2, then the number on record by Enter. */
async function startRegistration(page: Page, maskedMobile: string) {
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: maskedMobile })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: '인증번호 보내기 (Enter)' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-sms-sent')).toContainText(`${maskedMobile}로 인증번호`);
}

/** Minutes and seconds of a countdown shown as "… m:ss", in seconds. */
const secondsIn = (text: string | null) => {
  const [, minutes, seconds] = /(\d+):(\d\d)/.exec(text ?? '') ?? [];
  return Number(minutes) * 60 + Number(seconds);
};

test("the phone follows 홍길동's registration, keeps it while closed, counts on the sandbox clock and is empty after 완료 and for the next customer", async ({
  consolePage: page,
}) => {
  await serveCustomer(page, 'hong');
  await togglePhone(page);
  const panel = panelOf(page);
  await expect(panel.getByTestId('training-no-job')).toBeVisible();

  // The registration starts: the phone shows its number, masked, and its SMS with nothing typed.
  await startRegistration(page, '010-****-5678');
  await expect(panel.getByTestId('training-sms-phone')).toHaveText(' · 010-****-5678');
  const sms = panel.getByTestId('training-sms-messages');
  await expect(sms.locator('li')).toHaveCount(1);
  await expect(panel.getByText(/인증번호 남은 시간 [23]:\d\d/)).toBeVisible();
  for (const full of ['010-1234-5678', '01012345678']) await expect(panel).not.toContainText(full);
  const code = codeFromSms([{ text: (await sms.locator('li').first().textContent()) ?? '' }]);

  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await codeField.focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  const appCode = ((await page.getByTestId('otp-app-code').textContent()) ?? '').replace(' ', '');
  expect(appCode).toMatch(/^\d{8}$/);
  await expectAccessible(page, 'training phone during a registration');

  // The app code is valid 30 minutes on the sandbox clock: moving it 3 minutes on takes 3 minutes off.
  const appCodeLeft = panel.getByTestId('training-time-left');
  await expect(appCodeLeft).toHaveText(/앱 등록번호 남은 시간 (29:\d\d|30:00)/);
  const before = secondsIn(await appCodeLeft.textContent());
  await panel.getByRole('button', { name: '3분 앞으로' }).press('Enter');
  await expect(appCodeLeft).toHaveText(/앱 등록번호 남은 시간 2[67]:\d\d/);
  expect(before - secondsIn(await appCodeLeft.textContent())).toBeGreaterThanOrEqual(3 * 60);

  // Closed and opened again, the phone still has the registration.
  await togglePhone(page);
  await expect(panel).toHaveCount(0);
  await togglePhone(page);
  await expect(panel.getByTestId('training-sms-phone')).toHaveText(' · 010-****-5678');
  await expect(panel.getByTestId('training-time-left')).toHaveText(/앱 등록번호 남은 시간 2[67]:\d\d/);

  // The customer activates the app with the code: a wrong format, a rooted phone, then the real one.
  const appCodeField = panel.getByLabel('앱 등록번호 (8자리)');
  await appCodeField.focus();
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');
  await expect(panel.getByText('앱 등록번호는 숫자 8자리입니다.')).toBeVisible();
  await appCodeField.fill('');
  await page.keyboard.type(appCode);
  await panel.getByLabel('루팅된 휴대폰으로 시도').press('Space');
  await appCodeField.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('루팅되었거나 변경된 운영체제의 휴대폰에서는 디지털OTP를 사용할 수 없습니다.');
  await panel.getByLabel('루팅된 휴대폰으로 시도').press('Space');
  await appCodeField.press('Enter');

  // The app of this registration shows its OTP, and keeps showing it after closing and opening.
  await expect(page.getByTestId('otp-activated')).toBeVisible();
  const otpShown = panel.getByTestId('training-current-otp');
  await expect(otpShown).toHaveText(/^\d{6}$/);
  await expect(panel.getByText(/앱 등록 완료: 기기 /)).toBeVisible();
  await expect(panel.getByText(/다음 OTP까지 [01]:\d\d/)).toBeVisible();
  await togglePhone(page);
  await togglePhone(page);
  await expect(otpShown).toHaveText(/^\d{6}$/);
  const otp = (await otpShown.textContent())!;

  // A bank refuses a wrong OTP from the app (a failure counted); the teller checks the right one.
  await panel.getByLabel('OTP 입력 (6자리)').focus();
  await page.keyboard.type(otp === '000000' ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('OTP 번호가 일치하지 않습니다. 연속 오류 1회');
  await page.getByLabel('앱에 표시된 OTP (6자리)').focus();
  await page.keyboard.type((await otpShown.textContent())!);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '완료', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');

  // 완료: the phone forgets the job.
  await expect(panel.getByTestId('training-no-job')).toBeVisible();
  await expect(panel.getByTestId('training-sms-messages')).toHaveCount(0);
  await expect(otpShown).toHaveCount(0);

  // The next customer: Esc ends 홍길동, 김영희 is served; her phone has her SMS and no app yet.
  await page.getByRole('button', { name: '디지털OTP 등록 (F2)' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await identifyCustomer(page, 'kim');
  await expect(page.getByTestId('customer-page')).toContainText('고객: 김영희');
  await expect(panel.getByTestId('training-no-job')).toBeVisible();
  await startRegistration(page, '010-****-6789');
  await expect(panel.getByTestId('training-sms-phone')).toHaveText(' · 010-****-6789');
  await expect(panel.getByTestId('training-sms-messages').locator('li')).toHaveCount(1);
  await expect(otpShown).toHaveCount(0);
  await expect(panel.getByLabel('앱 등록번호 (8자리)')).toHaveValue('');
});

test('the training panel is not offered before login', async ({ consolePage: page }) => {
  await expect(page.getByTestId('training-banner')).toBeVisible();
  await expect(page.getByRole('button', { name: '교육용 휴대폰' })).toHaveCount(0);
});

test('resetting the training sandbox erases what was done and logs the trainer out', async ({ consolePage: page }) => {
  await loginByKeyboard(page, 'T0002', 'teller-pass-2');
  await page.getByRole('button', { name: '교육용 휴대폰' }).click();
  const panel = page.getByRole('complementary', { name: '교육용 휴대폰' });
  await panel.getByRole('button', { name: '3분 앞으로' }).click();
  await expect(panel.getByText(/샌드박스 시각:/)).toBeVisible();
  await panel.getByRole('button', { name: '처음 상태로 초기화…' }).click();
  await expect(panel.getByText('교육용 샌드박스의 모든 기록이 지워지고 로그아웃됩니다.')).toBeVisible();
  await panel.getByRole('button', { name: '초기화', exact: true }).click();
  await expect(page.getByText('로그아웃되었습니다.')).toBeVisible();
  await expect(panel).toHaveCount(0);
});

