import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// WCAG 2.1 AA checks by axe-core (contrast, names, landmarks, labels) on
// every public page kind, in both text sizes. The stricter Chinese rules
// (44 px targets, line spacing) are checked in portal.spec.ts.
const PAGES = ['/', '/air', '/air/stations/demo-anting', '/staff/login', '/no-such-page'];

for (const size of ['standard', 'large']) {
  test(`no WCAG 2.1 AA violations (${size} text)`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'qj_text', value: size, url: baseURL! }]);
    for (const path of PAGES) {
      await page.goto(path);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const found = results.violations.map((v) => `${path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(found).toEqual([]);
    }
  });
}

test('body text keeps line spacing of at least 1.3', async ({ page }) => {
  await page.goto('/');
  const ratio = await page.evaluate(() => {
    const style = getComputedStyle(document.querySelector('main p')!);
    return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
  });
  expect(ratio).toBeGreaterThanOrEqual(1.3);
});
