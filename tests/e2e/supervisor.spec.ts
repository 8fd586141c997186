import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import {
  approvalDialog,
  approveByKeyboard,
  askForUnlock,
  callChannel,
  countedKeyboard,
  expect,
  REASON,
  reportKimsPhoneLostByKeyboard,
  serveCustomer,
  SUPERVISOR,
  test,
  UNLOCK_OPEN,
} from './fixtures.js';

const deviceRow = (page: Page, text: RegExp) => page.getByTestId('devices').getByRole('row', { name: text });

test('a supervisor approves the unlock of 최지우\'s restricted Digital OTP at the teller\'s console, keyboard only', async ({ consolePage: page }, testInfo) => {
  await serveCustomer(page, 'choi');
  await expect(deviceRow(page, /디지털OTP 088 이용 제한 10 \/ 10/)).toBeVisible();
  await askForUnlock(page);
  const dialog = approvalDialog(page);
  // The supervisor approves the request named in full, not a blank "OK".
  await expect(dialog).toContainText(`최지우 고객의 디지털OTP (010-****-9012, 기관 088) 이용 제한 해제 (연속 오류 10회 → 0회), 사유: ${REASON}`);

  const started = Date.now();
  const keys = countedKeyboard(page);
  await keys.type(SUPERVISOR.staffId);
  await keys.press('Tab');
  await keys.type(SUPERVISOR.password);
  await keys.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('approval-granted')).toContainText('S0001 책임자가 승인했습니다.');
  // Frozen once approved: a changed reason would need a new approval.
  await expect(page.getByLabel('해제 사유')).toHaveAttribute('readonly', '');
  await expect(page.getByRole('button', { name: '제한 해제 실행 (Enter)' })).toBeFocused();
  await keys.press('Enter');
  await expect(page.getByTestId('supervised-done')).toHaveText(
    '이용 제한이 해제되었습니다: 디지털OTP (010-****-9012, 기관 088), 연속 오류 0 / 10.',
  );
  await expect(deviceRow(page, /디지털OTP 088 사용 중 0 \/ 10/)).toBeVisible();
  const seconds = (Date.now() - started) / 1000;

  testInfo.annotations.push({ type: 'supervisor keystrokes', description: String(keys.keystrokes) }, { type: 'seconds', description: seconds.toFixed(2) });
  console.log(`Supervisor override for an unlock: ${keys.keystrokes} keystrokes, ${seconds.toFixed(2)} s from the dialog opening to the device shown unlocked`);
  await expect(page.getByRole('button', { name: UNLOCK_OPEN })).toHaveCount(0);
});

test.describe('the override dialog refuses, each time saying why', () => {
  test('a wrong supervisor password, with the attempts left; the password is asked again', async ({ consolePage: page }) => {
    await serveCustomer(page, 'choi');
    await askForUnlock(page);
    const dialog = approvalDialog(page);
    await approveByKeyboard(page, { staffId: 'S0001', password: 'not-the-password' });
    await expect(dialog.getByRole('alert')).toHaveText('직원번호 또는 비밀번호가 올바르지 않습니다. 남은 시도 횟수: 4회');
    await expect(dialog.getByLabel('책임자 비밀번호')).toBeFocused();
    await expect(dialog.getByLabel('책임자 비밀번호')).toHaveValue('');
    await expect(dialog.getByLabel('책임자 직원번호')).toHaveValue('S0001');
    await page.keyboard.type(SUPERVISOR.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('approval-granted')).toContainText('S0001 책임자가 승인했습니다.');
  });

  test("a teller's credentials are not a supervisor's", async ({ consolePage: page }) => {
    await serveCustomer(page, 'choi');
    await askForUnlock(page);
    const dialog = approvalDialog(page);
    await approveByKeyboard(page, { staffId: 'T0002', password: 'teller-pass-2' });
    await expect(dialog.getByRole('alert')).toHaveText('승인은 책임자만 할 수 있습니다. 책임자의 직원번호를 입력하세요.');
    // Another person approves next: the ID is asked again.
    await expect(dialog.getByLabel('책임자 직원번호')).toBeFocused();
    await expect(dialog.getByLabel('책임자 직원번호')).toHaveValue('');
    await expect(page.getByTestId('approval-granted')).toHaveCount(0);
    // Esc closes the dialog only; the job and the customer stay.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('button', { name: '책임자 승인 요청 (Enter)' })).toBeFocused();
    await expect(page.getByTestId('customer-page')).toBeVisible();
  });

  test('a supervisor working at the counter cannot approve their own request; another supervisor can', async ({ consolePage: page }) => {
    await serveCustomer(page, 'choi', SUPERVISOR);
    await askForUnlock(page);
    const dialog = approvalDialog(page);
    await approveByKeyboard(page, SUPERVISOR);
    await expect(dialog.getByRole('alert')).toHaveText('본인의 업무를 본인이 승인할 수 없습니다. 다른 책임자의 승인이 필요합니다.');
    await expect(dialog.getByLabel('책임자 직원번호')).toBeFocused();
    await approveByKeyboard(page, { staffId: 'S0002', password: 'super-pass-2' });
    await expect(page.getByTestId('approval-granted')).toContainText('S0002 책임자가 승인했습니다.');
    await expect(page.getByRole('button', { name: '제한 해제 실행 (Enter)' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(deviceRow(page, /디지털OTP 088 사용 중 0 \/ 10/)).toBeVisible();
  });

  test('an approval that expired is refused at the issuer, and the supervisor approves again', async ({ consolePage: page }) => {
    await serveCustomer(page, 'choi');
    await askForUnlock(page);
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('approval-granted')).toBeVisible();

    // Approvals last 2 minutes; the trainer moves the sandbox clock past that.
    await page.getByRole('button', { name: '교육용 휴대폰' }).click();
    const panel = page.getByRole('complementary', { name: '교육용 휴대폰' });
    await panel.getByRole('button', { name: '3분 앞으로' }).click();
    await expect(panel.getByText(/샌드박스 시각:/)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);

    const job = page.getByTestId('supervised-job');
    await job.getByRole('button', { name: '제한 해제 실행 (Enter)' }).focus();
    await page.keyboard.press('Enter');
    await expect(job.getByRole('alert')).toHaveText(
      '책임자 승인이 만료되었거나 이미 사용되었거나 다른 요청의 승인입니다. 다시 승인받으세요.',
    );
    await expect(deviceRow(page, /디지털OTP 088 이용 제한 10 \/ 10/)).toBeVisible();
    // The dead approval is gone: ask again, approve, unlock.
    await expect(page.getByTestId('approval-granted')).toHaveCount(0);
    await job.getByRole('button', { name: '책임자 승인 요청 (Enter)' }).focus();
    await page.keyboard.press('Enter');
    await expect(approvalDialog(page).getByLabel('책임자 직원번호')).toBeFocused();
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByRole('button', { name: '제한 해제 실행 (Enter)' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(deviceRow(page, /디지털OTP 088 사용 중 0 \/ 10/)).toBeVisible();
  });

  test('an approval is good for its own request only: sent with another reason, the issuer refuses it', async ({ page, host }) => {
    // What the screens sent and got, to replay the approval past them.
    let approvalInput: { customerRef: string; request: { deviceId: string; identityCheckId: string } } | null = null;
    const approvalCallIds = new Set<number>();
    let approvalToken: string | null = null;
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { id: number; channel: string; input: unknown };
        if (message.channel !== 'approval.request') return;
        approvalCallIds.add(message.id);
        approvalInput = message.input as typeof approvalInput;
      });
      socket.on('framereceived', ({ payload }) => {
        const reply = JSON.parse(String(payload)) as { type: string; id: number; result?: { ok: boolean; value?: { approvalToken?: string } } };
        if (reply.type === 'result' && approvalCallIds.has(reply.id) && reply.result?.ok) approvalToken = reply.result.value?.approvalToken ?? null;
      });
    });
    await page.goto(host.url);
    await serveCustomer(page, 'choi');
    await askForUnlock(page);
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('approval-granted')).toBeVisible();
    expect(approvalToken).toBeTruthy();
    const { customerRef, request } = approvalInput!;

    const answer = await callChannel(page, 'device.unlock', {
      customerRef,
      deviceId: request.deviceId,
      reason: '다른 사유로 바꿔 보냄',
      identityCheckId: request.identityCheckId,
      approvalToken,
      idempotencyKey: randomUUID(),
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'APPROVAL_INVALID' } });
    const devices = await callChannel(page, 'customer.devices', { customerRef });
    expect(devices).toMatchObject({ ok: true, value: [{ deviceId: 'dev-choi-digital', status: 'RESTRICTED', failCount: 10 }] });
  });
});

test("김영희's Digital OTP reported lost is released with a supervisor's approval and is in use again", async ({ consolePage: page }) => {
  await serveCustomer(page, 'kim');
  await reportKimsPhoneLostByKeyboard(page);
  await expect(deviceRow(page, /디지털OTP 088 분실 신고/)).toBeVisible();

  await page.getByRole('button', { name: '분실 해제: 디지털OTP (010-****-6789, 기관 088)' }).focus();
  await page.keyboard.press('Enter');
  const job = page.getByTestId('supervised-job');
  await expect(job.getByTestId('supervised-summary')).toHaveText(
    '김영희 고객의 디지털OTP (010-****-6789, 기관 088) 분실 신고 해제 (기기를 찾음). 모든 기관에서 신고 전 상태로 돌아갑니다.',
  );
  await expect(job.getByRole('button', { name: '책임자 승인 요청 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(approvalDialog(page).getByLabel('책임자 직원번호')).toBeFocused();
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByRole('button', { name: '분실 해제 실행 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supervised-done')).toHaveText('분실 신고가 해제되었습니다: 디지털OTP (010-****-6789, 기관 088), 현재 상태 사용 중.');
  await expect(deviceRow(page, /디지털OTP 088 사용 중/)).toBeVisible();
  await expect(page.getByRole('button', { name: /^분실 해제: 디지털OTP/ })).toHaveCount(0);
});

test("a teller's session calling the supervisor channels itself is refused", async ({ consolePage: page }) => {
  await serveCustomer(page, 'choi');
  const unlock = await callChannel(page, 'device.unlock', {
    customerRef: 'made-up-customer-ref',
    deviceId: 'dev-choi-digital',
    reason: '승인 없이',
    identityCheckId: 'made-up-check',
    approvalToken: 'an-approval-nobody-gave-0000',
    idempotencyKey: randomUUID(),
  });
  expect(unlock).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
  const exported = await callChannel(page, 'journal.exportCsv', { todayOnly: true });
  expect(exported).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
});
