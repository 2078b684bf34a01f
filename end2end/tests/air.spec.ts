import { test, expect, type APIRequestContext } from '@playwright/test';

// The server runs with demo data and the push token below (scripts/test.sh).
const TOKEN = process.env.AIR_PUSH_TOKEN ?? 'e2e-feed-token';
const DEMO_STATIONS = ['demo-jiading-town', 'demo-nanxiang', 'demo-anting', 'demo-malu'];

async function pushDay(request: APIRequestContext, pm25: number) {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const readings = [];
  for (let k = 0; k < 24; k++) {
    const hour = new Date(now.getTime() - k * 3600_000).toISOString();
    for (const station of DEMO_STATIONS) {
      readings.push({ station, hour, pm25, pm10: pm25 * 1.3, o3: 40, no2: 30, so2: 6, co: 0.8 });
    }
  }
  const res = await request.post('/api/air/readings', {
    headers: { authorization: `Bearer ${TOKEN}` },
    data: { readings },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test('home shows the current AQI with its category and advice', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('section[aria-labelledby="home-air"]');
  await expect(card.locator('.aqi-badge .aqi-number')).toHaveText(/^\d+$/);
  await expect(card.locator('.aqi-name')).toHaveText(/优|良|轻度污染|中度污染|重度污染|严重污染/);
  await expect(card.getByText('首要污染物')).toBeVisible();
  await expect(card.getByText('演示数据')).toBeVisible();
  await card.getByRole('link', { name: '查看详细空气质量' }).click();
  await expect(page).toHaveURL(/\/air$/);
  await expect(page.getByRole('heading', { level: 1, name: '空气质量' })).toBeVisible();
});

test('air page: stations, labelled charts with data tables, calendar, targets', async ({ page }) => {
  await page.goto('/air');
  // A link before the WASM takes over, a button after: either opens it.
  await page.locator('a.menu-button').click();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '空气质量' }))
    .toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('row', { name: /嘉定城区（演示）/ })).toBeVisible();

  const chart = page.getByRole('img', { name: '最近48小时空气质量指数' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect')).toHaveCount(48);
  await expect(page.getByRole('img', { name: '最近30天每日空气质量指数' }).locator('rect')).toHaveCount(30);

  // The chart's data as a table, for screen readers and for anyone.
  const figure = page.locator('#chart-48h');
  await figure.getByText('查看数据表').click();
  await expect(figure.locator('tbody tr')).toHaveCount(48);

  await expect(page.getByRole('img', { name: /年每日空气质量/ })).toBeVisible();
  const calendar = page.locator('figure.calendar');
  // A day of the calendar: coloured by its category, titled with its AQI.
  const day = calendar.locator('svg use').first();
  await expect(day).toHaveAttribute('class', /^k[0-6]$/);
  await expect(day.locator('title')).toHaveText(/^1\/1 (AQI \d+ \S+|无数据)$/);
  expect(await day.evaluate((e) => getComputedStyle(e).fill)).not.toBe('rgb(0, 0, 0)');
  await calendar.getByText('查看数据表').click();
  await expect(calendar.getByRole('row', { name: /^1月/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /年目标进度/ })).toBeVisible();
  await expect(page.getByText('目标 ≥ 88%')).toBeVisible();
  await expect(page.getByText('目标 ≤ 30 µg/m³')).toBeVisible();

  await page.getByRole('link', { name: '南翔（演示）' }).click();
  await expect(page).toHaveURL(/\/air\/stations\/demo-nanxiang$/);
  await expect(page.getByRole('heading', { level: 1, name: '南翔（演示）' })).toBeVisible();
  await expect(page.getByRole('img', { name: '最近48小时空气质量指数' })).toBeVisible();
});

test('heavy pollution puts a warning on every page, and it goes when the air clears', async ({ page, request }) => {
  await pushDay(request, 400);
  await page.goto('/');
  const banner = page.getByRole('alert');
  await expect(banner).toContainText('重度污染');
  await page.goto('/air');
  await expect(page.getByRole('alert')).toContainText('重度污染');
  await expect(page.locator('#district-now ~ .air-summary .aqi-name')).toHaveText('严重污染');

  await pushDay(request, 20);
  await page.goto('/');
  await expect(page.locator('.heavy-banner')).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the air page and its charts are complete', async ({ page }) => {
    await page.goto('/air');
    await expect(page.getByRole('img', { name: '最近48小时空气质量指数' }).locator('rect')).toHaveCount(48);
    await page.locator('#chart-30d').getByText('查看数据表').click();
    await expect(page.locator('#chart-30d tbody tr')).toHaveCount(30);
  });
});
