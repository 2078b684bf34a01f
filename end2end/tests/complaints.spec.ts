import { test, expect, type Page, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// scripts/test.sh passes the server binary and its database, so a test can
// record staff steps (assign, reply) through the domain layer.
const SERVER_BIN = process.env.QINGJIA_SERVER_BIN ?? '../target/release/server';

function staffStep(reference: string, ...args: string[]) {
  execFileSync(SERVER_BIN, ['case', reference, ...args], { env: process.env, stdio: 'pipe' });
}

/** A JPEG made by the browser's canvas, as a phone camera would send one. */
async function makePhoto(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    const g = c.getContext('2d')!;
    g.fillStyle = '#557799';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#ddaa33';
    g.fillRect(40, 60, 200, 100);
    return c.toDataURL('image/jpeg', 0.9);
  });
  await page.close();
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

/** Files a night-time construction noise complaint with one photo. */
async function fileNoiseComplaint(page: Page, photo: Buffer): Promise<{ reference: string; code: string }> {
  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: '我要投诉' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('噪声和餐饮油烟投诉');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('alert')).toContainText('请选择投诉类别');
  await page.getByLabel(/建筑施工噪声/).check();
  await page.getByRole('button', { name: '继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('噪声来自哪里？');
  await page.getByLabel('所在街镇').selectOption({ label: '南翔镇' });
  await page.getByLabel('详细地址').fill('南翔镇古猗园路12号');
  await page.getByRole('button', { name: '继续' }).click();

  await page.getByLabel('夜间（22:00–次日6:00）').check();
  await page.getByLabel('是', { exact: true }).check();
  await page.getByLabel('问题描述').fill('短');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('alert')).toContainText('问题描述至少需要 10 个字');
  await expect(page.getByLabel('夜间（22:00–次日6:00）')).toBeChecked();
  await page.getByLabel('问题描述').fill('工地每晚十一点以后还在打桩，声音很大，无法入睡。');
  await page.getByRole('button', { name: '继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('上传照片（可选）');
  await page.getByLabel('选择照片').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('button', { name: '上传照片' }).click();
  const thumb = page.getByRole('img', { name: '已上传的第 1 张照片' });
  await expect(thumb).toBeVisible();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.getByRole('button', { name: '继续' }).click();

  await page.getByLabel('姓名').fill('张三');
  await page.getByLabel('手机号码').fill('138 1234 5678');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('alert')).toContainText('请阅读并同意个人信息处理说明');
  await expect(page.getByLabel('姓名')).toHaveValue('张三');
  await page.getByLabel('我已阅读并同意个人信息处理说明').check();
  await page.getByRole('button', { name: '继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('提交前请核对');
  await expect(page.getByText('1 张照片')).toBeVisible();
  await page.getByRole('button', { name: '提交投诉' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉已提交');
  const reference = (await page.locator('#reference').textContent())!.trim();
  const code = (await page.locator('#access-code').textContent())!.trim();
  expect(reference).toMatch(/^JD-\d{4}-\d{6}$/);
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.locator('.qr svg')).toBeVisible();
  // A refresh shows the same case; going back does not offer the submitted
  // answers again (the HTTP tests post them twice: still one case).
  await page.reload();
  await expect(page.locator('#reference')).toHaveText(reference);
  // Back: the browser either asks the server again (the submitted draft is
  // gone: the first step, empty) or shows its copy of the check page, whose
  // submit answers with the same case.
  await page.goBack();
  await page.waitForLoadState();
  const submitAgain = page.getByRole('button', { name: '提交投诉' });
  if (await submitAgain.isVisible()) {
    await submitAgain.click();
    await expect(page.locator('#reference')).toHaveText(reference);
  } else {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('噪声和餐饮油烟投诉');
    await expect(page.getByLabel(/建筑施工噪声/)).not.toBeChecked();
  }
  return { reference, code };
}

async function track(page: Page, reference: string, code: string) {
  await page.goto('/track');
  await page.getByLabel('投诉编号').fill(reference);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
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
