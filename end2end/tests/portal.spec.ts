import { test, expect, type Page } from '@playwright/test';

// Collects console errors and CSP violations: a page that hydrates must
// produce none.
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function hydrated(page: Page) {
  // The text-size islands (menu and footer) mark themselves once their
  // WASM has taken over; the menu button becomes a disclosure.
  await expect(page.locator('form.text-size-switch[data-hydrated="true"]')).toHaveCount(2);
  await expect(page.locator('a.menu-button[aria-expanded]')).toHaveCount(1);
}

test('home page renders in Chinese with its sections', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(/首页 · 嘉定区生态环境局/);
  await expect(page.getByRole('heading', { name: '空气质量' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '下一个环境日' })).toBeVisible();
  await expect(page.locator('.env-day-countdown')).toHaveText(/还有 \d+ 天|就是今天/);
  await hydrated(page);
  expect(errors).toEqual([]);
});

test('on a phone the first screen shows the three tasks; the menu is a disclosure', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  // Header one compact row; the three tasks within the first screen.
  const header = await page.locator('header .header-row').boundingBox();
  expect(header!.height).toBeLessThanOrEqual(64);
  for (const name of [/噪声扰民投诉/, /餐饮油烟投诉/, /查询办理进度/]) {
    await expect(page.getByRole('link', { name })).toBeInViewport();
  }
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeHidden();
  const menu = page.getByRole('button', { name: '菜单' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: '首页' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // The noise button asks among the noise kinds only.
  await page.getByRole('link', { name: /噪声扰民投诉/ }).click();
  await expect(page).toHaveURL(/\/complaints\/new\?kind=noise$/);
  await expect(page.getByRole('radio')).toHaveCount(5);
});

test('every kept public page hydrates under its script hashes, without a CSP violation', async ({ page }) => {
  // These pages come from the page cache: no nonce, their inline scripts
  // allowed by hash (ADR 010). A second visit is answered from memory.
  for (const path of ['/air', '/board', '/campaigns', '/news', '/air']) {
    const errors = watchErrors(page);
    const response = await page.goto(path);
    expect(response?.headers()['etag'], path).toBeTruthy();
    expect(response?.headers()['content-security-policy'], path).toContain("'sha256-");
    await hydrated(page);
    expect(errors, path).toEqual([]);
    page.removeAllListeners('console');
    page.removeAllListeners('pageerror');
  }
});

test('skip link leads to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('language switch changes the page to English and is remembered', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Next environment day' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test.describe('with an English browser', () => {
  test.use({ locale: 'en-US' });
  test('Accept-Language picks English', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Air quality' })).toBeVisible();
  });
});

test('hydrated text-size switch applies large text in place', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await hydrated(page);
  // A marker that a page load would wipe out: the island must act without one.
  await page.evaluate(() => ((window as any).__noReload = true));
  const large = page.getByRole('button', { name: '关怀模式' });
  await large.click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  // The menu's switch, another island, shows the choice too.
  await expect(page.locator('.text-size-switch button[value="large"][aria-pressed="true"]')).toHaveCount(2);
  await expect(page.locator('.text-size-switch button[value="standard"][aria-pressed="true"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  expect(parseFloat(size)).toBeGreaterThanOrEqual(24);
  // Large mode: touch targets of at least 60 × 60 px.
  const box = await large.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(60);
  // The choice is remembered by the server.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  expect(errors).toEqual([]);
});

test('touch targets are at least 44 × 44 px', async ({ page }) => {
  await page.goto('/');
  for (const target of await page.locator('header a:visible, header button:visible, .card a.button, .task-button').all()) {
    const box = await target.boundingBox();
    expect(box, await target.textContent() ?? '').not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThanOrEqual(44);
  }
});

test('unknown page shows the translated 404', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '页面未找到' })).toBeVisible();
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the menu opens as a link to itself', async ({ page }) => {
    await page.goto('/board');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav).toBeHidden();
    await page.getByRole('link', { name: '菜单' }).click();
    await expect(page).toHaveURL(/#site-menu$/);
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: '空气质量' }).click();
    await expect(page).toHaveURL(/\/air$/);
    await expect(nav).toBeHidden();
    await page.getByRole('link', { name: '菜单' }).click();
    await page.getByRole('link', { name: '关闭菜单' }).click();
    await expect(nav).toBeHidden();
  });

  test('the home page and both switches work as plain forms', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '下一个环境日' })).toBeVisible();
    await page.getByRole('button', { name: '关怀模式' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
    await page.getByRole('button', { name: 'Standard' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'standard');
  });
});

// The elderly-friendly mode (关怀模式) on every page kind a resident sees:
// body text of at least 24 px with line spacing of 1.5, targets of at least
// 60 px, and no sideways scrolling on a 320 px screen (a 640 px one at 200 %
// zoom), in both languages.
const RESIDENT_PAGES = ['/', '/air', '/complaints/new', '/complaints/other', '/track', '/board', '/campaigns', '/news', '/offline'];
for (const lang of ['zh-CN', 'en']) {
  test(`the elderly-friendly mode keeps its sizes on every page (${lang})`, async ({ page, context, baseURL }) => {
    await context.addCookies([
      { name: 'qj_text', value: 'large', url: baseURL! },
      { name: 'qj_lang', value: lang, url: baseURL! },
    ]);
    for (const width of [393, 320]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of RESIDENT_PAGES) {
        await page.goto(path);
        const found = await page.evaluate(() => {
          const problems: string[] = [];
          const html = document.documentElement;
          if (html.scrollWidth > html.clientWidth) problems.push(`scrolls sideways: ${html.scrollWidth} > ${html.clientWidth}`);
          const p = document.querySelector('main p');
          if (p) {
            const s = getComputedStyle(p);
            if (parseFloat(s.fontSize) < 24) problems.push(`body text ${s.fontSize}`);
            if (parseFloat(s.lineHeight) / parseFloat(s.fontSize) < 1.5) problems.push(`line spacing ${s.lineHeight}`);
          }
          const targets = document.querySelectorAll(
            'button, select, textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), a.button, .task-button, nav a, .radio label, .checkbox label',
          );
          for (const el of targets) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue; // not shown
            if (r.height < 60) problems.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.height)} px`);
          }
          return problems;
        });
        expect(found, `${path} at ${width} px`).toEqual([]);
      }
    }
  });
}
