// Headlines that say what they rest on (issue #11, item 7). The demo data (`demo generate
// --scale province`) fills Hà Nội only, so the nation's figures rest on 1 province of 34 (or
// Hà Nội's communes among the country's): partial, never a headline, status "Chưa đủ đơn vị
// báo cáo". Hà Nội (01) and Phường Hoàn Kiếm (00070) are covered: their headlines carry the
// line "Dựa trên x/y đơn vị báo cáo (z %)" and no partial mark.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, unnamedControls } from "./browser.mjs";

let browser;
let page;

const card = (code) => `#indicator-cards [data-indicator="${code}"]`;

/** "157/3.386" → [157, 3386]. */
function pair(s) {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? "");
  assert.ok(m, `a coverage attribute reported/expected, saw ${JSON.stringify(s)}`);
  return [Number(m[1]), Number(m[2])];
}

async function openDashboard(query) {
  await page.goto(`${BASE}/#/dashboard?${query}`);
  // the cards are assessed once the progress has arrived
  await page.waitForSelector('#indicator-cards [data-indicator][data-status]:not([data-status=""])', {
    timeout: 30000,
  });
  await page.waitForFunction(() => !document.querySelector("#indicator-cards .st-loading"));
  await page.waitForSelector('#indicator-cards[aria-busy="false"]');
}

describe("coverage of the dashboard's figures in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, "admin");
  });
  after(async () => {
    await browser?.close();
  });

  test("the nation's cards show the partial figure apart, never as the headline", async () => {
    await openDashboard("ou=VN&ind=CL_3_2A");
    const c = page.locator(card("CL_3_2A"));
    assert.equal(await c.getAttribute("data-status"), "insufficient_coverage");
    assert.equal(await c.getAttribute("data-partial"), "true");
    assert.match(await c.locator(".dash-status").textContent(), /Chưa đủ đơn vị báo cáo/);
    // no headline number: no year reaches the threshold
    assert.equal(await c.locator(".dash-card-number").count(), 0);
    assert.match(await c.locator(".dash-card-value").textContent(), /Chưa có năm nào đủ đơn vị báo cáo/);
    const partial = c.locator('.dash-card-partial[data-partial="true"]');
    assert.equal(await partial.count(), 1);
    const [reported, expected] = pair(await partial.getAttribute("data-coverage"));
    assert.ok(reported > 0 && reported < expected * 0.8, `partial: ${reported}/${expected} is below 80 %`);
    const year = await partial.getAttribute("data-year");
    assert.match(year, /^20\d\d$/);
    assert.match(await partial.getAttribute("data-value"), /^\d+(\.\d+)?$/);
    // the icon ◐ is aria-hidden; the words say it
    const text = (await partial.textContent()).normalize("NFC").replace(/^◐/, "");
    assert.match(text, new RegExp(`^${year}: [\\d.]+(,\\d+)? % — số liệu chưa đầy đủ \\([\\d.]+/[\\d.]+ đơn vị\\)$`));
    // Vietnamese thousands: 3386 → "3.386"
    assert.ok(text.includes(`${reported}/${expected.toLocaleString("de-DE")} đơn vị`), text);
    assert.match(
      await c.locator(".dash-card-explain").textContent(),
      /^Chưa năm nào đủ 80 % đơn vị báo cáo nên chưa đánh giá được tiến độ; mục tiêu 20\d\d: ≥ /,
    );
    // every card of the nation with a figure is partial in the demo data
    const covered = await page.locator("#indicator-cards [data-indicator] .dash-card-number").count();
    assert.equal(covered, 0, "no nation's headline rests on enough units");
    await c.scrollIntoViewIfNeeded();
    await shot(page, "50-coverage-nation-cards");
    assert.deepEqual(await unnamedControls(page), []);
  });

  test("the nation's trend marks its partial years, with the units in the table", async () => {
    const legend = page.locator("#trend-chart svg text", { hasText: "Chưa đầy đủ (dưới 80 % đơn vị báo cáo)" });
    await legend.first().waitFor({ timeout: 15000 });
    assert.match(await page.textContent("#trend-partial-hint"), /năm có số liệu chưa đầy đủ/);
    await page.click("#trend .dash-table-toggle summary, .dash-trend .dash-table-toggle summary");
    const rows = page.locator('#trend-table tbody tr[data-partial="true"]');
    assert.ok((await rows.count()) > 0, "partial years in the trend table");
    const cov = rows.first().locator("td[data-coverage]");
    pair(await cov.getAttribute("data-coverage"));
    assert.match(await cov.textContent(), /^[\d.]+\/[\d.]+ \([\d,]+ %\)$/);
    const fig = rows.first().locator('span[data-partial="true"]');
    assert.match(await fig.textContent(), /\*.*\(số liệu chưa đầy đủ\)/);
    assert.match(
      await fig.getAttribute("title"),
      /Dựa trên [\d.]+\/[\d.]+ đơn vị báo cáo .* — số liệu chưa đầy đủ \(dưới 80 %\)/,
    );
    assert.match(
      await page.textContent(".dash-trend .dash-footnote"),
      /\* số liệu chưa đầy đủ: dưới 80 % đơn vị báo cáo/,
    );
    await page.locator("#trend-chart").scrollIntoViewIfNeeded();
    await shot(page, "51-coverage-nation-trend");
  });

  test("the children and gender tables say what each figure rests on", async () => {
    // Hà Nội's figure among the provinces rests on all its units
    const hn = page.locator('#children-table span[data-unit="01"]');
    await hn.waitFor({ timeout: 30000 });
    assert.match(await hn.getAttribute("title"), /^Dựa trên [\d.]+\/[\d.]+ đơn vị báo cáo \(100 %\)$/);
    assert.equal(await hn.getAttribute("data-partial"), null);
    // the nation's victims of violence rest on one province: partial, marked with * and words
    const partial = page.locator('#gender-table td[data-partial="true"]');
    await partial.first().waitFor({ timeout: 30000 });
    assert.match(await partial.first().textContent(), /\*/);
    assert.match(await partial.first().locator(".sr-only").textContent(), /chưa đầy đủ/);
    assert.match(await partial.first().getAttribute("title"), /số liệu chưa đầy đủ/);
    pair(await partial.first().getAttribute("data-coverage"));
    assert.match(await page.textContent("#gender-footnote"), /^\* số liệu chưa đầy đủ: dưới 80 % đơn vị báo cáo$/);
    await page.locator("#gender-table").scrollIntoViewIfNeeded();
    await shot(page, "52-coverage-nation-tables");
  });

  test("Hà Nội's headlines rest on its units, with no partial mark", async () => {
    await openDashboard("ou=01&ind=CL_3_2A");
    const c = page.locator(card("CL_3_2A"));
    assert.notEqual(await c.getAttribute("data-status"), "insufficient_coverage");
    assert.equal(await c.getAttribute("data-partial"), "false");
    assert.equal(await c.locator(".dash-card-partial").count(), 0);
    assert.match(await c.locator(".dash-card-number").getAttribute("data-value"), /^\d+(\.\d+)?$/);
    const line = c.locator(".dash-card-coverage");
    const [reported, expected] = pair(await line.getAttribute("data-coverage"));
    assert.ok(expected > 0 && reported >= expected * 0.8, `${reported}/${expected} reaches 80 %`);
    assert.equal(await c.getAttribute("data-coverage"), `${reported}/${expected}`);
    assert.match(await line.textContent(), /^Dựa trên [\d.]+\/[\d.]+ đơn vị báo cáo \([\d,]+ %\)$/);
    // no card of the city is partial in the demo data
    assert.equal(await page.locator('#indicator-cards [data-partial="true"]').count(), 0);
    assert.equal(await page.locator('#indicator-cards [data-status="insufficient_coverage"]').count(), 0);
    assert.ok((await page.locator("#indicator-cards .dash-card-coverage").count()) >= 10);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "53-coverage-city-cards");
  });

  test("a ward's headlines rest on the ward itself", async () => {
    await openDashboard("ou=00070");
    const lines = page.locator("#indicator-cards .dash-card-coverage");
    assert.ok((await lines.count()) > 0, "the ward's cards have coverage lines");
    assert.match(await lines.first().textContent(), /^Dựa trên 1\/1 đơn vị báo cáo \(100 %\)$/);
    assert.equal(await page.locator('#indicator-cards [data-partial="true"]').count(), 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "54-coverage-ward-cards");
  });

  test("in English the partial figure and the status read as English", async () => {
    await page.click("#lang-switch");
    await openDashboard("ou=VN&ind=CL_3_2A");
    const c = page.locator(card("CL_3_2A"));
    assert.match(await c.locator(".dash-status").textContent(), /Not enough units reported/);
    // coming from the ward: none of the ward's figures is shown as the nation's
    assert.equal(await c.locator(".dash-card-number").count(), 0);
    assert.match(await c.locator(".dash-card-value").textContent(), /No year with enough units reporting/);
    assert.match(
      await c.locator(".dash-card-partial").textContent(),
      /^◐20\d\d: [\d,]+(\.\d+)? % — partial \(\d+ of [\d,]+ units\)$/,
    );
    await shot(page, "55-coverage-nation-english");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    assert.deepEqual(page.errors, []);
  });
});
