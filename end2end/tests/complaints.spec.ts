import { test, expect, type Page } from '@playwright/test';
import { fileNoiseComplaint, makePhoto, track } from './resident';
import { execFileSync } from 'node:child_process';

// scripts/test.sh passes the server binary and its database, so a test can
// record staff steps (assign, reply) through the domain layer.
const SERVER_BIN = process.env.QINGJIA_SERVER_BIN ?? '../target/release/server';

function staffStep(reference: string, ...args: string[]) {
  execFileSync(SERVER_BIN, ['case', reference, ...args], { env: process.env, stdio: 'pipe' });
}

async function fileTrackAndRate(page: Page, photo: Buffer) {
  const { reference, code } = await fileNoiseComplaint(page, photo);
  await track(page, reference, code);
  await expect(page.locator('.status')).toHaveText('已提交');
  await expect(page.getByText('投诉已提交')).toBeVisible();
  await expect(page.getByText('张三')).toHaveCount(0);

  staffStep(reference, 'assign', '--unit', 'nanxiang');
  staffStep(reference, 'reply', '--outcome', 'fixed', '--text', '经现场检查，已责令工地停止夜间施工。');

  await track(page, reference, code);
  await expect(page.locator('.status')).toHaveText('已答复');
  await expect(page.getByText('经现场检查，已责令工地停止夜间施工。')).toBeVisible();
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByLabel('意见（可选）').fill('处理及时');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('status')).toHaveText('感谢您的评价，已记录。');
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);
}

test('a resident files a noise complaint with a photo, tracks it and rates the reply', async ({ page, browser }) => {
  const photo = await makePhoto(browser);
  await fileTrackAndRate(page, photo);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the same, as plain forms', async ({ page, browser }) => {
    const photo = await makePhoto(browser);
    await fileTrackAndRate(page, photo);
  });
});

test('a wrong access code is refused without saying whether the reference exists', async ({ page }) => {
  await page.goto('/track');
  await page.getByLabel('投诉编号').fill('JD-2026-000001');
  await page.getByLabel('查询码').fill('AAAA-AAAA');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('alert')).toContainText('没有找到与该编号和查询码相符的投诉');
  await expect(page.getByLabel('投诉编号')).toHaveValue('JD-2026-000001');
});

test('the public board and the page for other problems', async ({ page }) => {
  await page.goto('/board');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉公开');
  await expect(page.getByText('13812345678')).toHaveCount(0);
  await page.goto('/complaints/new');
  await page.getByRole('link', { name: /其他环境问题/ }).click();
  await expect(page.getByText('上海市民服务热线：12345（24小时）')).toBeVisible();
});
