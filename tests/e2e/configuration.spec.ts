import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startHost, stopHost, test, type ConsoleHost } from './fixtures.js';

/**
 * The configuration as IT meets it at the counter: a broken one stops the console on a screen
 * that names each bad setting, its source and the fix; a good one shows where every value came
 * from, and what policy set cannot be changed at the counter.
 */
let policyDir: string;
let host: ConsoleHost | null = null;
test.beforeEach(() => {
  policyDir = mkdtempSync(join(tmpdir(), 'console-policy-'));
});
test.afterEach(async () => {
  if (host) await stopHost(host);
  host = null;
  rmSync(policyDir, { recursive: true, force: true });
});

/** A host whose machine policy file and config.json hold what the test says. */
async function hostWith({ policy, config }: { policy?: object; config?: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const policyFile = join(policyDir, 'policy.json');
  if (policy) writeFileSync(policyFile, JSON.stringify(policy));
  if (config !== undefined) writeFileSync(join(dataDir, 'config.json'), config);
  host = await startHost({ dataDir, args: ['--policy', policyFile] });
  return host;
}

test('a bad configuration stops the console on a screen naming each setting, its source and the fix', async ({ page }) => {
  const { url, dataDir } = await hostWith({ policy: { IssuerUrl: 'http://issuer.example' }, config: '{ "idleLockSecond": 100 }' });
  await page.goto(url);

  await expect(page.getByRole('heading', { name: '콘솔 설정에 오류가 있어 시작할 수 없습니다' })).toBeVisible();
  const problems = page.getByTestId('config-problem');
  await expect(problems).toHaveCount(2);
  const issuer = problems.filter({ hasText: 'issuer.url' });
  await expect(issuer).toContainText('기기 정책');
  await expect(issuer).toContainText('발급기관 주소가 https가 아닙니다.');
  await expect(issuer).toContainText('https:// 로 시작하는 주소를 쓰세요.');
  await expect(issuer).toContainText('IssuerUrl');
  const typo = problems.filter({ hasText: 'idleLockSecond' });
  await expect(typo).toContainText('설정 파일');
  await expect(typo).toContainText(join(dataDir, 'config.json'));
  await expect(typo).toContainText('이름의 철자를 고치거나 지우세요.');

  // Nothing else runs: no login, no training banner.
  await expect(page.getByLabel('직원번호')).toHaveCount(0);
  await expect(page.getByTestId('training-banner')).toHaveCount(0);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { name: 'The console cannot start: its configuration has errors' })).toBeVisible();
  await expect(issuer).toContainText('Use an address starting with https://.');
});

for (const [what, text] of [
  ['null', 'null'],
  ['an array', '[]'],
  ['broken JSON', '{ "issuer": '],
] as const) {
  test(`a config.json holding ${what} is an error, never an empty configuration in training mode`, async ({ page }) => {
    await page.goto((await hostWith({ config: text })).url);
    await expect(page.getByTestId('config-problem')).toHaveCount(1);
    await expect(page.getByTestId('config-problem')).toContainText('설정 파일');
    await expect(page.getByTestId('training-banner')).toHaveCount(0);
  });
}

test('IT sees where each value came from; a language set by policy cannot be switched at the counter', async ({ page }) => {
  const { url } = await hostWith({ policy: { Language: 'en', TerminalId: 'T-POLICY-1' }, config: JSON.stringify({ idleLockSeconds: 240 }) });
  await page.goto(url);

  await expect(page.getByRole('status', { name: 'Status' })).toContainText('Terminal T-POLICY-1');
  const language = page.getByRole('button', { name: '한국어로 전환' });
  await expect(language).toBeDisabled();
  await expect(language).toContainText('set by policy');

  await page.getByRole('button', { name: 'Configuration' }).click();
  const dialog = page.getByRole('dialog', { name: 'Console configuration' });
  const row = (key: string) => dialog.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key }) });
  await expect(row('terminal.terminalId')).toContainText('T-POLICY-1');
  await expect(row('terminal.terminalId')).toContainText('Machine policy');
  await expect(row('idleLockSeconds')).toContainText('240');
  await expect(row('idleLockSeconds')).toContainText('Config file');
  await expect(row('issuer.url')).toContainText('(not set)');
  await expect(row('issuer.url')).toContainText('Default');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
