import { expect, serveCustomer, test } from './fixtures.js';

test.describe('lost or stolen device', () => {
  test.beforeEach(async ({ consolePage: page }) => {
    await serveCustomer(page, 'kim');
  });

  test("김영희's stolen phone is reported by keyboard, named in full, and stops at once", async ({ consolePage: page }) => {
    const open = page.getByRole('button', { name: '분실 신고: 디지털OTP (010-****-6789, 기관 088)' });
    await open.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('radio', { name: '분실' })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: '도난' })).toBeChecked();
    await expect(page.getByTestId('loss-confirm-sentence')).toHaveText(
      '김영희 고객의 디지털OTP (010-****-6789, 기관 088)를 도난 신고합니다. 모든 기관에서 즉시 사용이 중지됩니다.',
    );
    await page.keyboard.press('Tab');
    await page.keyboard.type('지하철에서 도난');
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('loss-receipt')).toContainText(/^도난 신고가 접수되었습니다: 디지털OTP \(010-\*\*\*\*-6789, 기관 088\)\. 접수번호 \d{8}-\d{6},/);
    await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 도난 신고됨/ })).toBeVisible();
    // Reported once, it cannot be reported again: the button stays, disabled, with the reason.
    await expect(page.getByRole('button', { name: /분실 신고: 디지털OTP/ })).toBeDisabled();
    await expect(page.getByRole('button', { name: /분실 신고: 디지털OTP/ })).toHaveAccessibleDescription('도난 신고됨 상태라 할 수 없음');
  });

  test('a card reported lost here is lost at the institution that issued it', async ({ consolePage: page }) => {
    await page.getByRole('button', { name: '분실 신고: 스마트OTP 카드 (003 · 3000****0004, 기관 020)' }).click();
    await page.getByRole('button', { name: '신고 (Enter)' }).click();
    await expect(page.getByTestId('loss-receipt')).toBeVisible();
    await expect(page.getByTestId('devices').getByRole('row', { name: /스마트OTP 카드 020 분실 신고됨/ })).toBeVisible();
  });

  test('Esc backs out of the report without filing it, and leaves the customer on screen', async ({ consolePage: page }) => {
    await page.getByRole('button', { name: /분실 신고: 디지털OTP/ }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('loss-confirm-sentence')).toHaveCount(0);
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 사용 중/ })).toBeVisible();
  });
});
