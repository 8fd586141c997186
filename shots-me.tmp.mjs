import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const dataDir = mkdtempSync('/tmp/x/shots-data-');
const host = spawn(process.execPath, ['dist/main/host/cli.js', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' } });
let out = '';
const url = await new Promise((resolve) => host.stdout.on('data', (c) => { out += c; const m = /listening on (\S+)/.exec(out); if (m) resolve(m[1]); }));
const killer = setTimeout(() => { host.kill('SIGTERM'); process.exit(3); }, 240000);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
for (const lang of ['ko', 'en']) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  try {
  await page.goto(url);
  const shot = (n) => page.screenshot({ path: `/tmp/x/s/${n}-${lang}.png` });
  await page.getByLabel(/직원번호|Staff ID/).fill('T0001');
  await page.getByLabel(/비밀번호|Password/).fill('teller-pass-1');
  await page.keyboard.press('Enter');
  await page.getByTestId('welcome').waitFor();
  if (lang === 'en') { await page.getByRole('button', { name: 'Switch to English' }).click(); await page.waitForTimeout(500); }
  await page.locator('input').nth(3).waitFor();
  await page.getByLabel(/벤더코드|Vendor code/).fill('002');
  await page.getByLabel(/일련번호|Serial/).fill('200000000006');
  await page.getByLabel(/일련번호|Serial/).press('Enter');
  await page.getByTestId('tapped-card').waitFor();
  await page.waitForTimeout(300);
  await shot('home-lost-card');
  await page.getByLabel(/신분증 종류|ID document/).selectOption('RESIDENT_CARD');
  await page.getByLabel(/^(성명|Name)/).fill('홍길동');
  await page.getByLabel(/주민등록번호|Resident registration/).fill('900101-1123459');
  await page.getByLabel(/발급일자|Issue date/).fill('2015-03-02');
  await page.getByLabel(/발급일자|Issue date/).press('Enter');
  await page.getByTestId('tapped-card-holder').waitFor();
  await page.waitForTimeout(500);
  await shot('customer-hong-lost-card');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  // kim: steal report
  await page.getByLabel(/신분증 종류|ID document/).selectOption('DRIVER_LICENSE');
  await page.getByLabel(/^(성명|Name)/).fill('김영희');
  await page.getByLabel(/주민등록번호|Resident registration/).fill('850615-2234565');
  await page.getByLabel(/발급일자|Issue date/).fill('2019-07-10');
  await page.getByLabel(/발급일자|Issue date/).press('Enter');
  await page.getByTestId('customer-page').waitFor();
  await page.keyboard.press('F4');
  await page.keyboard.press('F4');
  await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'radio');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  await page.keyboard.type('subway');
  await page.keyboard.press('Enter');
  await page.getByTestId('loss-receipt').waitFor();
  await page.waitForTimeout(500);
  await shot('kim-stolen-receipt');
} catch (e) { console.error(lang, e.message.slice(0, 300)); await page.screenshot({ path: `/tmp/x/s/fail-${lang}.png` }); }
  await page.keyboard.press('Escape'); await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /로그아웃|Log out/ }).click();
  await page.waitForTimeout(500);
  await page.close();
}
} finally { clearTimeout(killer); await browser.close(); host.kill('SIGTERM'); }
