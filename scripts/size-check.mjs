// Prints the size of what a phone downloads for the home page, raw and
// brotli, and fails when the WASM bundle exceeds its budget.
// Usage: node scripts/size-check.mjs <site pkg dir> <home page URL>
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const WASM_BUDGET_BROTLI = 200 * 1024;

const [pkgDir, homeUrl] = process.argv.slice(2);
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const rows = [];
const files = readdirSync(pkgDir).filter((f) => /\.(wasm|js|css)$/.test(f));
for (const kind of ['wasm', 'js', 'css']) {
  const f = files.find((name) => name.endsWith(`.${kind}`));
  if (!f) throw new Error(`no .${kind} file in ${pkgDir}`);
  const buf = readFileSync(join(pkgDir, f));
  rows.push({ what: `${kind.toUpperCase()} (${f})`, raw: buf.length, br: brotli(buf) });
}
const res = await fetch(homeUrl, { headers: { 'accept-language': 'zh-CN' } });
if (!res.ok) throw new Error(`home page answered ${res.status}`);
const html = Buffer.from(await res.arrayBuffer());
rows.push({ what: 'home page HTML', raw: html.length, br: brotli(html) });

const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, br: a.br + r.br }), { raw: 0, br: 0 });
console.log(`${'what'.padEnd(28)} ${'raw'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of [...rows, { what: 'first load of the home page', ...total }]) {
  console.log(`${r.what.padEnd(28)} ${kb(r.raw).padStart(10)} ${kb(r.br).padStart(10)}`);
}
const wasm = rows[0];
if (wasm.br > WASM_BUDGET_BROTLI) {
  console.error(`WASM bundle ${kb(wasm.br)} brotli exceeds the budget of ${kb(WASM_BUDGET_BROTLI)}`);
  process.exit(1);
}
console.log(`WASM within budget: ${kb(wasm.br)} of ${kb(WASM_BUDGET_BROTLI)} brotli`);
