import { test, expect, type Page } from '@playwright/test';

/** A noise complaint started under the worker's control, at its details step. */
async function toDetails(page: Page) {
  await page.goto('/complaints/new');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.getByLabel(/社会生活噪声/).check();
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('所在街镇').selectOption({ label: '南翔镇' });
  await page.getByLabel('详细地址').fill('南翔镇德园路');
  await page.getByRole('button', { name: '继续' }).click();
}

/** How many complaint steps the worker keeps on the phone. */
function keptSteps(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((done) => {
        const open = indexedDB.open('qingjia', 1);
        // As the worker makes it, should this be the first to open it.
        open.onupgradeneeded = () => open.result.createObjectStore('steps', { keyPath: 'id', autoIncrement: true });
        open.onsuccess = () => {
          const count = open.result.transaction('steps').objectStore('steps').count();
          count.onsuccess = () => done(count.result);
        };
      }),
  );
}

// The installable portal and filing without signal (ADR 014).

test('the manifest meets Chromium\'s installability criteria and the worker controls the page', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, which is no fault of the site's.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest.display).toBe('standalone');
  for (const icon of manifest.icons.filter((i: { type: string }) => i.type === 'image/png')) {
    const response = await page.request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});

test('offline, a page read before is still there and others say what still works', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto('/news');
  await page.goto('/');
  await context.setOffline(true);
  await page.goto('/news');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新闻动态');
  await page.goto('/campaigns/no-such-campaign-read-before');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('目前没有网络连接');
  await expect(page.getByRole('main').getByText(/12345/)).toBeVisible();
  await context.setOffline(false);
});

test('a complaint continued without signal is sent once when the phone is back online', async ({ page, context, browser }) => {
  await toDetails(page);

  // The signal goes on the next step.
  await context.setOffline(true);
  await expect(page.locator('.connection-offline')).toBeVisible();
  for (const group of await page.locator('fieldset').all()) {
    await group.locator('input[type="radio"]').first().check();
  }
  await page.getByLabel('问题描述').fill('楼下的商铺每晚开着音响到十二点，吵得孩子睡不着。');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('目前没有网络连接');
  await expect(page.getByText('已保存在这部手机上')).toBeVisible();

  // Back online: the kept step is sent by itself; the resident goes on.
  await context.setOffline(false);
  await page.goto('/');
  const sent = page.locator('.connection').getByText('已经发送');
  await expect(sent).toBeVisible({ timeout: 20_000 });
  await page.locator('.connection').getByRole('link', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('上传照片（可选）');
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByLabel('姓名').fill('赵七');
  // A number of this run's own, so the count below is this complaint's.
  const phone = `136${String(Date.now()).slice(-8)}`;
  await page.getByLabel('手机号码').fill(phone);
  await page.getByLabel('我已阅读并同意个人信息处理说明').check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByText('楼下的商铺每晚开着音响到十二点')).toBeVisible();

  // Submitted without signal: kept, then filed when back online, and the
  // receipt (reference and access code) waits for the resident.
  await context.setOffline(true);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByText('已保存在这部手机上')).toBeVisible();
  // Submitted again, still without signal (a reload posts the form again):
  // the one kept before is replaced, not sent twice (the second would show
  // no access code).
  const again = await page.evaluate(async () => {
    const r = await fetch('/complaints/new/check', { method: 'POST', body: new URLSearchParams() });
    return r.text();
  });
  expect(again).toContain('已保存在这部手机上');
  expect(
    await keptSteps(page),
  ).toBe(1);
  await context.setOffline(false);
  await page.goto('/');
  await expect(page.locator('.connection').getByText('已经发送')).toBeVisible({ timeout: 20_000 });
  await page.locator('.connection').getByRole('link', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉已提交');
  await expect(page.locator('#reference')).toHaveText(/^JD-\d{4}-\d{6}$/);
  await expect(page.locator('#access-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // Exactly one case: the dispatcher finds one by the phone number.
  const desk = await browser.newPage({ locale: 'zh-CN' });
  await desk.goto('/staff/login');
  await desk.getByLabel('用户名').fill('dispatcher');
  await desk.getByLabel('密码').fill('qingjia-demo-2026');
  await desk.getByRole('button', { name: '登录' }).click();
  await desk.goto(`/staff/cases?status=all&q=${phone}`);
  await expect(desk.locator('#results')).toHaveText('共 1 件');
  await desk.close();
});

test('a photo larger than the server takes is never kept: the step says why', async ({ page }) => {
  await toDetails(page);
  for (const group of await page.locator('fieldset').all()) {
    await group.locator('input[type="radio"]').first().check();
  }
  await page.getByLabel('问题描述').fill('楼下的商铺每晚开着音响到十二点，吵得孩子睡不着。');
  await page.getByRole('button', { name: '继续' }).click();
  // 11 MB that no browser can draw smaller: sent as it is.
  await page.getByLabel('选择照片').setInputFiles({
    name: 'huge.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.alloc(11 * 1024 * 1024, 7),
  });
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page).toHaveURL(/problem=too_large/);
  await expect(page.getByText('照片过大').first()).toBeVisible();
  expect(
    await keptSteps(page),
  ).toBe(0);
});
