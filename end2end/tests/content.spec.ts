import { test, expect } from '@playwright/test';

// The demo campaign's open day has three places (demo seed): residents
// sign up until it is full; then the page says so and offers no form.
test('a resident reads a campaign and signs up for an event until it is full', async ({ page }) => {
  await page.goto('/');
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
    await expect(page.locator('#cancel-link')).toHaveAttribute('href', /\/signups\/cancel\?token=/);
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
  await page.getByRole('link', { name: '内容管理' }).click();
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
