import { VirtualCard } from '../support/virtual-card.js';
import { expect, startHost, stopHost, test } from './fixtures.js';

test.describe('status bar', () => {
  test('shows the reader state change when a virtual card connects to the vpcd reader', async ({ consolePage: page }) => {
    const reader = page.getByTestId('reader-state');
    await expect(reader).toHaveText('카드 리더기 준비됨');
    await expect(page.getByTestId('issuer-state')).toHaveText('발급기관 연결됨');

    const card = await VirtualCard.insert();
    try {
      await expect(reader).toHaveText('카드 감지됨');
    } finally {
      await card.remove();
    }
    await expect(reader).toHaveText('카드 리더기 준비됨');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(reader).toHaveText('Reader ready');
  });

  test('says the PC/SC service is not running when pcscd cannot be reached', async ({ page }) => {
    // Point this console's PC/SC client at a socket no daemon listens on.
    const host = await startHost({ env: { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' } });
    await page.goto(host.url);
    await expect(page.getByTestId('reader-state')).toHaveText('PC/SC 서비스가 실행되지 않음');
    await stopHost(host);
  });
});
