// Every main screen opens in Chromium, shows its data, has no script error, and is saved as a
// screenshot for review — as the city's manager and the administrator, on a laptop and a phone.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, unnamedControls } from "./browser.mjs";

let browser;
let page;

async function open(hash, selector, name) {
  await page.goto(BASE + "/" + hash);
  const el = page.locator(selector).first();
  await el.waitFor({ timeout: 30000 });
  await page.waitForTimeout(300); // let charts finish their first paint
  await shot(page, name);
  assert.deepEqual(await unnamedControls(page), [], `every control on ${hash} has an accessible name`);
  return el;
}

describe("main screens in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, "admin");
  });
  after(async () => {
    await browser?.close();
  });

  test("completeness of Hà Nội's annual reports, sortable and exportable", async () => {
    await open("#/completeness?form=BC_BDG_NAM&period=2025&unit=01", "#completeness-table tbody tr", "20-completeness");
    assert.match(await page.textContent("#completeness-summary"), /\d/);
    const rows = await page.locator("#completeness-table tbody tr").count();
    assert.ok(rows > 100, `Hà Nội has more than 100 reporting units, saw ${rows}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Tải CSV")]);
    assert.match(download.suggestedFilename(), /\.csv$/);
  });

  test("consolidation of the city's report", async () => {
    await open("#/reports/BC_BDG_NAM/01/2026/consolidate", "#consolidation-missing", "21-consolidation");
    assert.ok(await page.isVisible("#consolidate-button"));
  });

  test("the committee's chair follows the consolidation but is offered no step the server would refuse", async () => {
    const chair = await newPage(browser);
    await signIn(chair, "hanoi.truongban");
    await chair.goto(BASE + "/#/reports/BC_BDG_NAM/01/2026/consolidate");
    await chair.locator("#consolidation-missing").waitFor({ timeout: 30000 });
    assert.equal(await chair.isVisible("#consolidate-button"), false, "the chair may not enter the city's figures");
    assert.match(await chair.textContent("main"), /việc tổng hợp do người có quyền nhập số liệu/);
    await chair.goto(BASE + "/#/reports/BC_BDG_NAM/01/2026");
    await chair.locator("#report-status").waitFor();
    assert.equal(await chair.isVisible("#submit-report"), false);
    assert.deepEqual(chair.errors, []);
    await chair.close();
  });

  test("the indicator dashboard", async () => {
    await open("#/dashboard?ou=01", "#indicator-cards [data-indicator]", "22-dashboard-cards");
    assert.ok((await page.locator("#indicator-cards [data-indicator]").count()) >= 10);
    await page.locator("#trend-chart svg").first().waitFor();
    await page.locator("#children-table").waitFor();
    await page.locator("#gender-chart svg").first().waitFor();
  });

  test("the dashboard drills down from the nation to a province and back", async () => {
    await open("#/dashboard?ou=VN&ind=CL_1", '#children-table a.dash-drill[data-unit="01"]', "22b-dashboard-nation");
    assert.equal(await page.getAttribute("#dashboard-unit", "data-unit"), "VN");
    const value = page.locator('#children-table span[data-unit="01"]');
    assert.match((await value.getAttribute("data-value")) ?? "", /^\d+(\.\d+)?$/);
    await page.click('#children-table a.dash-drill[data-unit="01"]');
    await page.waitForSelector('#dashboard-unit[data-unit="01"]');
    assert.match(await page.textContent("#dashboard-unit"), /Thành phố Hà Nội/);
    await page.click("nav.breadcrumb a, .dash-breadcrumb a, a:has-text('Việt Nam')");
    await page.waitForSelector('#dashboard-unit[data-unit="VN"]');
  });

  test("the unit tree with the 2025 lineage", async () => {
    await open("#/units/00070", "#unit-lineage", "23-unit-lineage");
    assert.match(await page.textContent("#unit-detail"), /Phường Hoàn Kiếm/);
    assert.match(await page.textContent("#unit-lineage"), /Hàng Trống|Hàng Bạc|Tràng Tiền|Lý Thái Tổ|Hàng Bài/);
    assert.ok(await page.isVisible("#unit-tree"));
  });

  test("committees and their members", async () => {
    await open("#/committees", "main a[href^='#/committees/']", "24-committees");
    await page.click("main a[href^='#/committees/']");
    await page.locator("#committee-members").waitFor();
    await shot(page, "25-committee-members");
  });

  test("users and roles", async () => {
    await open("#/users", "#users-table tbody tr", "26-users");
    assert.match(await page.textContent("#users-table"), /hoankiem\.nhaplieu/);
  });

  test("the audit trail of an entity", async () => {
    await open("#/audit", "#audit-table tbody tr", "27-audit");
    // In plain Vietnamese: the administrator's own sign-in is there, by name, not by code.
    const table = await page.textContent("#audit-table");
    assert.match(table, /Đăng nhập/);
    assert.match(table, /Địa chỉ máy truy cập/);
    assert.doesNotMatch(table, /sign_in|clientAddress/);
  });

  test("search is diacritic-insensitive and grouped", async () => {
    await page.goto(BASE + "/#/");
    await page.fill("#global-search", "hoan kiem");
    await page.press("#global-search", "Enter");
    const results = page.locator("#search-results");
    await results.waitFor();
    await page.waitForFunction(() => /Hoàn Kiếm/.test(document.querySelector("#search-results")?.textContent ?? ""));
    await shot(page, "28-search");
  });

  test("server status", async () => {
    await open("#/status", "#server-status", "29-status");
    assert.match(await page.textContent("#server-status"), /sqlite/i);
  });

  test("on a phone the menu folds and the home page is usable", async () => {
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, "hoankiem.nhaplieu");
    await phone.locator("#reports-due").waitFor();
    assert.equal(await phone.isVisible("#nav"), false);
    await phone.click(".menu-toggle");
    assert.equal(await phone.isVisible("#nav"), true);
    await phone.screenshot({ path: `${process.env.TIENBO_SCREENSHOTS ?? "."}/30-phone-home.png` });
    assert.deepEqual(phone.errors, []);
    await phone.close();
    assert.deepEqual(page.errors, []);
  });
});
