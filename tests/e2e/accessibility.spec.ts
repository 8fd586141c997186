import { CUSTOMERS } from '../support/issuer-fixtures.js';
import { approvalDialog, approveByKeyboard, askForUnlock, expect, expectAccessible, loginByKeyboard, serveCustomer, SUPERVISOR, test } from './fixtures.js';

test('every screen of a working day passes an axe-core check', async ({ consolePage: page }) => {
  await expect(page.getByLabel('직원번호')).toBeFocused();
  await expectAccessible(page, 'login');
  await loginByKeyboard(page, 'T0001', 'wrong');
  await expect(page.getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'login with an error');

  await page.getByLabel('비밀번호').fill('teller-pass-1');
  await page.getByLabel('비밀번호').press('Enter');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await expectAccessible(page, 'identity check');

  await page.getByLabel('성명').fill('김영희');
  await page.getByLabel('주민등록번호').fill(CUSTOMERS.kim.rrn);
  await page.getByLabel('발급일자').press('Enter');
  await expect(page.getByText('날짜는 YYYY-MM-DD 형식으로 입력하세요.')).toBeVisible();
  await expectAccessible(page, 'identity check with errors');
  await page.getByLabel('신분증 종류').selectOption('DRIVER_LICENSE');
  await page.getByLabel('발급일자').fill(CUSTOMERS.kim.document.issueDate);
  await page.getByLabel('발급일자').press('Enter');
  await expect(page.getByTestId('customer-page')).toBeVisible();
  await expectAccessible(page, 'customer page');

  await page.getByRole('button', { name: /분실 신고: 디지털OTP/ }).click();
  await expectAccessible(page, 'loss report');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: '디지털OTP 등록' }).click();
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).click();
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
  await expectAccessible(page, 'Digital OTP wizard');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: '스마트OTP 카드 (F3)' }).click();
  await page.getByTestId('card-job').getByLabel('벤더코드 (3자리)').fill('003');
  await page.getByTestId('card-job').getByLabel('일련번호 (12자리)').fill('300000000004');
  await page.getByTestId('card-job').getByLabel('일련번호 (12자리)').press('Enter');
  await expect(page.getByTestId('card-proposal')).toBeVisible();
  await expectAccessible(page, 'card job');

  await page.getByRole('button', { name: '교육용 휴대폰' }).click();
  await expectAccessible(page, 'training phone');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('button', { name: '한국어로 전환' })).toBeVisible();
  await expectAccessible(page, 'English');
});

test('the supervisor override, the journal and the lock screen pass an axe-core check', async ({ consolePage: page }) => {
  await serveCustomer(page, 'choi');
  await askForUnlock(page);
  await expectAccessible(page, 'override dialog');
  await approveByKeyboard(page, { staffId: 'T0002', password: 'teller-pass-2' });
  await expect(approvalDialog(page).getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'override dialog with a refusal');
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByTestId('approval-granted')).toBeVisible();
  await expectAccessible(page, 'supervised job, approved');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supervised-done')).toBeVisible();
  await expectAccessible(page, 'device unlocked');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: '전자저널' }).click();
  await expect(page.getByTestId('journal-table')).toBeVisible();
  await expectAccessible(page, 'journal');
  await page.getByLabel('검색').fill('없는 기록');
  await expect(page.getByText('해당하는 기록이 없습니다.')).toBeVisible();
  await expectAccessible(page, 'journal, nothing found');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: '화면 잠금' }).click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expectAccessible(page, 'lock screen');
  await page.keyboard.type('wrong-password');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toBeVisible();
  await expectAccessible(page, 'lock screen with an error');
  await page.getByRole('button', { name: '다른 직원으로 로그인' }).click();
  await expectAccessible(page, 'lock screen, another staff member');
});
