import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// The handling-quality dashboard on a phone, with and without JavaScript,
// in both text sizes: the demo's cases give it figures.
const DEMO_PASSWORD = 'qingjia-demo-2026';

async function leaderPhone(browser: Browser, javaScriptEnabled: boolean, size = 'standard'): Promise<Page> {
  const baseURL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
  await context.addCookies([{ name: 'qj_text', value: size, url: baseURL }]);
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const js of [true, false]) {
  test(`a leader reads the dashboard on a phone and changes its period (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
    const page = await leaderPhone(browser, js);
    await page.goto('/staff');
    // The staff menu sits behind the header's menu link on a phone.
    await page.goto('/staff/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: '办理质效' })).toBeVisible();
    const figures = page.locator('table.figures');
    await expect(figures.getByRole('rowheader', { name: '收件量' })).toBeVisible();
    await expect(figures.getByRole('rowheader', { name: '按期办结率' })).toBeVisible();
    // The demo's complaints came in the last ten days.
    const day = (daysAgo: number) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('时间段').selectOption('custom');
    await page.getByLabel('起始日期').fill(day(30));
    await page.getByLabel('结束日期').fill(day(0));
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/period=custom/);
    const received = figures.getByRole('row', { name: /收件量/ }).locator('td').first();
    const count = Number(await received.textContent());
    expect(count).toBeGreaterThan(0);
    // The figure opens the cases behind it, as many as it says.
    await page.getByRole('link', { name: '查看案件 收件量' }).click();
    await expect(page).toHaveURL(/\/staff\/cases\?.*received=/);
    await expect(page.locator('#from-dashboard')).toContainText('收件');
    await expect(page.locator('#results')).toContainText(String(count));
    await expect(page.locator('table.cases tbody tr').first()).toBeVisible();
    await noSidewaysScroll(page);
    await page.goBack();
    for (const id of ['chart-intake', 'chart-rates', 'chart-ages']) {
      await expect(page.locator(`#${id} svg`)).toBeVisible();
    }
    await noSidewaysScroll(page);
    await page.screenshot({ path: `test-results/dashboard-${js ? 'js' : 'nojs'}.png`, fullPage: true });

    // This year, then dates it cannot read: named, typed dates kept.
    await page.getByLabel('时间段').selectOption('this_year');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/period=this_year/);
    await expect(page.locator('p.lead')).toContainText('1月1日至');
    await page.getByLabel('时间段').selectOption('custom');
    await page.getByLabel('起始日期').fill('2026-03-31');
    await page.getByLabel('结束日期').fill('2026-03-01');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.getByRole('alert')).toContainText('结束日期早于起始日期');
    await expect(page.getByLabel('起始日期')).toHaveValue('2026-03-31');

    // A column header sorts the units' table.
    await page.goto('/staff/dashboard');
    await page.locator('table.groups').first().getByRole('link', { name: '按期办结率' }).click();
    await expect(page).toHaveURL(/sort=on_time/);
    await expect(page.locator('table.groups th[aria-sort="descending"]').first()).toBeVisible();
  });
}

for (const size of ['standard', 'large']) {
  test(`the dashboard has no WCAG 2.1 AA violations (${size} text)`, async ({ browser }) => {
    const page = await leaderPhone(browser, true, size);
    await page.goto('/staff/dashboard');
    let results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    if (size === 'large') {
      results = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
    }
    await noSidewaysScroll(page);
  });
}
