import { test, expect } from '@playwright/test';

// The demo campaign's open day has three places (demo seed): residents
// sign up until it is full; then the page says so and offers no form.
test('a resident reads a campaign and signs up for an event until it is full', async ({ page }) => {
  await page.goto('/');
  // A link before the WASM takes over, a button after: either opens it.
  await page.locator('a.menu-button').click();
  await page.getByRole('navigation').getByRole('link', { name: '环境日活动' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('环境日活动');
  await page.getByRole('link', { name: /六五环境日/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: '活动安排' })).toBeVisible();
  const openDay = page.locator('.event', { hasText: '公众开放日' });
  await expect(openDay.getByText('剩余名额 3（共 3 个）')).toBeVisible();

  // A missing name is named; the number typed is kept.
  await openDay.getByLabel('手机号码', { exact: true }).fill('139 0000 0001');
  await openDay.getByLabel(/我同意/).check();
  await openDay.getByRole('button', { name: '报名' }).click();
  await expect(page.getByRole('alert')).toContainText('请填写姓名');
  const again = page.locator('.event', { hasText: '公众开放日' });
  await expect(again.getByLabel('手机号码', { exact: true })).toHaveValue('139 0000 0001');

  for (const [i, name] of ['张三', '李四', '王五'].entries()) {
    await page.goto('/campaigns');
    await page.getByRole('link', { name: /六五环境日/ }).click();
    const event = page.locator('.event', { hasText: '公众开放日' });
    await event.getByLabel('姓名', { exact: true }).fill(name);
    await event.getByLabel('手机号码', { exact: true }).fill(`1390000000${i + 2}`);
    await event.getByLabel(/我同意/).check();
    await event.getByRole('button', { name: '报名' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('报名成功');
    await expect(page.getByText(`139****000${i + 2}`)).toBeVisible();
    // The cancellation link goes by text message, never onto the page.
    await expect(page.locator('#cancel-by-text')).toContainText('确认短信已发送至');
  }
  await page.goto('/campaigns');
  await page.getByRole('link', { name: /六五环境日/ }).click();
  const full = page.locator('.event', { hasText: '公众开放日' });
  await expect(full.getByText('名额已满。')).toBeVisible();
  await expect(full.getByRole('button', { name: '报名' })).toHaveCount(0);
  await expect(page.getByText('13900000002')).toHaveCount(0);
});

test('news: list, tags, an article and the feed', async ({ page, request }) => {
  await page.goto('/news');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新闻动态');
  await page.getByRole('link', { name: '通知公告' }).click();
  await page.getByRole('link', { name: /夜间施工/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('夜间施工');
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /夜间施工/);
  const feed = await request.get('/news/feed.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  expect(await feed.text()).toContain('<entry>');
});

test('an editor publishes a news article and readers see it', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('editor');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('main').getByRole('link', { name: '内容管理' }).click();
  await page.getByRole('link', { name: '新建新闻' }).click();
  await page.getByLabel('标题').fill('嘉定区开展夏季夜间噪声专项检查');
  await page.getByLabel(/网址名称/).fill('summer-night-noise-checks');
  await page.getByLabel('栏目').selectOption({ label: '通知公告' });
  await page.getByLabel(/摘要/).fill('六月至八月，在重点区域开展夜间施工和商业噪声专项检查。');
  await page.getByLabel('正文', { exact: true }).fill('## 检查范围\n\n- 建筑工地\n- 商业街区\n\n<script>alert(1)</script>');
  await page.getByLabel('状态').selectOption({ label: '已发布' });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存。');
  await page.getByRole('link', { name: '查看公开页面' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('嘉定区开展夏季夜间噪声专项检查');
  await expect(page.getByRole('heading', { level: 2, name: '检查范围' })).toBeVisible();
  await expect(page.locator('.prose script')).toHaveCount(0);
  await page.goto('/news');
  await expect(page.getByRole('link', { name: '嘉定区开展夏季夜间噪声专项检查' })).toBeVisible();
});

// A 1×1 PNG: the server re-encodes it as the cover's JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Shanghai wall-clock time `days` from now, as datetime-local wants it. */
function localIn(days: number): string {
  const shanghai = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return shanghai.toISOString().slice(0, 16);
}

test('an editor builds a campaign with a cover and an event; residents see them', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('editor');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('main').getByRole('link', { name: '内容管理' }).click();
  await page.getByRole('link', { name: '新建活动' }).click();
  await page.getByLabel('标题').fill('全国生态日：走进嘉定湿地');
  await page.getByLabel(/网址名称/).fill('ecology-day-wetland');
  await page.getByLabel('所属环境日').selectOption({ label: '全国生态日 (08-15)' });
  await page.getByLabel(/摘要/).fill('跟随讲解员走进嘉定的湿地公园，认识本地的鸟类和水生植物。');
  await page.getByLabel('正文', { exact: true }).fill('## 活动内容\n\n观鸟、湿地科普讲解。');
  await page.getByLabel('封面图片说明').fill('湿地公园的水面与芦苇');
  await page.getByLabel('状态').selectOption({ label: '已发布' });
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('#notice')).toHaveText('已保存。');

  await page.getByLabel('选择图片').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: '上传封面' }).click();
  await expect(page.locator('#notice')).toHaveText('封面图片已更新。');
  await expect(page.locator('img.cover-preview')).toHaveJSProperty('naturalWidth', 1);

  await page.getByRole('link', { name: '添加场次' }).click();
  await page.getByLabel('场次名称').fill('湿地观鸟导览');
  await page.getByLabel('地点', { exact: true }).fill('嘉定紫气东来湿地公园东门');
  await page.getByLabel('开始时间', { exact: true }).fill(localIn(20));
  await page.getByLabel('结束时间', { exact: true }).fill(localIn(19));
  await page.getByLabel('名额').fill('25');
  await page.getByLabel('报名开始时间').fill(localIn(-1));
  await page.getByLabel(/报名截止时间/).fill(localIn(18));
  await page.getByRole('button', { name: '保存' }).click();
  // Ends before it starts: named, and what was typed stays.
  await expect(page.getByRole('alert')).toContainText('结束时间应晚于开始时间');
  await expect(page.getByLabel('场次名称')).toHaveValue('湿地观鸟导览');
  await page.getByLabel('结束时间', { exact: true }).fill(localIn(21));
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('#notice')).toHaveText('场次已保存。');
  await expect(page.getByRole('cell', { name: '已报名 0 / 共 25' })).toBeVisible();

  await page.getByRole('link', { name: '查看公开页面' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('全国生态日：走进嘉定湿地');
  await expect(page.getByAltText('湿地公园的水面与芦苇')).toHaveJSProperty('naturalWidth', 1);
  const event = page.locator('.event', { hasText: '湿地观鸟导览' });
  await expect(event.getByText('剩余名额 25（共 25 个）')).toBeVisible();
  await page.goto('/campaigns');
  await expect(page.getByRole('link', { name: '全国生态日：走进嘉定湿地' })).toBeVisible();
});
