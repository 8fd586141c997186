import type { Page } from '@playwright/test';
import { identityCheckBody } from '../support/issuer-fixtures.js';
import { callChannel, expect, expectAccessible, printedText, serveCustomer, tabTo, test } from './fixtures.js';

const KIM_APP = '디지털OTP (010-****-6789, 기관 088)';
const KIM_CARD_020 = '스마트OTP 카드 (003 · 3000****0004, 기관 020)';
const KIM_CARD_088 = '스마트OTP 카드 (003 · 3000****0004, 기관 088)';
const devices = (page: Page) => page.getByTestId('devices');

/** 김영희's card from 020 registered here too, through the card job, typed from its back. */
async function registerKimsCardHere(page: Page) {
  await page.getByRole('button', { name: '스마트OTP 카드 (F3)' }).press('Enter');
  const job = page.getByTestId('card-job');
  await job.getByLabel('벤더코드 (3자리)').fill('003');
  await job.getByLabel('일련번호 (12자리)').fill('300000000004');
  await job.getByLabel('일련번호 (12자리)').press('Enter');
  await page.getByRole('button', { name: '이 기관에 등록 (Enter)' }).press('Enter');
  await page.getByRole('button', { name: '완료' }).click();
  await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 088 사용 중/ })).toBeVisible();
}

test.describe('termination', () => {
  test.beforeEach(async ({ consolePage: page }) => {
    await serveCustomer(page, 'kim');
  });

  test("김영희's Digital OTP is ended by keyboard (F9), at every institution; she is texted and her row reads 해지됨", async ({ consolePage: page }) => {
    // The only termination on offer (her 020 card's is refused): F9 opens it.
    await page.keyboard.press('F9');
    await expect(page.getByRole('radio', { name: '고객 요청' })).toBeFocused();
    await expect(page.getByRole('radio', { name: '고객 요청' })).toBeChecked();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: '매체 변경' })).toBeChecked();
    await expect(page.getByTestId('termination-confirm-sentence')).toHaveText(
      `김영희 고객의 ${KIM_APP}를 해지합니다. 디지털OTP는 하나의 앱이라 모든 기관에서 해지됩니다.`,
    );
    await expectAccessible(page, 'termination form');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('메모 (선택)')).toBeFocused();
    await page.keyboard.type('스마트OTP 카드로 바꿈');
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('termination-receipt')).toContainText(
      new RegExp(`^해지되었습니다: ${escape(KIM_APP)}\\. 접수번호 \\d{8}-\\d{6}, .+\\. 디지털OTP는 하나의 앱이라 모든 기관에서 해지됩니다\\.$`),
    );
    await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-6789');
    await expect(devices(page).getByRole('row', { name: /디지털OTP 088 해지됨/ })).toBeVisible();
    await expectAccessible(page, 'termination receipt');
    // Ended, it is offered nothing more: no second termination, a loss report refused with the reason.
    await expect(page.getByRole('button', { name: `해지: ${KIM_APP}` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `분실 신고: ${KIM_APP}` })).toBeDisabled();
    await expect(page.getByRole('button', { name: `분실 신고: ${KIM_APP}` })).toHaveAccessibleDescription('해지됨 상태라 할 수 없음');
    // What she was texted names the job and the masked device, never her full number.
    const outbox = (await callChannel(page, 'training.smsOutbox', { mobileNumber: '01023456789' })) as {
      ok: true;
      value: { messages: Array<{ text: string }> };
    };
    expect(outbox.value.messages[0]?.text).toContain('해지');
    expect(outbox.value.messages[0]?.text).not.toContain('01023456789');
  });

  test('a card registered here ends here only: its 020 registration stays ACTIVE; the receipt slip says so, masked', async ({ consolePage: page }, testInfo) => {
    await registerKimsCardHere(page);
    await tabTo(page, page.getByRole('button', { name: `해지: ${KIM_CARD_088}` }));
    await page.keyboard.press('F9');
    await expect(page.getByTestId('termination-confirm-sentence')).toHaveText(
      `김영희 고객의 ${KIM_CARD_088}를 해지합니다. 이 기관에서만 해지됩니다; 다른 기관(020) 등록은 그대로입니다.`,
    );
    await page.getByRole('radio', { name: '기타' }).check();
    await page.getByRole('button', { name: '해지 (Enter)' }).press('Enter');

    await expect(page.getByTestId('termination-receipt')).toContainText('이 기관에서만 해지됩니다; 다른 기관(020) 등록은 그대로입니다.');
    await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-6789');
    await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 088 해지됨/ })).toBeVisible();
    await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 020 사용 중/ })).toBeVisible();

    const receiptNo = /접수번호 (\d{8}-\d{6})/.exec((await page.getByTestId('termination-receipt').textContent()) ?? '')?.[1];
    const slip = await printedText(page, testInfo, 'termination-slip');
    expect(slip).toContain('OTP 해지 접수증');
    expect(slip).toContain('고객 김*희');
    expect(slip).toContain(`접수번호 ${receiptNo}`);
    expect(slip).toContain('해지 사유: 기타');
    expect(slip).toContain('다른 기관(020) 등록은 그대로입니다');
    expect(slip).not.toContain('김영희');
    expect(slip).not.toMatch(/010-?2345-?6789/);
  });

  test("the 020 card's termination is refused before anyone presses it, and the issuer agrees (NOT_REGISTERED_HERE)", async ({ consolePage: page }) => {
    const offer = page.getByRole('button', { name: `해지: ${KIM_CARD_020}` });
    await expect(offer).toBeDisabled();
    await expect(offer).toHaveAccessibleDescription('다른 기관 등록이라 그 기관에서만 할 수 있음');
    const { card, checkId, customerRef } = await behindTheScreen(page, (d) => d.institutionCode === '020');
    expect(
      await callChannel(page, 'device.terminate', { customerRef, deviceId: card, identityCheckId: checkId, reason: 'CUSTOMER_REQUEST', idempotencyKey: crypto.randomUUID() }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED_HERE' } });
  });

  test('a device ended elsewhere while its form was open: the issuer refuses (INVALID_DEVICE_STATE) in words and the row catches up', async ({ consolePage: page }) => {
    await page.keyboard.press('F9');
    await expect(page.getByTestId('termination-confirm-sentence')).toContainText(KIM_APP);
    // Another counter ends it first.
    const { card, checkId, customerRef } = await behindTheScreen(page, (d) => d.kind === 'DIGITAL_OTP');
    expect(
      await callChannel(page, 'device.terminate', { customerRef, deviceId: card, identityCheckId: checkId, reason: 'OTHER', idempotencyKey: crypto.randomUUID() }),
    ).toMatchObject({ ok: true });
    await page.getByRole('button', { name: '해지 (Enter)' }).press('Enter');
    await expect(page.getByTestId('termination').getByRole('alert')).toHaveText('기기의 현재 상태에서는 할 수 없는 작업입니다.');
    await expect(page.getByTestId('termination-receipt')).toHaveCount(0);
    // The row catches up with the issuer, so the refusal makes sense to the teller.
    await expect(devices(page).getByRole('row', { name: /디지털OTP 088 해지됨/ })).toBeVisible();
  });

  test("another customer's identity check cannot end her device (HOLDER_MISMATCH): the screen never offers it, the issuer refuses it, nothing changes", async ({
    consolePage: page,
  }) => {
    // The screen only ever sends the visit's own check; a tampered or mistaken call is the issuer's to refuse.
    const { card, customerRef } = await behindTheScreen(page, (d) => d.kind === 'DIGITAL_OTP');
    const hong = (await callChannel(page, 'customer.identify', identityCheckBody('hong'))) as { ok: true; value: { checkId: string } };
    const refused = await callChannel(page, 'device.terminate', {
      customerRef, deviceId: card, identityCheckId: hong.value.checkId, reason: 'CUSTOMER_REQUEST', idempotencyKey: crypto.randomUUID(),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'HOLDER_MISMATCH' } });
    const after = await behindTheScreen(page, (d) => d.kind === 'DIGITAL_OTP');
    const still = (await callChannel(page, 'customer.devices', { customerRef: after.customerRef })) as { ok: true; value: Array<{ deviceId: string; status: string }> };
    expect(still.value.find((d) => d.deviceId === card)?.status).toBe('ACTIVE');
  });

  test('Esc backs out of the termination without doing it', async ({ consolePage: page }) => {
    await page.keyboard.press('F9');
    await expect(page.getByTestId('termination')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('termination')).toHaveCount(0);
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await expect(devices(page).getByRole('row', { name: /디지털OTP 088 사용 중/ })).toBeVisible();
  });

  test('in English the scope is said too', async ({ consolePage: page }) => {
    await registerKimsCardHere(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Terminate: Smart OTP card (003 · 3000****0004, institution 088)' }).click();
    await expect(page.getByTestId('termination-confirm-sentence')).toContainText(
      'It ends at this institution only; its registration at other institutions (020) stays as it is.',
    );
    await page.getByRole('button', { name: 'Cancel (Esc)' }).click();
    await page.getByRole('button', { name: 'Terminate: Digital OTP (010-****-6789, institution 088)' }).click();
    await expect(page.getByTestId('termination-confirm-sentence')).toContainText('A Digital OTP is one app: it ends at every institution.');
  });
});

/** 김영희's identity checked again and one of her devices looked up, from the test, as another counter would. */
async function behindTheScreen(page: Page, which: (device: { kind: string; institutionCode: string; deviceId: string }) => boolean) {
  const identified = (await callChannel(page, 'customer.identify', identityCheckBody('kim'))) as {
    ok: true;
    value: { checkId: string; customer: { customerRef: string; devices: Array<{ kind: string; institutionCode: string; deviceId: string }> } };
  };
  const { checkId, customer } = identified.value;
  const device = customer.devices.find(which);
  if (!device) throw new Error('no such device of 김영희');
  return { checkId, customerRef: customer.customerRef, card: device.deviceId };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
