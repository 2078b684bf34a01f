import { test, expect, type Page } from '@playwright/test';
import { fileNoiseComplaint, makePhoto, track } from './resident';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

// scripts/test.sh passes the server binary and its database, so a test can
// record staff steps (assign, reply) through the domain layer.
const SERVER_BIN = process.env.QINGJIA_SERVER_BIN ?? '../target/release/server';

function staffStep(reference: string, ...args: string[]) {
  execFileSync(SERVER_BIN, ['case', reference, ...args], { env: process.env, stdio: 'pipe' });
}

// With JavaScript, the receipt can be copied and saved as a picture;
// without, neither button shows (the print and long-press hints stay).
async function keepReceipt(page: Page, reference: string, code: string, js: boolean) {
  const copy = page.getByRole('button', { name: '复制编号和查询码' });
  const save = page.getByRole('button', { name: '保存为图片' });
  if (!js) {
    await expect(copy).toHaveCount(0);
    await expect(save).toHaveCount(0);
    await expect(page.getByText('可打印或截图保存本页作为回执')).toBeVisible();
    return;
  }
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await copy.click();
  await expect(page.getByText('已复制编号和查询码')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`投诉编号：${reference}\n查询码：${code}`);
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  await expect(page.getByText('回执图片已生成')).toBeVisible();
  expect(download.suggestedFilename()).toBe(`投诉回执-${reference}.png`);
  const png = await readFile((await download.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // Drawn with the QR code: far more than a blank picture's few KB.
  expect(png.length).toBeGreaterThan(20_000);
}

async function fileTrackAndRate(page: Page, photo: Buffer, js: boolean) {
  const { reference, code } = await fileNoiseComplaint(page, photo, (p, r, c) => keepReceipt(p, r, c, js));
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
  await fileTrackAndRate(page, photo, true);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the same, as plain forms', async ({ page, browser }) => {
    const photo = await makePhoto(browser);
    await fileTrackAndRate(page, photo, false);
  });
});

test('a large phone photo is made smaller in the browser before it is sent', async ({ page }) => {
  // A 12-megapixel photo with fine detail, as a phone camera takes it.
  const big = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 4000;
    c.height = 3000;
    const g = c.getContext('2d')!;
    for (let y = 0; y < 3000; y += 25) {
      for (let x = 0; x < 4000; x += 25) {
        g.fillStyle = `rgb(${(x * 7 + y * 3) % 256}, ${(x * y) % 251}, ${(y * 11) % 256})`;
        g.fillRect(x, y, 25, 25);
      }
    }
    const blob: Blob = await new Promise((done) => c.toBlob((b) => done(b!), 'image/jpeg', 0.95));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  const photo = Buffer.from(big);
  await page.goto('/complaints/new');
  await page.getByLabel(/建筑施工噪声/).check();
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('所在街镇').selectOption({ label: '南翔镇' });
  await page.getByLabel('详细地址').fill('南翔镇古猗园路12号');
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('夜间（22:00–次日6:00）').check();
  await page.getByLabel('是', { exact: true }).check();
  await page.getByLabel('问题描述').fill('工地每晚十一点以后还在打桩，声音很大，无法入睡。');
  await page.getByRole('button', { name: '继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('上传照片（可选）');
  // The island is ready once hydrated.
  await expect(page.locator('p[role=status][data-hydrated="true"]')).toBeAttached();
  const input = page.getByLabel('选择照片');
  await input.setInputFiles({ name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByRole('status').filter({ hasText: '照片已在手机上缩小' })).toBeVisible();
  const sent = await input.evaluate(async (el: HTMLInputElement) => {
    const file = el.files![0];
    const bitmap = await createImageBitmap(file);
    return { name: file.name, type: file.type, size: file.size, width: bitmap.width, height: bitmap.height };
  });
  expect(sent).toMatchObject({ name: 'IMG_2042.jpg', type: 'image/jpeg', width: 2048, height: 1536 });
  expect(sent.size).toBeLessThan(photo.length / 2);
  // The photo chosen goes with "continue" (it was once dropped silently).
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您的联系方式');
  await page.goto('/complaints/new/photos');
  const thumb = page.getByRole('img', { name: '已上传的第 1 张照片' });
  await expect(thumb).toBeVisible();
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test.describe('with the phone\'s position', () => {
  test.use({ geolocation: { latitude: 31.2965, longitude: 121.159 }, permissions: ['geolocation'] });
  test('"use my location" records it, chooses the town and says what is still to type', async ({ page }) => {
    await page.goto('/complaints/new');
    await page.getByLabel(/社会生活噪声/).check();
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.locator('.locate[data-hydrated="true"]')).toBeAttached();
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect(page.getByRole('status')).toContainText('按位置选择了“安亭镇”，请核对');
    await expect(page.getByRole('status')).toContainText('详细地址（路名和门牌号）仍请填写');
    await expect(page.getByLabel('所在街镇')).toHaveValue('anting');
    await expect(page.locator('#latitude')).toHaveValue('31.296500');
    // The address is still the resident's to type: one error, not two.
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.getByRole('alert').locator('li')).toHaveCount(1);
    await expect(page.getByLabel('所在街镇')).toHaveValue('anting');
  });
});

test.describe('with a position outside the district', () => {
  test.use({ geolocation: { latitude: 30.2741, longitude: 120.1551 }, permissions: ['geolocation'] });
  test('"use my location" adds nothing and the resident goes on', async ({ page }) => {
    await page.goto('/complaints/new');
    await page.getByLabel(/社会生活噪声/).check();
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.locator('.locate[data-hydrated="true"]')).toBeAttached();
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect(page.getByRole('status')).toContainText('不在嘉定区内，没有附上');
    await expect(page.locator('#latitude')).toHaveValue('');
    await page.getByLabel('所在街镇').selectOption({ label: '马陆镇' });
    await page.getByLabel('详细地址').fill('马陆镇宝安公路');
    await page.getByRole('button', { name: '继续' }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/哪里/);
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
