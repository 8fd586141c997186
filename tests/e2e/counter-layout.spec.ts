import type { Locator, Page } from '@playwright/test';
import { CUSTOMERS } from '../support/issuer-fixtures.js';
import {
  approvalDialog,
  callChannel,
  expect,
  expectAccessible,
  loginByKeyboard,
  REASON,
  serveCustomer,
  smsCodeSentTo,
  tabTo,
  test,
  TELLER,
} from './fixtures.js';

/**
 * The counter at the branch's 1366x768 monitor, worked by keyboard: the live step always in view
 * without scrolling, focus always on the next action, one job at a time, Esc closing only the
 * innermost thing, function keys, a device list that follows every issuer answer, and actions that
 * cannot be done shown disabled with the reason.
 */
test.use({ viewport: { width: 1366, height: 768 } });

/** Focus is on `target` (so not on <body>), and `target` is on screen without scrolling. */
async function expectNextAction(page: Page, target: Locator) {
  await expect(target).toBeFocused();
  await expectInView(target);
}

async function expectInView(target: Locator) {
  const box = await target.boundingBox();
  expect(box, 'on screen').not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, 'bottom within the 768-pixel screen').toBeLessThanOrEqual(768);
}

const trail = (page: Page) => page.getByTestId('trail');
const jobSide = (page: Page) => page.getByTestId('job-side');


test("홍길동's Digital OTP from identity check to done, keyboard only: focus on the next action and the live step in view at each step", async ({
  consolePage: page,
}) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await expectNextAction(page, page.getByLabel('신분증 종류'));
  await expect(trail(page)).toHaveText('고객 없음: 실명확인');
  await page.keyboard.press('Tab');
  await page.keyboard.type(CUSTOMERS.hong.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type('9001011123459');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2015-03-02');
  await page.keyboard.press('Enter');

  const register = page.getByRole('button', { name: '디지털OTP 등록 (F2)' });
  await expectNextAction(page, register);
  await expect(trail(page)).toHaveText('고객: 홍길동');
  await expectAccessible(page, 'customer page');
  await page.keyboard.press('Enter');

  await expectNextAction(page, page.getByRole('radio', { name: '010-****-5678' }));
  await expect(trail(page)).toHaveText('고객: 홍길동 · 디지털OTP 등록 · 휴대폰 번호');
  await page.keyboard.press('Tab');
  await expectNextAction(page, page.getByRole('button', { name: '인증번호 보내기 (Enter)' }));
  await page.keyboard.press('Enter');

  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await expectNextAction(page, codeField);
  await expect(trail(page)).toHaveText('고객: 홍길동 · 디지털OTP 등록 · SMS 인증번호');
  await page.keyboard.type(await smsCodeSentTo(page, CUSTOMERS.hong.mobile));
  await page.keyboard.press('Enter');

  // The SMS code accepted: the next action is handing the app code over, printed.
  const appCode = page.getByTestId('otp-app-code');
  await expectInView(appCode);
  await expectNextAction(page, page.getByRole('button', { name: '안내문 인쇄' }));
  await expect(trail(page)).toHaveText('고객: 홍길동 · 디지털OTP 등록 · 앱 등록번호');
  await expectAccessible(page, 'app code step');
  const activated = await callChannel(page, 'training.activateApp', { appRegistrationCode: ((await appCode.textContent()) ?? '').replace(' ', '') });
  expect(activated.ok).toBe(true);

  await expectNextAction(page, page.getByLabel('앱에 표시된 OTP (6자리)'));
  // The list already has the new app, marked, beside the job's own "activated".
  const newRow = page.getByTestId('devices').getByRole('row', { name: /디지털OTP 088 사용 중 0 \/ 10 010-\*\*\*\*-5678/ });
  await expect(newRow).toHaveClass('just-changed');
  await expect(newRow).toHaveAccessibleDescription('방금 변경됨');
  await expect(page.getByText('등록된 OTP가 없습니다.')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expectNextAction(page, page.getByRole('button', { name: '건너뛰기' }));
  await page.keyboard.press('Enter');

  await expectNextAction(page, page.getByRole('button', { name: '완료', exact: true }));
  await expect(page.getByTestId('otp-done')).toBeVisible();
  await page.keyboard.press('Enter');
  // Back where the job was opened from.
  await expectNextAction(page, register);
  await expect(trail(page)).toHaveText('고객: 홍길동');
});

test('one job at a time: another job asks first, says the SMS has gone out, and cancels that registration at the issuer', async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  await expectNextAction(page, page.getByRole('button', { name: '디지털OTP 등록 (F2)' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: '인증번호 보내기 (Enter)' }));
  await page.keyboard.press('Enter');
  await expectNextAction(page, page.getByLabel('고객이 보여 준 인증번호 (5자리)'));

  // The card job asked for from the list of jobs: a dialog, focus on going ahead.
  await page.keyboard.press('F3');
  const dialog = page.getByRole('dialog', { name: '진행 중인 업무를 취소할까요?' });
  await expect(dialog).toContainText('진행 중인 업무(디지털OTP 등록)를 취소하고 새 업무(스마트OTP 카드 발급·등록)를 시작합니다.');
  await expect(dialog).toContainText('고객에게 인증번호 SMS가 이미 발송되었습니다.');
  await expectNextAction(page, dialog.getByRole('button', { name: '취소하고 스마트OTP 카드 발급·등록 시작 (Enter)' }));
  await expectAccessible(page, 'cancel confirmation');
  // A modal dialog keeps Tab inside: its two buttons, round and round, never the page behind.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    await expect(dialog.locator(':focus')).toHaveCount(1);
  }
  await expect(dialog.getByRole('button', { name: '취소하고 스마트OTP 카드 발급·등록 시작 (Enter)' })).toBeFocused();

  // Esc keeps the job: the dialog goes, the registration stays, focus is back in it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
  await expectNextAction(page, page.getByLabel('고객이 보여 준 인증번호 (5자리)'));

  await page.keyboard.press('F3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-wizard')).toHaveCount(0);
  await expect(page.getByTestId('card-job')).toBeVisible();
  await expectNextAction(page, page.getByLabel('벤더코드 (3자리)'));
  await expect(trail(page)).toHaveText('고객: 김영희 · 스마트OTP 카드 발급·등록 · 카드 확인');
  const cancelled = await callChannel(page, 'journal.list', { text: 'DIGITAL_OTP_CANCEL' });
  expect(cancelled).toMatchObject({ ok: true, value: { jobs: [{ job: 'DIGITAL_OTP_CANCEL', result: 'OK' }] } });

  // A job not yet started at the issuer: asked all the same, without the SMS sentence.
  await page.getByRole('button', { name: '분실 신고: 디지털OTP (010-****-6789, 기관 088)' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog).not.toContainText('SMS');
  await page.keyboard.press('Enter');
  await expectNextAction(page, page.getByRole('radio', { name: '분실' }));
});

test('Esc closes only the innermost thing: the approval dialog, then the job, then the customer', async ({ consolePage: page }) => {
  await serveCustomer(page, 'choi');
  await page.keyboard.press('F8');
  await expectNextAction(page, page.getByLabel('해제 사유'));
  await page.keyboard.type(REASON);
  await page.keyboard.press('Enter');
  await expect(approvalDialog(page)).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(approvalDialog(page)).toHaveCount(0);
  await expect(page.getByTestId('supervised-job')).toBeVisible();
  await expectNextAction(page, page.getByRole('button', { name: '책임자 승인 요청 (Enter)' }));

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('supervised-job')).toHaveCount(0);
  await expect(page.getByTestId('customer-page')).toBeVisible();
  // Focus is back where it was when F8 opened the job.
  await expectNextAction(page, page.getByRole('button', { name: '디지털OTP 등록 (F2)' }));

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await expectNextAction(page, page.getByLabel('신분증 종류'));
});

test('function keys open the main jobs, shown on their buttons, and do nothing behind a dialog', async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  await expect(page.getByRole('button', { name: '디지털OTP 등록 (F2)' })).toHaveAttribute('aria-keyshortcuts', 'F2');
  await expect(page.getByRole('button', { name: '스마트OTP 카드 (F3)' })).toHaveAttribute('aria-keyshortcuts', 'F3');
  await expect(page.getByTestId('devices').getByRole('button', { name: /^분실 신고:/ }).first()).toHaveText('분실 신고 (F4)');

  await page.keyboard.press('F2');
  await expectNextAction(page, page.getByRole('radio', { name: '010-****-6789' }));
  await page.keyboard.press('F3');
  const dialog = page.getByRole('dialog', { name: '진행 중인 업무를 취소할까요?' });
  await expect(dialog).toContainText('스마트OTP 카드');
  // Behind the dialog the keys are nobody's: the dialog still asks about the card job.
  await page.keyboard.press('F4');
  await page.keyboard.press('F2');
  await expect(dialog).toContainText('새 업무(스마트OTP 카드 발급·등록)를 시작합니다');
  await page.keyboard.press('Escape');

  // F4 with two devices: focus goes to the first, the teller picks; in a row, it is that row's.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('otp-wizard')).toHaveCount(0);
  await page.keyboard.press('F4');
  const cardLoss = page.getByRole('button', { name: '분실 신고: 스마트OTP 카드 (003 · 3000****0004, 기관 020)' });
  await expectNextAction(page, cardLoss);
  await page.keyboard.press('F4');
  await expect(page.getByTestId('loss-confirm-sentence')).toContainText('스마트OTP 카드 (003 · 3000****0004, 기관 020)');
});

test("the device list follows a loss report at once, the changed row marked; what cannot be done is disabled with the reason", async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  const phoneLoss = page.getByRole('button', { name: '분실 신고: 디지털OTP (010-****-6789, 기관 088)' });
  await phoneLoss.focus();
  await page.keyboard.press('F4');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('loss-receipt')).toBeVisible();
  // A receipt, not a guide: the customer keeps it as proof of the report.
  await expectNextAction(page, jobSide(page).getByRole('button', { name: '접수증 인쇄' }));

  const devices = page.getByTestId('devices');
  const lostRow = devices.getByRole('row', { name: /디지털OTP 088 분실 신고/ });
  await expect(lostRow).toHaveClass('just-changed');
  await expect(lostRow).toHaveAccessibleDescription('방금 변경됨');
  await expect(devices.getByRole('row', { name: /스마트OTP 카드 020/ })).not.toHaveClass('just-changed');
  await expect(phoneLoss).toBeDisabled();
  await expect(phoneLoss).toHaveAccessibleDescription('분실 신고됨 상태라 할 수 없음');
  await expect(lostRow.getByRole('button', { name: /^분실 해제:/ })).toBeEnabled();
  await expectAccessible(page, 'loss receipt and a disabled action');
  // The report is done: Esc now ends the customer.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
});

test('a customer who has a Smart OTP here is not offered another card: disabled with the reason, right after the issue', async ({ consolePage: page }) => {
  await serveCustomer(page, 'hong');
  const cardJob = page.getByRole('button', { name: '스마트OTP 카드 (F3)' });
  await expect(cardJob).toBeEnabled();
  await page.keyboard.press('F3');
  await expectNextAction(page, page.getByLabel('벤더코드 (3자리)'));
  await page.keyboard.type('001');
  await page.keyboard.press('Tab');
  await page.keyboard.type('100000000001');
  await page.keyboard.press('Enter');
  await expectNextAction(page, page.getByRole('button', { name: '카드 발급 (Enter)' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card-job-done')).toBeVisible();
  await expectNextAction(page, page.getByRole('button', { name: '완료' }));

  await expect(page.getByTestId('devices').getByRole('row', { name: /스마트OTP 카드 088 사용 중/ })).toHaveClass('just-changed');
  await expect(cardJob).toBeDisabled();
  await expect(cardJob).toHaveAccessibleDescription('이 기관에 이미 스마트OTP가 등록되어 있습니다(기관당 1개).');
  await page.keyboard.press('Enter');
  // The card button it came from is disabled now: focus goes to the first job there is.
  await expectNextAction(page, page.getByRole('button', { name: '디지털OTP 등록 (F2)' }));
  await expectAccessible(page, 'card job disabled');
});

/** Every action of the device list lies whole inside the customer column: nothing cut off, no sideways scroll. */
async function expectDeviceActionsInView(page: Page) {
  const column = page.getByTestId('customer-page').getByRole('region').first();
  const sideways = await column.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(sideways, 'the customer column does not scroll sideways').toBeLessThanOrEqual(0);
  const { x, width } = (await column.boundingBox())!;
  for (const action of await page.getByTestId('devices').getByRole('button').all()) {
    const box = (await action.boundingBox())!;
    expect(box.x + box.width, `${await action.textContent()} ends inside the column`).toBeLessThanOrEqual(x + width);
  }
}

test('the device list keeps its actions in view in English, with a long status and with the training panel open', async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  await page.getByRole('button', { name: '분실 신고: 디지털OTP (010-****-6789, 기관 088)' }).press('Enter');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '도난' })).toBeChecked();
  await page.getByRole('button', { name: '신고 (Enter)' }).press('Enter');
  await expect(page.getByTestId('loss-receipt')).toBeVisible();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByTestId('devices').getByRole('row', { name: /Digital OTP 088 Reported stolen/ })).toBeVisible();
  await expectDeviceActionsInView(page);

  await page.getByRole('button', { name: 'Training phone' }).click();
  await expect(page.getByRole('complementary', { name: 'Training phone' })).toBeVisible();
  await expectDeviceActionsInView(page);
});
