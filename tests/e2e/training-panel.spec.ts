import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb } from '../../sandbox/store/store.js';
import { BRANCH_088, codeFromSms, CUSTOMERS, identityCheckBody } from '../support/issuer-fixtures.js';
import { expect, loginByKeyboard, startHost, stopHost, test } from './fixtures.js';

// The training panel plays the customer's phone. The registration itself is started by a second
// counter on the same training sandbox (the teller's wizard comes with the registration job).
test('a trainer reads the SMS, activates the app with the code and uses its OTP, all from the training panel', async ({ page }, testInfo) => {
  mkdirSync(testInfo.outputDir, { recursive: true });
  const sandboxFile = join(testInfo.outputDir, 'training.sqlite');
  const host = await startHost({ args: ['--sandbox-db', sandboxFile] });
  const otherCounter = new SandboxIssuer({ db: openSandboxDb(sandboxFile) });
  const ctx = { terminal: BRANCH_088 };
  try {
    await page.goto(host.url);
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await page.getByRole('button', { name: '교육용 휴대폰' }).press('Enter');
    const panel = page.getByRole('complementary', { name: '교육용 휴대폰' });
    await expect(panel).toBeVisible();

    // Another counter starts 홍길동's registration: an SMS goes to his phone.
    const { token } = await otherCounter.handle('login', { body: { staffId: 'T0002', password: 'teller-pass-2' } }, ctx);
    const check = await otherCounter.handle('identityCheck', { body: identityCheckBody('hong') }, { ...ctx, token });
    const started = await otherCounter.handle(
      'startRegistration',
      { body: { customerRef: check.customerRef!, identityCheckId: check.checkId, mobileNumber: CUSTOMERS.hong.mobile } },
      { ...ctx, token },
    );

    // The trainer reads the SMS in the panel, with a typed number in another spelling.
    await panel.getByLabel('휴대폰 번호').fill('010 1234 5678');
    await panel.getByLabel('휴대폰 번호').press('Enter');
    const sms = panel.getByTestId('training-sms-messages');
    await expect(sms).toContainText(/\d{5}/);
    const code = codeFromSms([{ text: (await sms.locator('li').first().textContent()) ?? '' }]);

    await otherCounter.handle('verifySms', { params: { registrationId: started.registrationId }, body: { code } }, { ...ctx, token });
    const { appRegistrationCode } = await otherCounter.handle('issueAppCode', { params: { registrationId: started.registrationId }, body: {} }, { ...ctx, token });

    // A wrong code first, then a rooted phone, then the real activation.
    await panel.getByLabel('앱 등록번호 (8자리)').fill('1234');
    await panel.getByLabel('앱 등록번호 (8자리)').press('Enter');
    await expect(panel.getByText('앱 등록번호는 숫자 8자리입니다.')).toBeVisible();
    await panel.getByLabel('앱 등록번호 (8자리)').fill(appRegistrationCode);
    await panel.getByLabel('루팅된 휴대폰으로 시도').check();
    await panel.getByLabel('앱 등록번호 (8자리)').press('Enter');
    await expect(panel.getByRole('alert')).toHaveText('루팅되었거나 변경된 운영체제의 휴대폰에서는 디지털OTP를 사용할 수 없습니다.');
    await panel.getByLabel('루팅된 휴대폰으로 시도').uncheck();
    await panel.getByLabel('앱 등록번호 (8자리)').press('Enter');
    await expect(panel.getByText(/앱 등록 완료: 기기/)).toBeVisible();
    const registration = await otherCounter.handle('registration', { params: { registrationId: started.registrationId } }, { ...ctx, token });
    expect(registration.status).toBe('ACTIVATED');
    await expect(panel.getByTestId('training-device-id')).toHaveValue(registration.deviceId!);

    // The app shows its OTP; a wrong one counts as a failure, the right one is accepted.
    await panel.getByRole('button', { name: '현재 OTP 보기' }).click();
    const otp = (await panel.getByTestId('training-current-otp').textContent())!;
    expect(otp).toMatch(/^\d{6}$/);
    await panel.getByLabel('OTP 입력 (6자리)').fill(otp === '000000' ? '111111' : '000000');
    await panel.getByLabel('OTP 입력 (6자리)').press('Enter');
    await expect(panel.getByRole('alert')).toHaveText('OTP 번호가 일치하지 않습니다. 연속 오류 1회');
    await panel.getByLabel('OTP 입력 (6자리)').fill(otp);
    await panel.getByLabel('OTP 입력 (6자리)').press('Enter');
    await expect(panel.getByText('OTP가 승인되었습니다.')).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
  } finally {
    await stopHost(host);
  }
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

