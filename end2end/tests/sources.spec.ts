import { test, expect, type Page } from '@playwright/test';

// Demo accounts and the demo restaurant (README's demo mode): the demo has
// three cooking-fume complaints about 演示烧烤店 linked to it.
const DEMO_PASSWORD = 'qingjia-demo-2026';

/** Files a cooking-fume complaint about the demo restaurant as plain forms; its reference. */
async function fileAboutTheDemoRestaurant(page: Page): Promise<string> {
  const post = async (path: string, form: Record<string, string>) => {
    const r = await page.request.post(path, { form, maxRedirects: 0 });
    expect(r.status(), `${path}: ${await r.text()}`).toBe(303);
  };
  await post('/complaints/new', { category: 'fumes_restaurant' });
  await post('/complaints/new/location', { town: 'jiadingzhen', address: '嘉定镇街道城中路某饭店旁', latitude: '', longitude: '' });
  await post('/complaints/new/details', { business: '演示烧烤店', fume_kind: 'both', description: '烧烤店油烟又直排了，晚上整栋楼都是烟味。' });
  await post('/complaints/new/photos/done', {});
  await post('/complaints/new/contact', { name: '李四', phone: '13712345678', email: '', consent: 'yes' });
  await post('/complaints/new/check', {});
  await page.goto('/complaints/done');
  const reference = (await page.locator('#reference').textContent())!.trim();
  expect(reference).toMatch(/^JD-\d{4}-\d{6}$/);
  return reference;
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a dispatcher on a phone links a complaint in one tap and turns its warning into a screening task', async ({ page }) => {
  const reference = await fileAboutTheDemoRestaurant(page);

  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);

  await page.goto(`/staff/cases/${reference}`);
  const source = page.locator('#source');
  await expect(source.getByRole('heading', { name: '污染源' })).toBeVisible();
  // The best suggestion is the restaurant the resident named: one tap.
  const link = source.getByRole('button', { name: '关联到“演示烧烤店”' });
  await expect(link).toBeVisible();
  await noSidewaysScroll(page);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/staff/cases/${reference}#source$`));
  await expect(source.getByRole('link', { name: '已关联：演示烧烤店' })).toBeVisible();
  // The link is in the case's trail, for staff only.
  await expect(page.locator('.timeline').getByText('关联污染源')).toBeVisible();

  // The restaurant's warning now counts this complaint too.
  const warning = source.getByRole('link', { name: /^预警 #\d+$/ }).first();
  await expect(warning).toBeVisible();
  await warning.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('预警 #');
  await expect(page.getByRole('link', { name: reference })).toBeVisible();
  await noSidewaysScroll(page);

  // A screening task needs a unit: the problem is named, the text kept.
  await page.getByLabel('派发排查任务').check();
  await page.getByLabel('期限（工作日）').fill('5');
  await page.getByLabel('说明', { exact: true }).fill('夜间核查油烟净化器运行情况');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('alert')).toContainText('请选择处理单位');
  await expect(page.getByLabel('说明', { exact: true })).toHaveValue('夜间核查油烟净化器运行情况');
  await page.getByLabel('排查单位').selectOption({ label: '嘉定镇街道' });
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('status')).toHaveText('已记录。');
  await expect(page.locator('h1 .status')).toHaveText('已派排查任务');
  await expect(page.getByText(/嘉定镇街道，\d{4}年\d{1,2}月\d{1,2}日前完成/)).toBeVisible();

  // The register lists the restaurant with its open complaints.
  await page.goto('/staff/sources?q=演示');
  await expect(page.getByRole('link', { name: '演示烧烤店' })).toBeVisible();
  await noSidewaysScroll(page);
});
