import type { Page } from '@playwright/test';
import { approvalDialog, approveByKeyboard, callChannel, expect, expectAccessible, loginByKeyboard, REASON, serveCustomer, SUPERVISOR, tabTo, test, TELLER, typeIdentity, smsCodeSentTo } from './fixtures.js';

const pendingList = (page: Page) => page.getByRole('listbox', { name: /앱 등록번호 발급 후 미사용|App code not yet used/ });
const restrictedList = (page: Page) => page.getByRole('listbox', { name: /이용 제한 기기|Restricted devices/ });


/** 홍길동 gets an app code and leaves without activating the app: the job and the customer are ended by Esc. */
async function leaveHongWithAnAppCode(page: Page) {
  await serveCustomer(page, 'hong');
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: '인증번호 보내기 (Enter)' }));
  await page.keyboard.press('Enter');
  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await expect(codeField).toBeFocused();
  await page.keyboard.type(await smsCodeSentTo(page));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-app-code')).toHaveText(/^\d{4} \d{4}$/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('otp-wizard')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
}

test("최지우's restricted Digital OTP: from the worklist through the identity check to the unlock, by keyboard", async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  const entry = restrictedList(page).getByRole('option', { name: /최\*우/ });
  await expect(entry).toContainText('디지털OTP');
  await expect(entry).toContainText('오류 10회');
  await tabTo(page, restrictedList(page).getByRole('option').first());
  // Arrows move within the list (one entry here: it stays on it), Home and End too.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await expect(entry).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-for')).toHaveText('업무 목록에서: 최*우 · 디지털OTP (Esc: 해제)');
  await typeIdentity(page, 'choi');
  await expect(page.getByTestId('customer-page')).toContainText('고객: 최지우');
  const row = page.getByTestId('devices').locator('tr[data-device-id="dev-choi-digital"]');
  await expect(row).toBeFocused();

  // The row's function key: the unlock job, with a supervisor's approval.
  await page.keyboard.press('F8');
  await expect(page.getByLabel('해제 사유')).toBeFocused();
  await page.keyboard.type(REASON);
  await page.keyboard.press('Enter');
  await expect(approvalDialog(page).getByLabel('책임자 직원번호')).toBeFocused();
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByRole('button', { name: '제한 해제 실행 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supervised-done')).toContainText('이용 제한이 해제되었습니다: 디지털OTP (010-****-9012, 기관 088)');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await expect(page.getByTestId('worklist-restricted')).toContainText('이용 제한된 기기가 없습니다.');
  await expect(restrictedList(page)).toHaveCount(0);
});

test('a worklist entry taken to the identity check of someone else says so; Esc drops the line', async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await tabTo(page, restrictedList(page).getByRole('option', { name: /최\*우/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-for')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('identity-for')).toHaveCount(0);

  await tabTo(page, restrictedList(page).getByRole('option', { name: /최\*우/ }));
  await page.keyboard.press('Enter');
  await typeIdentity(page, 'hong');
  await expect(page.getByTestId('customer-page')).toContainText('고객: 홍길동');
  await expect(page.getByTestId('worklist-other-customer')).toHaveText('실명확인한 고객이 업무 목록의 최*우 고객과 다른 분입니다. 이 고객의 화면을 엽니다.');
  // Their page opens as usual: the job buttons first.
  await expect(page.getByRole('button', { name: '디지털OTP 등록' })).toBeFocused();
});

test("홍길동's app code left unused is on the worklist, and its registration is cancelled from there by one key and a confirmation", async ({
  consolePage: page,
}) => {
  await leaveHongWithAnAppCode(page);
  const entry = pendingList(page).getByRole('option', { name: /홍\*동/ });
  await expect(entry).toContainText('010-****-5678');
  await expect(entry).toContainText('발급 T0001');
  await expect(entry).toContainText(/\d+분 남음 \(.+까지\)/);
  // Leaving the customer did not cancel it: the customer may still activate the app at home.
  const before = await callChannel(page, 'journal.list', { text: 'DIGITAL_OTP_CANCEL' });
  expect(before).toMatchObject({ ok: true, value: { jobs: [] } });
  await expectAccessible(page, 'home with both worklists');

  await tabTo(page, entry);
  await page.keyboard.press('Delete');
  const dialog = page.getByTestId('worklist-cancel-dialog');
  await expect(dialog).toContainText('홍*동 (010-****-5678)의 디지털OTP 등록을 취소할까요?');
  await expect(dialog.getByRole('button', { name: '등록 취소 (Enter)' })).toBeFocused();
  await expectAccessible(page, 'worklist cancel confirmation');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('worklist-cancelled')).toHaveText('홍*동 (010-****-5678)의 디지털OTP 등록을 취소했습니다.');
  await expect(page.getByTestId('worklist-pending')).toContainText('앱 등록을 기다리는 고객이 없습니다.');

  const journal = await callChannel(page, 'journal.list', { text: 'DIGITAL_OTP_CANCEL' });
  expect(journal).toMatchObject({ ok: true, value: { jobs: [{ job: 'DIGITAL_OTP_CANCEL', result: 'OK', tellerId: 'T0001', customer: '홍*동 900101-1******' }] } });
});

test('a registration cancelled elsewhere meanwhile: the refusal is shown translated and the list follows the issuer', async ({ consolePage: page }) => {
  await leaveHongWithAnAppCode(page);
  const entry = pendingList(page).getByRole('option', { name: /홍\*동/ });
  await expect(entry).toBeVisible();
  const items = await callChannel(page, 'worklist.pendingActivations', {});
  if (!items.ok) throw new Error(`worklist: ${items.error.code}`);
  const registrationId = (items.value as { items: Array<{ registrationId: string }> }).items[0]!.registrationId;
  expect(await callChannel(page, 'otp.cancel', { registrationId, idempotencyKey: crypto.randomUUID() })).toMatchObject({ ok: true });

  await tabTo(page, entry);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('worklist-cancel-error')).toHaveText('지금 단계에서는 할 수 없는 작업입니다. 등록 상태를 확인하세요.');
  await expect(page.getByTestId('worklist-pending')).toContainText('앱 등록을 기다리는 고객이 없습니다.');
});

test('the worklists in English', async ({ consolePage: page }) => {
  await leaveHongWithAnAppCode(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  const entry = pendingList(page).getByRole('option', { name: /홍\*동/ });
  await expect(entry).toContainText('Issued by T0001');
  await expect(entry).toContainText(/\d+ min left \(until .+\)/);
  await expect(restrictedList(page).getByRole('option', { name: /최\*우/ })).toContainText('Digital OTP');
  await expect(page.getByRole('button', { name: 'Cancel registration (Delete)' })).toBeVisible();
  await tabTo(page, restrictedList(page).getByRole('option').first());
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-for')).toHaveText('From the worklist: 최*우 · Digital OTP (Esc: drop)');
});
