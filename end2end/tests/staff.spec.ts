import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';

// Demo accounts exist in demo mode (README); scripts/test.sh runs the
// browser tests against a demo-mode server.
const DEMO_PASSWORD = 'qingjia-demo-2026';
// The demo administrator's two-step verification key (README).
const DEMO_TOTP_SECRET = 'QJDEMOQJDEMOQJDEMOQJDEMOQJDEMOQJ';

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 key, as an authenticator app shows it. */
function totp(secret: string, unixSeconds = Date.now() / 1000): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

test('a dispatcher signs in and out', async ({ page }) => {
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/login$/);
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByText('您已登录：演示受理员（信访受理员）')).toBeVisible();
  // On a phone the staff's own menu: their pages, none of the public ones,
  // and signing out from any page.
  await page.getByRole('main').getByRole('link', { name: '案件办理' }).click();
  await expect(page).toHaveURL(/\/staff\/cases$/);
  await page.getByRole('button', { name: '菜单' }).click();
  const nav = page.getByRole('navigation', { name: '工作人员导航' });
  await expect(nav.getByRole('link', { name: '工作台' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '案件办理' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: '空气质量', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/login$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('a wrong password is named, and the username kept', async ({ page }) => {
    await page.goto('/staff/login');
    await page.getByLabel('用户名').fill('editor');
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('出现以下问题');
    await expect(summary).toContainText('用户名或密码不正确');
    await expect(page.getByLabel('用户名')).toHaveValue('editor');
    await expect(page.getByLabel('密码')).toHaveValue('');
  });
});

test('an administrator previews a CSV file and imports it', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  // Administrators sign in with a one-time code too.
  await expect(page).toHaveURL(/\/staff\/login\/code$/);
  await page.getByLabel('验证码').fill('000000' === totp(DEMO_TOTP_SECRET) ? '111111' : '000000');
  await page.getByRole('button', { name: '验证' }).click();
  await expect(page.getByRole('alert')).toContainText('验证码不正确');
  await page.getByLabel('验证码').fill(totp(DEMO_TOTP_SECRET));
  await page.getByRole('button', { name: '验证' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('main').getByRole('link', { name: '空气质量数据导入' }).click();
  await expect(page).toHaveURL(/\/staff\/air\/import$/);
  const csv = [
    'station,hour,pm25,pm10,o3,no2,so2,co',
    'demo-malu,2025-03-01 10:00,35,50,60,20,5,0.6',
    'demo-malu,2025-03-01 11:00,-3,50,60,20,5,0.6',
  ].join('\n');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('heading', { name: '预览：march.csv' })).toBeVisible();
  await expect(page.getByText('1 行可以导入，1 行有问题。')).toBeVisible();
  await expect(page.getByRole('row', { name: /3 PM2.5 为负数/ })).toBeVisible();
  await page.getByRole('button', { name: '仅导入有效的 1 行' }).click();
  await expect(page.getByRole('status')).toHaveText('已导入 1 条小时数据。');
});
