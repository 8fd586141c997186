import type { Page } from '@playwright/test';
import { CUSTOMERS } from '../support/issuer-fixtures.js';
import { expect, expectAccessible, loginByKeyboard, startHost, stopHost, tabTo, test, TELLER, typeIdentity, smsCodeSentTo } from './fixtures.js';

const parkedList = (page: Page) => page.getByRole('listbox', { name: /보류 중인 업무|Parked jobs/ });
/** The customer page in view: parked ones are on the page too, hidden. */
const customerPage = (page: Page) => page.getByTestId('customer-page').filter({ visible: true });
const codeField = (page: Page) => page.getByLabel(/고객이 보여 준 인증번호 \(5자리\)|Code the customer shows/);

/** 홍길동's Digital OTP registration at the SMS step (the code texted), with part of the code typed. */
async function halfTypeHongsRegistration(page: Page, typed = '12') {
  await typeIdentity(page, 'hong');
  await expect(customerPage(page)).toContainText(/고객: 홍길동|Customer: 홍길동/);
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(codeField(page)).toBeFocused();
  await page.keyboard.type(typed);
}


/** Moves the sandbox clock through the training panel, as a trainer does (30 or 3 minutes a press). */
async function advanceSandboxClock(page: Page, presses: Array<3 | 30>) {
  await page.getByRole('button', { name: /교육용 휴대폰|Training phone/ }).click();
  const panel = page.getByRole('complementary', { name: /교육용 휴대폰|Training phone/ });
  for (const minutes of presses) {
    const before = await panel.getByTestId('training-clock-now').textContent();
    await panel.getByRole('button', { name: new RegExp(`^(${minutes}분 앞으로|${minutes} min forward)$`) }).click();
    await expect(panel.getByTestId('training-clock-now')).not.toHaveText(before ?? '');
  }
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
}

test("홍길동's half-typed registration is parked, 김영희 is served, and 홍길동's job comes back exactly as left, by keyboard", async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await halfTypeHongsRegistration(page);

  // F10 parks: home, the next customer's identity check focused, 홍길동's page out of view.
  await page.keyboard.press('F10');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await expect(customerPage(page)).toHaveCount(0);
  await expect(page.getByTestId('trail')).toHaveText('고객 없음: 실명확인');
  const hong = parkedList(page).getByRole('option', { name: /홍\*동/ });
  await expect(hong).toContainText('디지털OTP 등록 · SMS 인증번호');
  await expect(hong).toContainText(/실명확인 (29|30)분 남음/);
  await expect(hong).toContainText(/\d\d:\d\d 보류/);
  const text = await page.locator('body').innerText();
  for (const trace of ['홍길동', '900101', '고객: ']) expect(text, trace).not.toContain(trace);
  await expectAccessible(page, 'home with a parked job');

  // Another customer meanwhile: 김영희, served and ended (Esc).
  await typeIdentity(page, 'kim');
  await expect(customerPage(page)).toContainText('고객: 김영희');
  await expect(page.getByTestId('trail')).toHaveText('고객: 김영희');
  await expect(customerPage(page)).not.toContainText('홍길동');
  await expect(page.getByTestId('park-also-parked')).toHaveCount(0);
  // The training phone follows the customer at the counter: nothing of 홍길동's parked registration.
  const phoneToggle = page.getByRole('button', { name: '교육용 휴대폰' });
  const phone = page.getByRole('complementary', { name: '교육용 휴대폰' });
  await phoneToggle.click();
  await expect(phone.getByTestId('training-no-job')).toBeVisible();
  await phoneToggle.click();
  await expect(phone).toHaveCount(0);
  await customerPage(page).getByRole('button', { name: '디지털OTP 등록 (F2)' }).focus();
  await page.keyboard.press('Escape');
  await expect(customerPage(page)).toHaveCount(0);
  await expect(parkedList(page).getByRole('option')).toHaveCount(1);

  // Enter on the parked entry: 홍길동's page as left, focus on the code field with what was typed.
  await tabTo(page, hong);
  await page.keyboard.press('Enter');
  await expect(customerPage(page)).toContainText('고객: 홍길동');
  await expect(page.getByTestId('trail')).toHaveText('고객: 홍길동 · 디지털OTP 등록 · SMS 인증번호');
  await expect(codeField(page)).toBeFocused();
  await expect(codeField(page)).toHaveValue('12');
  await expect(page.getByTestId('parked-jobs')).toHaveCount(0);
  // Resumed, the phone follows 홍길동's registration again.
  await phoneToggle.click();
  await expect(phone.getByTestId('training-sms-messages').locator('li')).toHaveCount(1);
  await phoneToggle.click();
  await expect(phone).toHaveCount(0);
  await codeField(page).focus();

  // The same registration goes on: the code the customer was texted finishes the step.
  await codeField(page).fill('');
  await page.keyboard.type(await smsCodeSentTo(page));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-app-code')).toHaveText(/^\d{4} \d{4}$/);
});

test('a parked job whose identity check ran out is marked expired, cannot be resumed, and is discarded with its registration cancelled', async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await halfTypeHongsRegistration(page);
  await page.keyboard.press('F10');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();

  // 33 minutes later on the sandbox clock: 홍길동's check (30 minutes) has run out.
  await advanceSandboxClock(page, [30, 3]);
  const hong = parkedList(page).getByRole('option', { name: /홍\*동/ });
  await expect(hong).toContainText('실명확인 만료: 재개 불가');
  await expect(hong).toHaveAttribute('aria-disabled', 'true');

  // 김영희, checked after the clock moved, is parked too, with her full 30 minutes.
  await page.getByLabel('신분증 종류').focus();
  await typeIdentity(page, 'kim');
  await expect(customerPage(page)).toContainText('고객: 김영희');
  await page.keyboard.press('F10');
  const kim = parkedList(page).getByRole('option', { name: /김\*희/ });
  await expect(kim).toContainText('진행 중인 업무 없음');
  await expect(kim).toContainText(/실명확인 (29|30)분 남음/);
  await expect(kim).not.toHaveAttribute('aria-disabled', 'true');
  await expectAccessible(page, 'home with a valid and an expired parked job');

  // Enter on the expired entry says why and opens nothing.
  await tabTo(page, parkedList(page).getByRole('option').first());
  await expect(hong).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('parked-refused')).toHaveText(
    '홍*동 고객의 실명확인 유효시간(30분)이 지나 재개할 수 없습니다. 삭제하고 실명확인을 다시 하세요.',
  );
  await expect(customerPage(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: '재개 (Enter)' })).toBeDisabled();

  // Delete asks first; Esc keeps it.
  await page.keyboard.press('Delete');
  const dialog = page.getByTestId('parked-discard-dialog');
  await expect(dialog).toContainText('홍*동 고객의 보류 업무(디지털OTP 등록 · SMS 인증번호)를 닫을까요?');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(parkedList(page).getByRole('option')).toHaveCount(2);
  await expect(hong).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(dialog.getByRole('button', { name: '삭제 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('parked-discarded')).toHaveText('홍*동 고객의 보류 업무(디지털OTP 등록 · SMS 인증번호)를 닫았습니다.');
  await expect(parkedList(page).getByRole('option')).toHaveCount(1);
  await expect(page.getByTestId('parked-discard-error')).toHaveCount(0);

  // The registration the customer was texted for is cancelled at the issuer, and journaled.
  await expect(page.getByTestId('worklist-pending').getByText('홍*동')).toHaveCount(0);
  await page.getByRole('button', { name: '전자저널' }).click();
  const cancel = page.getByTestId('journal-table').locator('tr[data-job="DIGITAL_OTP_CANCEL"]');
  await expect(cancel).toHaveCount(1);
  await expect(cancel).toHaveAttribute('data-result', 'OK');
  await expect(cancel).toContainText('홍*동');
  await page.keyboard.press('Escape');

  // 김영희's entry is still valid: Enter resumes her page.
  await tabTo(page, kim);
  await page.keyboard.press('Enter');
  await expect(customerPage(page)).toContainText('고객: 김영희');
});

test('at most five jobs wait parked: the sixth is refused with a message and its page stays', async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  // The five seed customers whose ID checks out; the sixth job is 홍길동's again, on a new check.
  for (const who of ['hong', 'kim', 'lee', 'park', 'choi'] as const) {
    await typeIdentity(page, who);
    await expect(customerPage(page)).toContainText(`고객: ${CUSTOMERS[who].name}`);
    await page.keyboard.press('F10');
    await expect(page.getByLabel('신분증 종류')).toBeFocused();
  }
  await expect(parkedList(page).getByRole('option')).toHaveCount(5);
  await typeIdentity(page, 'hong');
  await expect(customerPage(page)).toContainText('고객: 홍길동');
  // 홍길동 has a job parked already: the page says so.
  await expect(page.getByTestId('park-also-parked').filter({ visible: true })).toHaveText(
    '이 고객의 보류 중인 업무가 따로 있습니다. 이어서 하려면 이 화면을 닫고(Esc) 보류 목록에서 재개하세요.',
  );
  await page.keyboard.press('F10');
  await expect(page.getByTestId('park-full')).toHaveText('보류할 수 있는 업무는 5건까지입니다. 보류 중인 업무를 먼저 재개하거나 삭제하세요.');
  await expect(customerPage(page)).toContainText('고객: 홍길동');
  // Ended (Esc), the sixth leaves; the five still wait.
  await page.keyboard.press('Escape');
  await expect(customerPage(page)).toHaveCount(0);
  await expect(parkedList(page).getByRole('option')).toHaveCount(5);
});

test('in English: the park button, the parked list and an expired entry', async ({ consolePage: page }) => {
  await page.getByRole('button', { name: 'Switch to English' }).press('Enter');
  await page.getByLabel('Staff ID').focus();
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await typeIdentity(page, 'lee', { documentLabel: /^ID document$/ });
  await expect(page.getByTestId('park-button')).toHaveText('Park (F10)');
  await page.keyboard.press('F10');
  const lee = parkedList(page).getByRole('option', { name: /이\*수/ });
  await expect(lee).toContainText('No job open');
  await expect(lee).toContainText(/ID check: (29|30) min left/);
  await advanceSandboxClock(page, [30, 3]);
  await expect(lee).toContainText('Expired: cannot resume');
  await tabTo(page, lee);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('parked-refused')).toHaveText(
    'The identity check of 이*수 is over 30 minutes old: the job cannot be resumed. Discard it and check the ID again.',
  );
});

test.describe('with the idle lock and a takeover', () => {
  test('the idle lock keeps the parked job and the served one; another teller taking over drops both', async ({ page }) => {
    const host = await startHost({ args: ['--idle-seconds', '5'] });
    try {
      await page.goto(host.url);
      await loginByKeyboard(page, TELLER.staffId, TELLER.password);
      await halfTypeHongsRegistration(page, '34');
      await page.keyboard.press('F10');
      await typeIdentity(page, 'kim');
      await expect(customerPage(page)).toContainText('고객: 김영희');

      await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 15_000 });
      const text = await page.locator('body').innerText();
      for (const trace of ['홍*동', '김영희', '고객: ', '보류 중인 업무']) expect(text, trace).not.toContain(trace);
      await page.keyboard.type(TELLER.password);
      await page.keyboard.press('Enter');
      await expect(customerPage(page)).toContainText('고객: 김영희');
      await page.keyboard.press('Escape');
      const hong = parkedList(page).getByRole('option', { name: /홍\*동/ });
      await expect(hong).toContainText('디지털OTP 등록 · SMS 인증번호');
      await tabTo(page, hong);
      await page.keyboard.press('Enter');
      await expect(codeField(page)).toHaveValue('34');
      await page.keyboard.press('F10');

      // Locked again, and another teller takes the counter: the first one's jobs are gone.
      await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 15_000 });
      await page.getByRole('button', { name: '다른 직원으로 로그인' }).click();
      await loginByKeyboard(page, 'T0002', 'teller-pass-2');
      await expect(page.getByTestId('welcome')).toHaveText('이준호 · T0002 · 창구 직원');
      await expect(page.getByTestId('parked-jobs')).toHaveCount(0);
      await expect(page.getByTestId('customer-page')).toHaveCount(0);
      await page.getByRole('button', { name: '전자저널' }).click();
      const cancel = page.getByTestId('journal-table').locator('tr[data-job="DIGITAL_OTP_CANCEL"]');
      await expect(cancel).toHaveCount(1);
      await expect(cancel).toContainText('T0001');
    } finally {
      await stopHost(host);
    }
  });
});

test('the day-end close waits for the parked jobs: refused on screen while one is parked', async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await halfTypeHongsRegistration(page);
  await page.keyboard.press('F10');
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: '영업 마감', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('day-parked')).toHaveText('보류 중인 업무 1건을 먼저 재개해 마치거나 폐기하세요. 마감하면 이어서 할 수 없습니다.');
  await expect(page.getByRole('button', { name: '책임자 승인 후 마감' })).toBeDisabled();
});
