import { callChannel, expect, identifyCustomer, loginByKeyboard, resetHost, serveCustomer, test } from './fixtures.js';

// The tests of a spec file share a console host, reset between them: after a reset it must be
// the console a new host is, or one test's leftovers decide the next one's outcome.
test('a reset host is back at the seed: Korean, nobody logged in, no lockout, no report', async ({ consolePage: page, host }) => {
  for (let i = 0; i < 5; i++) await callChannel(page, 'staff.login', { staffId: 'T0002', password: 'not-the-password' });
  expect(await callChannel(page, 'staff.login', { staffId: 'T0002', password: 'teller-pass-2' })).toMatchObject({
    ok: false,
    error: { code: 'STAFF_LOCKED' },
  });
  await serveCustomer(page, 'kim');
  await page.getByRole('button', { name: /^분실 신고: 디지털OTP/ }).click();
  await page.getByRole('button', { name: '신고 (Enter)' }).click();
  await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 분실 신고/ })).toBeVisible();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await resetHost(host);
  await page.reload();
  await expect(page.getByRole('heading', { name: '직원 로그인' })).toBeVisible();
  await loginByKeyboard(page, 'T0002', 'teller-pass-2');
  await expect(page.getByTestId('welcome')).toHaveText('이준호 · T0002 · 창구 직원');
  await identifyCustomer(page, 'kim');
  await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 사용 중 0 \/ 10/ })).toBeVisible();
});
