// What a resident does on a phone: file a complaint, look it up.
import { expect, type Page, type Browser } from '@playwright/test';

/** A JPEG made by the browser's canvas, as a phone camera would send one. */
export async function makePhoto(browser: Browser): Promise<Buffer> {
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

/** Files a night-time construction noise complaint with one photo;
 * `onReceipt` looks at the receipt while it shows the access code. */
export async function fileNoiseComplaint(
  page: Page,
  photo: Buffer,
  onReceipt?: (page: Page, reference: string, code: string) => Promise<void>,
): Promise<{ reference: string; code: string }> {
  await page.goto('/');
  // The first screen's large button, as a resident on a phone starts.
  await page.getByRole('link', { name: /噪声扰民投诉/ }).click();
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
  await page.getByRole('button', { name: '上传，再加一张' }).click();
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
  if (onReceipt) await onReceipt(page, reference, code);
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

export async function track(page: Page, reference: string, code: string) {
  await page.goto('/track');
  await page.getByLabel('投诉编号').fill(reference);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
}

