// How long the full annual report forms take to show in headless Chromium on the demo data:
// from the route change to the painted form (the API call, the render and the paint), and a
// cold load of the same URL (index.html, the JavaScript, the session check, the report).
//   node bench/web_render_bench.mjs http://127.0.0.1:PORT [runs]
import { chromium } from "../web/node_modules/playwright-core/index.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const runs = Number(process.argv[3] ?? 20);
const reports = [
  ["BC_BDG_NAM", "01", "2025"],
  ["BC_CHIEN_LUOC", "01", "2025"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
await page.goto(base + "/");
await page.fill("#login", "hanoi.quanly");
await page.fill("#password", "TienBo-demo-2026");
await page.click("form button[type=submit]");
await page.waitForSelector("#sign-out");

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const fmt = (x) => x.toFixed(1);

console.log(`| report | fields | route change → painted, median | p95 | max | cold load → painted, median | p95 |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|`);
for (const [form, unit, period] of reports) {
  const hash = `#/reports/${form}/${unit}/${period}`;
  const warm = [];
  let fields = 0;
  for (let i = 0; i < runs; ++i) {
    await page.evaluate(() => { location.hash = "#/status"; });
    await page.waitForSelector("#server-status, #page-title");
    await page.waitForTimeout(50);
    const ms = await page.evaluate(async (h) => {
      const t0 = performance.now();
      location.hash = h;
      await new Promise((resolve) => {
        const check = () => (document.querySelector(".report-layout") ? resolve() : setTimeout(check, 1));
        check();
      });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    }, hash);
    warm.push(ms);
    fields = await page.$$eval(".report-layout input, .report-layout select, .report-layout textarea", (xs) => xs.length);
  }
  const cold = [];
  for (let i = 0; i < Math.min(runs, 10); ++i) {
    const p = await context.newPage();
    await p.goto(base + "/" + hash, { waitUntil: "commit" });
    await p.waitForSelector(".report-layout");
    const ms = await p.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now();
    });
    cold.push(ms);
    await p.close();
  }
  const w = stats(warm);
  const c = stats(cold);
  console.log(`| ${form} ${unit} ${period} | ${fields} | ${fmt(w.median)} ms | ${fmt(w.p95)} ms | ${fmt(w.max)} ms | ${fmt(c.median)} ms | ${fmt(c.p95)} ms |`);
}
await browser.close();
