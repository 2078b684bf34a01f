import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The public statistics (/stats) on a phone, with and without JavaScript,
// in both text sizes and in print. The demo's complaints are all recent,
// so nothing of theirs is published yet: this file starts a second portal
// on two generated years of cases, whose past months are published.
const SERVER_BIN = resolve(process.env.QINGJIA_SERVER_BIN ?? '../target/release/server');
const ROOT = resolve('..');
const PORT = 18_500 + Math.floor(Math.random() * 400);
const STATS_URL = `http://127.0.0.1:${PORT}`;

test.describe.configure({ mode: 'serial' });

let dir = '';
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'qj-stats-'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/stats.db`,
    QINGJIA_ACCESS_CODE_KEY: 'the statistics test key, 1234567890',
    QINGJIA_PHOTO_DIR: join(dir, 'photos'),
    QINGJIA_DEMO: 'false',
    LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
    RUST_LOG: 'warn',
  };
  execFileSync(SERVER_BIN, ['generate', '--cases', '4000', '--years', '2', '--stations', '0'], { env, cwd: ROOT, stdio: 'pipe' });
  server = spawn(SERVER_BIN, ['serve'], { env, cwd: ROOT, stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${STATS_URL}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the statistics portal did not start');
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function phone(browser: Browser, javaScriptEnabled: boolean, size = 'standard', lang = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    baseURL: STATS_URL,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
  await context.addCookies([
    { name: 'qj_text', value: size, url: STATS_URL },
    { name: 'qj_lang', value: lang, url: STATS_URL },
  ]);
  return context.newPage();
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const js of [true, false]) {
  test(`a resident reads the monthly figures on a phone (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
    const page = await phone(browser, js);
    await page.goto('/stats');
    await expect(page.getByRole('heading', { level: 1, name: '投诉办理统计' })).toBeVisible();
    await expect(page.locator('p.lead')).toContainText('公布');
    const overview = page.locator('table.public').first();
    await expect(overview.getByRole('rowheader', { name: '收件量' })).toBeVisible();
    const received = Number(await overview.getByRole('row', { name: /收件量/ }).locator('td').first().textContent());
    expect(received).toBeGreaterThan(0);
    // The map and its text alternative, the table by town.
    await expect(page.locator('#map-on-time > svg')).toBeVisible();
    await expect(page.locator('#map-on-time > svg')).toHaveAttribute('role', 'img');
    await expect(page.getByRole('heading', { name: '按街镇' })).toBeVisible();
    await expect(page.locator('#chart-received svg')).toBeVisible();
    await noSidewaysScroll(page);
    await page.screenshot({ path: `test-results/stats-${js ? 'js' : 'nojs'}.png`, fullPage: true });

    // An earlier month, by the picker and by the link.
    const shown = new URL(page.url()).searchParams.get('month');
    await page.getByRole('link', { name: '上一个月' }).click();
    await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
    const earlier = new URL(page.url()).searchParams.get('month')!;
    expect(earlier).not.toEqual(shown);
    const options = await page.getByLabel('月份', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(6);
    await page.getByLabel('月份', { exact: true }).selectOption(options[5]);
    await page.getByRole('button', { name: '查看' }).click();
    await expect(page).toHaveURL(new RegExp(`month=${options[5]}`));
    await expect(page.getByLabel('月份', { exact: true })).toHaveValue(options[5]);

    // A month that is not published is named, with the picker kept.
    await page.goto('/stats?month=2099-01');
    await expect(page.getByRole('alert')).toContainText('尚未公布');
    await expect(page.getByLabel('月份', { exact: true })).toBeVisible();
  });
}

for (const size of ['standard', 'large']) {
  test(`/stats has no WCAG 2.1 AA violations (${size} text)`, async ({ browser }) => {
    const page = await phone(browser, true, size);
    await page.goto('/stats');
    let results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await noSidewaysScroll(page);
    if (size === 'large') {
      // The elderly-friendly mode: 7:1 text, 60 px targets, no sideways
      // scrolling on a 320 px screen.
      results = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.setViewportSize({ width: 320, height: 800 });
      await noSidewaysScroll(page);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('main select, main button, main nav a')]
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.height > 0 && r.height < 60)
          .map((r) => Math.round(r.height)),
      );
      expect(small).toEqual([]);
    }
  });
}

test('in English, in print and as open data', async ({ browser, request }) => {
  const page = await phone(browser, false, 'standard', 'en');
  await page.goto('/stats');
  await expect(page.getByRole('heading', { level: 1, name: 'Complaints in numbers' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By town' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('form.stats-month-form')).toBeHidden();
  await expect(page.locator('#map-on-time > svg')).toBeVisible();
  // Folded chart numbers are printed open.
  await expect(page.locator('#chart-received table')).toBeVisible();
  await page.screenshot({ path: 'test-results/stats-print-en.png', fullPage: true });

  const csv = await request.get(`${STATS_URL}/stats/complaints-monthly.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'month,breakdown,code,name_zh,name_en,received,on_time_rate,satisfaction_rate,median_working_days_min,median_working_days_max',
  );
  expect(lines.length).toBeGreaterThan(12 * 19);
  for (const line of lines.slice(1)) {
    expect(['1', '2', '3', '4']).not.toContain(line.split(',')[5]);
  }
  const json = await (await request.get(`${STATS_URL}/stats/complaints-monthly.json`)).json();
  expect(json.licence.name).toBe('CC-BY-4.0');
  expect(json.rows.length).toBe(lines.length - 1);
  const pkg = await (await request.get(`${STATS_URL}/stats/datapackage.json`)).json();
  expect(pkg.resources[0].schema.fields.map((f: { name: string }) => f.name)).toEqual(lines[0].split(','));
});

test('the home page and the board lead to the statistics', async ({ page }) => {
  await page.goto('/');
  await page.locator('main').getByRole('link', { name: '投诉办理统计' }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole('heading', { level: 1, name: '投诉办理统计' })).toBeVisible();
  await page.goto('/board');
  await expect(page.locator('main').getByRole('link', { name: '投诉办理统计' })).toBeVisible();
});
