import type { Page } from '@playwright/test';
import { codeFromSms, CUSTOMERS } from '../support/issuer-fixtures.js';
import { countedKeyboard, expect, loginByKeyboard, serveCustomer, test, smsCodeSentTo } from './fixtures.js';

/** The trainer plays the customer's phone from the training panel. */
async function phone(page: Page) {
  const toggle = page.getByRole('button', { name: '교육용 휴대폰' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.getByRole('complementary', { name: '교육용 휴대폰' });
}

test('a new teller takes 홍길동 from identity check to an activated Digital OTP by keyboard', async ({ consolePage: page }, testInfo) => {
  const started = Date.now();
  const keys = countedKeyboard(page);
  await loginByKeyboard(page, 'T0001', 'teller-pass-1');

  // Identity check: focus is on the document type, which starts on 주민등록증.
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await keys.press('Tab');
  await keys.type(CUSTOMERS.hong.name);
  await keys.press('Tab');
  await keys.type('9001011123459');
  await keys.press('Tab');
  await keys.type('2015-03-02');
  await keys.press('Enter');
  await expect(page.getByRole('button', { name: '디지털OTP 등록' })).toBeFocused();

  // Mobile number on record, then send the SMS.
  await keys.tabTo(page.getByRole('button', { name: '디지털OTP 등록' }));
  await keys.press('Enter');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await keys.tabTo(page.getByRole('button', { name: '인증번호 보내기 (Enter)' }));
  await keys.press('Enter');
  await expect(page.getByTestId('otp-sms-sent')).toContainText('010-****-5678로 인증번호 5자리를 보냈습니다. 남은 시간 3:00');

  // The customer shows the code from their phone (the trainer reads it in the panel, which follows the registration).
  const panel = await phone(page);
  const code = codeFromSms([{ text: (await panel.getByTestId('training-sms-messages').locator('li').first().textContent()) ?? '' }]);

  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await codeField.focus();
  await keys.type(code === '00000' ? '11111' : '00000');
  await keys.press('Enter');
  await expect(page.getByTestId('otp-wizard').getByRole('alert')).toHaveText('SMS 인증번호가 일치하지 않습니다. 남은 시도 횟수: 4회');
  await codeField.fill('');
  await keys.type(code);
  await keys.press('Enter');

  // The app registration code, shown large; the customer types it into the app (the panel plays it).
  const appCode = page.getByTestId('otp-app-code');
  await expect(appCode).toHaveText(/^\d{4} \d{4}$/);
  await expect(page.getByTestId('otp-live-status')).toHaveText('고객이 앱에 등록번호를 입력하기를 기다리는 중…');
  await panel.getByLabel('앱 등록번호 (8자리)').fill(((await appCode.textContent()) ?? '').replace(' ', ''));
  await panel.getByLabel('앱 등록번호 (8자리)').press('Enter');

  // Activation appears without a click; then the first OTP.
  await expect(page.getByTestId('otp-activated')).toBeVisible();
  await expect(panel.getByTestId('training-current-otp')).toHaveText(/^\d{6}$/);
  const otp = (await panel.getByTestId('training-current-otp').textContent())!;
  await page.getByLabel('앱에 표시된 OTP (6자리)').focus();
  await keys.type(otp);
  await keys.press('Enter');
  await expect(page.getByTestId('otp-done')).toHaveText('디지털OTP 등록이 완료되었고 첫 OTP도 확인되었습니다.');
  // Focus reaches the step's button just after the step shows: a key pressed before would go astray.
  await expect(page.getByRole('button', { name: '완료', exact: true })).toBeFocused();
  await keys.press('Enter');
  await expect(page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 사용 중 0 \/ 10 010-\*\*\*\*-5678/ })).toBeVisible();

  const seconds = (Date.now() - started) / 1000;
  testInfo.annotations.push({ type: 'teller keystrokes', description: String(keys.keystrokes) }, { type: 'seconds', description: seconds.toFixed(1) });
  console.log(`Digital OTP registration by keyboard: ${keys.keystrokes} teller keystrokes (login excluded), ${seconds.toFixed(1)} s`);
});

test("김영희 is told her Digital OTP in use will be replaced, and Esc cancels the registration", async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  await page.getByRole('button', { name: '디지털OTP 등록' }).click();
  await expect(page.getByTestId('otp-replace-warning')).toHaveText(
    '이미 사용 중인 디지털OTP (010-****-6789, 기관 088)는 새 앱이 등록되면 교체됩니다 (1인 1기기).',
  );
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).click();
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
  // Esc inside the wizard cancels it; until focus has reached the code field it would end the whole job.
  await expect(page.getByLabel('고객이 보여 준 인증번호 (5자리)')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('otp-wizard')).toHaveCount(0);
  await expect(page.getByTestId('customer-page')).toBeVisible();
});

test('a sole proprietor (이철수) is shown Digital OTP registration disabled, with the reason', async ({ consolePage: page }) => {
  await serveCustomer(page, 'lee');
  await expect(page.getByTestId('customer-page')).toContainText('개인사업자');
  const register = page.getByRole('button', { name: '디지털OTP 등록' });
  await expect(register).toBeDisabled();
  await expect(register).toHaveAccessibleDescription('디지털OTP는 개인 고객만 발급받을 수 있습니다. 개인사업자는 스마트OTP 카드를 안내하세요.');
});

test('when the app code does not come after the SMS code is accepted, Enter asks for it again, once, with the same key', async ({ page, host }) => {
  // The network between the page and main loses the first app-code request (main never sees it),
  // as a dropped connection would; everything else passes.
  const issueCalls: Array<{ idempotencyKey: string; dropped: boolean }> = [];
  await page.routeWebSocket(/\/rpc/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; channel: string; input: { idempotencyKey?: string } };
      if (call.channel === 'otp.issueAppCode') {
        const dropped = issueCalls.length === 0;
        issueCalls.push({ idempotencyKey: call.input.idempotencyKey ?? '', dropped });
        if (dropped) {
          const error = { code: 'TRANSPORT_FAILED', message: 'connection lost' };
          return socket.send(JSON.stringify({ type: 'result', id: call.id, result: { ok: false, error } }));
        }
      }
      server.send(message);
    });
  });
  await page.goto(host.url);
  await serveCustomer(page, 'hong');
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).focus();
  await page.keyboard.press('Enter');
  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await expect(codeField).toBeFocused();
  await page.keyboard.type(await smsCodeSentTo(page));
  await page.keyboard.press('Enter');

  const again = page.getByRole('button', { name: '앱 등록번호 다시 발급 (Enter)' });
  await expect(again).toBeFocused();
  await expect(page.getByTestId('otp-wizard').getByRole('alert')).not.toBeEmpty();
  await expect(codeField).toHaveAttribute('readonly', '');
  await expect(page.getByRole('button', { name: '인증번호 재전송' })).toBeDisabled();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('otp-app-code')).toHaveText(/^\d{4} \d{4}$/);
  // The retry settled the unknown outcome under the first attempt's key, not as a new request.
  expect(issueCalls.map((call) => call.dropped)).toEqual([true, false]);
  expect(issueCalls[1]!.idempotencyKey).toBe(issueCalls[0]!.idempotencyKey);
});
