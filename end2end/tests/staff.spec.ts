import { test, expect } from '@playwright/test';

// Demo accounts exist in demo mode (README); scripts/test.sh runs the
// browser tests against a demo-mode server.
const DEMO_PASSWORD = 'qingjia-demo-2026';

test('a dispatcher signs in and out', async ({ page }) => {
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/login$/);
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByText('您已登录：演示受理员（信访受理员）')).toBeVisible();
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
