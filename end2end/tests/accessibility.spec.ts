import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// WCAG 2.1 AA checks by axe-core (contrast, names, landmarks, labels) on
// every public page kind, in both text sizes. The stricter Chinese rules
// (44 px targets, line spacing) are checked in portal.spec.ts.
const PAGES = [
  '/',
  '/air',
  '/air/stations/demo-anting',
  '/complaints/new',
  '/complaints/other',
  '/track',
  '/board',
  '/campaigns',
  '/news',
  '/staff/login',
  '/inspections',
  '/no-such-page',
];

async function axe(page: import('@playwright/test').Page, what: string, size = 'standard') {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = results.violations;
  if (size === 'large') {
    // The elderly-friendly mode asks for 7:1 text contrast (WCAG AAA),
    // but for the AQI category colours, which the national standard fixes.
    const enhanced = await new AxeBuilder({ page })
      .withRules(['color-contrast-enhanced'])
      .exclude('[class*="aqi-cat-"]')
      .analyze();
    violations.push(...enhanced.violations);
  }
  return violations.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// One test per page and size: the large size runs axe twice per page, and
// a single test for all pages outgrew Playwright's 30-second budget.
for (const size of ['standard', 'large']) {
  for (const path of PAGES) {
    test(`no WCAG 2.1 AA violations on ${path} (${size} text)`, async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: 'qj_text', value: size, url: baseURL! }]);
      await page.goto(path);
      expect(await axe(page, path, size)).toEqual([]);
    });
  }

  test(`no WCAG 2.1 AA violations in the filing steps with errors (${size} text)`, async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: 'qj_text', value: size, url: baseURL! }]);
    await page.goto('/complaints/new');
    await page.getByLabel(/商业及娱乐噪声/).check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('button', { name: '继续' }).click();
    expect(await axe(page, 'location with errors', size)).toEqual([]);
    await page.getByLabel('所在街镇').selectOption({ label: '马陆镇' });
    await page.getByLabel('详细地址').fill('马陆镇宝安公路');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('button', { name: '继续' }).click();
    expect(await axe(page, 'details with errors', size)).toEqual([]);
  });

  for (const path of [...PAGES, '/offline']) {
    test(`no WCAG 2.1 AA violations on ${path} in English (${size} text)`, async ({ page, context, baseURL }) => {
      await context.addCookies([
        { name: 'qj_text', value: size, url: baseURL! },
        { name: 'qj_lang', value: 'en', url: baseURL! },
      ]);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      expect(await axe(page, `${path} (en)`, size)).toEqual([]);
    });
  }

  test(`no WCAG 2.1 AA violations in English with errors (${size} text)`, async ({ page, context, baseURL }) => {
    await context.addCookies([
      { name: 'qj_text', value: size, url: baseURL! },
      { name: 'qj_lang', value: 'en', url: baseURL! },
    ]);
    await page.goto('/complaints/new');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await axe(page, 'category with errors (en)', size)).toEqual([]);
  });
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: import('@playwright/test').Page, target: import('@playwright/test').Locator) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reached by Tab: ${target}`);
}

test('a complaint is filed and tracked with the keyboard alone', async ({ page }) => {
  await page.goto('/complaints/new');
  // The first radio of a group takes the focus; Space chooses it.
  await tabTo(page, page.locator('input[name="category"]').first());
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/哪里/);
  const town = page.getByLabel('所在街镇');
  await tabTo(page, town);
  for (let i = 0; i < 12 && (await town.inputValue()) === ''; i++) await page.keyboard.press('ArrowDown');
  expect(await town.inputValue()).not.toBe('');
  await tabTo(page, page.getByLabel('详细地址'));
  await page.keyboard.type('嘉定镇街道城中路');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/哪里/);
  for (const group of await page.locator('fieldset').all()) {
    await tabTo(page, group.locator('input[type="radio"]').first());
    await page.keyboard.press('Space');
  }
  await tabTo(page, page.getByLabel('问题描述'));
  await page.keyboard.type('每天夜里都有很大的噪声，吵得无法入睡。');
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('上传照片（可选）');
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('姓名'));
  await page.keyboard.type('王五');
  await tabTo(page, page.getByLabel('手机号码'));
  await page.keyboard.type('13912345678');
  await tabTo(page, page.getByLabel('我已阅读并同意个人信息处理说明'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('提交前请核对');
  await tabTo(page, page.getByRole('button', { name: '提交投诉' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉已提交');
  const reference = (await page.locator('#reference').textContent())!.trim();
  const code = (await page.locator('#access-code').textContent())!.trim();
  // Tracking, by keyboard too.
  await page.goto('/track');
  await tabTo(page, page.getByLabel('投诉编号'));
  await page.keyboard.type(reference);
  await tabTo(page, page.getByLabel('查询码'));
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByText(reference).first()).toBeVisible();
  await expect(page.locator('.status')).toHaveText('已提交');
});

test('body text keeps line spacing of at least 1.3', async ({ page }) => {
  await page.goto('/');
  const ratio = await page.evaluate(() => {
    const style = getComputedStyle(document.querySelector('main p')!);
    return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
  });
  expect(ratio).toBeGreaterThanOrEqual(1.3);
});

test('the staff case pages have no WCAG 2.1 AA violations', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/staff/cases?status=all');
  expect(await axe(page, 'inbox')).toEqual([]);
  await page.locator('table.cases tbody a').first().click();
  expect(await axe(page, 'case')).toEqual([]);
  // A form with its problems showing, every action form open.
  await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
  expect(await axe(page, 'case with forms')).toEqual([]);
  const note = page.locator('details#note');
  if (await note.count()) {
    await note.getByRole('button').click();
    expect(await axe(page, 'note with an error')).toEqual([]);
  }
});

test('a campaign with its sign-up forms and an article have no WCAG 2.1 AA violations', async ({ page }) => {
  await page.goto('/campaigns');
  await page.locator('.card h2 a').first().click();
  expect(await axe(page, 'campaign')).toEqual([]);
  // A sign-up with its problems showing.
  await page.locator('.event form button').first().click();
  expect(await axe(page, 'sign-up with errors')).toEqual([]);
  await page.goto('/news');
  await page.locator('.card h2 a').first().click();
  expect(await axe(page, 'article')).toEqual([]);
});

test('the content editors have no WCAG 2.1 AA violations', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('editor');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/staff/content');
  expect(await axe(page, 'content list')).toEqual([]);
  await page.locator('a[href^="/staff/content/campaigns/"]').filter({ hasNotText: '新建' }).first().click();
  expect(await axe(page, 'campaign editor')).toEqual([]);
  await page.getByRole('link', { name: '添加场次' }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await axe(page, 'event editor with errors')).toEqual([]);
});

test('the pages of sources and warnings have no WCAG 2.1 AA violations', async ({ page }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('dispatcher');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/staff/sources');
  expect(await axe(page, 'register of sources')).toEqual([]);
  await page.getByRole('link', { name: '演示烧烤店' }).click();
  expect(await axe(page, 'source')).toEqual([]);
  await page.getByRole('button', { name: '合并' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await axe(page, 'source with a merge problem')).toEqual([]);
  await page.goto('/staff/sources/new');
  await page.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('校验位');
  expect(await axe(page, 'new source with problems')).toEqual([]);
  await page.goto('/staff/warnings');
  expect(await axe(page, 'warnings')).toEqual([]);
  await page.locator('table.cases tbody a').first().click();
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await axe(page, 'warning with a problem')).toEqual([]);
});

test('the pages of site inspections and the inspection code have no WCAG 2.1 AA violations', async ({ page, browser, baseURL }) => {
  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill('handler.anting');
  await page.getByLabel('密码').fill('qingjia-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/staff/inspections');
  expect(await axe(page, 'inspections')).toEqual([]);
  // The demo's Anting workshop: a routine check in the unit's own town.
  await page.goto('/staff/inspections/new?source=2');
  await page.getByRole('button', { name: '登记并生成检查码' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await axe(page, 'registration with problems')).toEqual([]);
  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  await page.getByLabel('检查原因').selectOption('routine');
  await page.getByLabel('检查事项及依据').selectOption({ index: 1 });
  await page.getByLabel('检查日期').fill(tomorrow);
  await page.getByLabel('开始时间').fill('09:00');
  await page.getByLabel('结束时间').fill('10:00');
  await page.getByLabel('检查人员1的执法证号').fill('A-1234');
  await page.getByLabel('检查人员2', { exact: true }).selectOption({ label: '李明（安亭镇执法，演示）' });
  await page.getByLabel('检查人员2的执法证号').fill('B-5678');
  const quiet = page.getByLabel('我已了解，确有必要再次检查');
  if (await quiet.count()) await quiet.check();
  await page.getByRole('button', { name: '登记并生成检查码' }).click();
  await expect(page.locator('h1 .code-text')).toBeVisible();
  expect(await axe(page, 'visit')).toEqual([]);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await axe(page, 'visit with a problem')).toEqual([]);
  const code = (await page.locator('h1 .code-text').textContent())!.replace('-', '');
  const business = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const scan = await business.newPage();
  await scan.goto(`/inspections/${code}`);
  expect(await axe(scan, 'public page of a code')).toEqual([]);
  await scan.goto('/inspections/ABCDE-FGHJK');
  expect(await axe(scan, 'unknown code')).toEqual([]);
  await business.close();
  await page.goto('/staff/sources/2');
  expect(await axe(page, 'source with inspections')).toEqual([]);
});
