import { codeFromSms } from '../support/issuer-fixtures.js';
import { expect, printedText, serveCustomer, test } from './fixtures.js';

test('the app registration slip has the code and the install guide, and no unmasked data', async ({ consolePage: page }, testInfo) => {
  await serveCustomer(page, 'hong');
  await page.getByRole('button', { name: '디지털OTP 등록' }).click();
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).click();
  await page.getByRole('button', { name: '교육용 휴대폰' }).click();
  const panel = page.getByRole('complementary', { name: '교육용 휴대폰' });
  const code = codeFromSms([{ text: (await panel.getByTestId('training-sms-messages').locator('li').first().textContent()) ?? '' }]);
  await page.getByLabel('고객이 보여 준 인증번호 (5자리)').fill(code);
  await page.getByLabel('고객이 보여 준 인증번호 (5자리)').press('Enter');
  const appCode = ((await page.getByTestId('otp-app-code').textContent()) ?? '').trim();
  expect(appCode).toMatch(/^\d{4} \d{4}$/);

  const text = await printedText(page, testInfo, 'app-registration-slip');
  expect(text).toContain('디지털OTP(스마트보안카드) 앱 등록 안내');
  expect(text).toContain(appCode);
  expect(text).toContain('앱을 실행하고 [등록]에서 위의 앱 등록번호 8자리를 입력합니다.');
  expect(text).toContain('고객 홍*동');
  expect(text).toContain('010-****-5678');
  // Nothing of the screen behind it, and nothing unmasked.
  for (const secret of ['홍길동', '9001011123459', '900101-1123459', '01012345678', '010-1234-5678', '1234-5678', '교육용 휴대폰']) {
    expect(text).not.toContain(secret);
  }
});

test('the loss receipt names the device masked and carries the reference', async ({ consolePage: page }, testInfo) => {
  await serveCustomer(page, 'kim');
  await page.getByRole('button', { name: /분실 신고: 디지털OTP/ }).click();
  await page.getByRole('button', { name: '신고 (Enter)' }).click();
  const receipt = (await page.getByTestId('loss-receipt').textContent()) ?? '';
  // The journal's receipt number, read to the customer: business date and journal seq.
  const receiptNo = /접수번호 (\d{8}-\d{6}),/.exec(receipt)?.[1];
  expect(receiptNo).toBeTruthy();

  const text = await printedText(page, testInfo, 'loss-receipt');
  expect(text).toContain('분실·도난 신고 접수증');
  expect(text).toContain(`분실 신고가 접수되었습니다: 디지털OTP (010-****-6789, 기관 088). 접수번호 ${receiptNo}`);
  expect(text).toMatch(/발급기관 참조번호 loss-/);
  expect(text).toContain('디지털OTP (010-****-6789, 기관 088)');
  expect(text).toContain('고객 김*희');
  for (const secret of ['김영희', '8506152234565', '850615-2234565', '01023456789', '010-2345-6789']) {
    expect(text).not.toContain(secret);
  }
});
