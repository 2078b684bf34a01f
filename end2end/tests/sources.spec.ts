import { test, expect, type Browser, type Page } from '@playwright/test';

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

/** A phone of its own (another person's), signed in as `username` when given. */
async function phone(browser: Browser, username?: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  if (username) {
    await page.goto('/staff/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/staff$/);
  }
  return page;
}

/** Today in Shanghai, `YYYY-MM-DD`; waits past midnight in the day's last minutes, so a window to 23:59 is still ahead. */
async function shanghaiToday(): Promise<string> {
  const now = () => new Date(Date.now() + 8 * 3600_000);
  const t = now();
  if (t.getUTCHours() === 23 && t.getUTCMinutes() >= 55) {
    await new Promise((r) => setTimeout(r, (61 - t.getUTCMinutes()) * 60_000));
  }
  return now().toISOString().slice(0, 10);
}

/** Shanghai wall-clock time `minutes` from now, as HH:MM. */
function shanghaiTime(minutes: number): string {
  return new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString().slice(11, 16);
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a dispatcher links a complaint in one tap and tasks its warning; the unit inspects with a code the manager checks and rates', async ({ page, browser }) => {
  test.setTimeout(180_000);
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
  await page.getByLabel('排查单位').selectOption({ label: '安亭镇' });
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('status')).toHaveText('已记录。');
  await expect(page.locator('h1 .status')).toHaveText('已派排查任务');
  await expect(page.getByText(/安亭镇，\d{4}年\d{1,2}月\d{1,2}日前完成/)).toBeVisible();
  const warningUrl = page.url();

  // The register lists the restaurant with its open complaints.
  await page.goto('/staff/sources?q=演示');
  await expect(page.getByRole('link', { name: '演示烧烤店' })).toBeVisible();
  await noSidewaysScroll(page);

  // Anting's officer registers the screening task's inspection from the
  // warning, with a colleague: the code is issued, with its QR code.
  const officer = await phone(browser, 'handler.anting');
  await officer.goto(warningUrl);
  await officer.getByRole('link', { name: '登记检查（取码）' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('登记现场检查');
  await expect(officer.getByLabel('检查原因')).toHaveValue('task');
  await officer.getByLabel('检查事项及依据').selectOption({ index: 1 });
  await officer.getByLabel('检查日期').fill(await shanghaiToday());
  // From now for three hours (past midnight if need be: an end before
  // the start is the next day).
  await officer.getByLabel('开始时间').fill(shanghaiTime(0));
  await officer.getByLabel('结束时间').fill(shanghaiTime(180));
  await officer.getByLabel('检查人员1的执法证号').fill('31011420230012');
  await officer.getByRole('button', { name: '登记并生成检查码' }).click();
  // One officer is not enough: named, and what was typed stays.
  await expect(officer.getByRole('alert')).toContainText('请选择至少两名本单位的检查人员');
  await expect(officer.getByLabel('检查人员1的执法证号')).toHaveValue('31011420230012');
  await officer.getByLabel('检查人员2', { exact: true }).selectOption({ label: '李明（安亭镇执法，演示）' });
  await officer.getByLabel('检查人员2的执法证号').fill('沪环执（2024）第0017号');
  await officer.getByRole('button', { name: '登记并生成检查码' }).click();
  await expect(officer.getByRole('status')).toHaveText('已登记，检查码已生成。');
  const code = (await officer.locator('h1 .code-text').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
  await expect(officer.locator('.qr svg')).toBeVisible();
  await noSidewaysScroll(officer);

  // The manager scans it on their own phone (the QR code's address):
  // a valid inspection, who and on what basis; nothing of who complained.
  const manager = await phone(browser);
  await manager.goto(`/inspections/${code.replace('-', '')}`);
  await expect(manager.getByRole('status')).toContainText('有效');
  await expect(manager.getByText('安亭镇', { exact: true })).toBeVisible();
  await expect(manager.getByText(/李\*\* · 执法证号：沪环执（2024）第0017号/)).toBeVisible();
  await expect(manager.getByText('专项排查')).toBeVisible();
  await expect(manager.locator('body')).not.toContainText('李四');
  await expect(manager.locator('body')).not.toContainText(reference);
  await noSidewaysScroll(manager);
  // The manager's phone takes the right to rate (the officers hold the
  // code too, so the first phone to take it is the only one that rates).
  await manager.getByRole('button', { name: '在本机领取评价资格' }).click();
  await expect(manager.getByText('本机已领取评价资格。')).toBeVisible();

  // On site the officer holds up the code alone (亮码): nothing staff-only.
  await officer.getByRole('link', { name: '亮码：全屏只显示检查码' }).click();
  await expect(officer.locator('.qr svg')).toBeVisible();
  await expect(officer.getByText('检查情况')).toHaveCount(0);
  await expect(officer.locator('body')).not.toContainText(reference);
  await noSidewaysScroll(officer);
  await officer.getByRole('link', { name: '返回检查页面' }).click();

  // The officer records a night reading above the limit.
  await officer.getByLabel('检查情况').fill('21:40 现场，油烟净化器未开启，音响外放。');
  await officer.getByLabel('监测项目1').selectOption({ label: '夜间等效声级' });
  await officer.getByLabel('读数1').fill('58.4');
  await officer.getByRole('button', { name: '记录检查结果' }).click();
  await expect(officer.getByRole('status')).toHaveText('检查结果已记录。');
  const row = officer.getByRole('row', { name: /夜间等效声级/ });
  await expect(row).toContainText('50 dB(A)');
  await expect(row).toContainText('超标');

  // The manager rates it, once.
  await manager.goto(`/inspections/${code.replace('-', '')}`);
  await expect(manager.getByRole('status')).toContainText('已检查');
  await manager.getByLabel('规范', { exact: true }).check();
  await manager.getByLabel('意见（可选）').fill('检查人员出示证件，态度好。');
  await manager.getByRole('button', { name: '提交评价' }).click();
  await expect(manager.getByText('感谢您的评价。')).toBeVisible();
  await expect(manager.getByRole('button', { name: '提交评价' })).toHaveCount(0);

  // The inspection is in the warning's log.
  await officer.goto(warningUrl);
  await expect(officer.getByText('登记排查现场检查（检查码）')).toBeVisible();
  await expect(officer.getByText('记录排查现场检查结果')).toBeVisible();
  await officer.context().close();
  await manager.context().close();
});
