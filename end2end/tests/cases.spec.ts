import { test, expect, type Browser, type Page } from '@playwright/test';
import { fileNoiseComplaint, makePhoto, track } from './resident';

// Demo accounts exist in demo mode (README); scripts/test.sh runs the
// browser tests against a demo-mode server.
const DEMO_PASSWORD = 'qingjia-demo-2026';

/** A staff member's own browser context, signed in. */
async function signIn(browser: Browser, username: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'zh-CN',
    javaScriptEnabled,
  });
  const page = await context.newPage();
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

/** Opens the case from the inbox by searching its reference. */
async function openCase(page: Page, reference: string) {
  await page.goto('/staff');
  await page.getByRole('main').getByRole('link', { name: '案件办理' }).click();
  await page.getByLabel('搜索').fill(reference);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByRole('status')).toHaveText('共 1 件');
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
}

/** Opens one action's form on the case page. */
async function action(page: Page, id: string) {
  const form = page.locator(`details#${id}`);
  await form.locator(':scope > summary').click();
  return form;
}

/** A Shanghai wall-clock time an hour ago, as a datetime-local field takes it. */
function anHourAgoInShanghai(): string {
  return new Date(Date.now() - 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

test('a dispatcher assigns, the unit inspects and replies, the resident rates, the dispatcher closes', async ({
  page,
  browser,
}) => {
  const { reference, code } = await fileNoiseComplaint(page, await makePhoto(browser));

  // District intake accepts the case and assigns it to Anting.
  const desk = await signIn(browser, 'dispatcher');
  await openCase(desk, reference);
  await expect(desk.getByText('13812345678')).toHaveCount(0);
  await desk.getByRole('button', { name: '查看投诉人信息' }).click();
  await expect(desk.getByText('13812345678')).toBeVisible();
  let form = await action(desk, 'accept');
  await form.getByRole('button', { name: '受理' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存。');
  form = await action(desk, 'assign');
  await form.getByRole('button', { name: '交办' }).click();
  await expect(desk.getByRole('alert').first()).toContainText('请选择处理单位');
  await form.getByLabel('处理单位').selectOption({ label: '安亭镇' });
  await form.getByLabel('内部备注（可选，投诉人不可见）').fill('请尽快核查夜间施工');
  await form.getByRole('button', { name: '交办' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存。');
  await expect(desk.locator('h1 .status')).toHaveText('已交办');

  // Anting's handler finds it in their inbox, inspects and replies.
  const unit = await signIn(browser, 'handler.anting');
  await openCase(unit, reference);
  await expect(unit.getByText('请尽快核查夜间施工')).toBeVisible();
  form = await action(unit, 'inspect');
  await form.getByLabel('检查时间').fill(anHourAgoInShanghai());
  await form.getByLabel('检查人员').fill('李四');
  await form.getByLabel('检查情况（内部）').fill('23:10 现场仍在打桩，已责令停工。');
  await form.getByLabel('噪声测量值 dB(A)（可选）').fill('71.5');
  await form.getByRole('button', { name: '保存检查记录' }).click();
  await expect(unit.getByRole('status')).toHaveText('已保存。');
  form = await action(unit, 'reply');
  await form.getByText('答复模板').click();
  await form.getByRole('link', { name: '夜间施工已停止' }).click();
  await expect(unit.getByLabel('答复内容（投诉人可见）')).toHaveValue(/已责令立即停止/);
  await unit.getByRole('button', { name: '发送答复' }).click();
  await expect(unit.getByRole('status')).toHaveText('已保存。');
  await expect(unit.locator('h1 .status')).toHaveText('已答复');

  // The resident sees the reply, not the internal notes, and rates it.
  await track(page, reference, code);
  await expect(page.locator('.status')).toHaveText('已答复');
  await expect(page.getByText(/已责令立即停止/)).toBeVisible();
  await expect(page.getByText('请尽快核查夜间施工')).toHaveCount(0);
  await expect(page.getByText('71.5')).toHaveCount(0);
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('status')).toHaveText('感谢您的评价，已记录。');

  // The dispatcher sees the rating and closes the case.
  await openCase(desk, reference);
  await expect(desk.getByText('满意', { exact: true })).toBeVisible();
  form = await action(desk, 'close');
  await form.getByRole('button', { name: '办结' }).click();
  await expect(desk.locator('h1 .status')).toHaveText('已办结');
  await track(page, reference, code);
  await expect(page.locator('.status')).toHaveText('已办结');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('a handler of another unit gets nothing of the case', async ({ page, browser }) => {
    const { reference } = await fileNoiseComplaint(page, await makePhoto(browser));
    const desk = await signIn(browser, 'dispatcher', false);
    await openCase(desk, reference);
    const form = await action(desk, 'assign');
    await form.getByLabel('处理单位').selectOption({ label: '安亭镇' });
    await form.getByRole('button', { name: '交办' }).click();
    await expect(desk.getByRole('status')).toHaveText('已保存。');
    const other = await signIn(browser, 'handler.malu', false);
    await other.goto('/staff/cases');
    await expect(other.getByText(reference)).toHaveCount(0);
    const response = await other.goto(`/staff/cases/${reference}`);
    expect(response?.status()).toBe(404);
  });
});
