// Work across reports in Chromium (issue #13, item 6), on the demo's Hà Nội first-half reports of
// 2026 (submitted by many wards): the city's manager withdraws one submission before review; the
// chair finds the others in the inbox from the home page, sorts them, reads the editors' messages
// and approves two at once after a confirmation; the manager reminds the wards that have not
// reported from the completeness screen; a viewer is offered no reminder. The inbox fits a
// 1366-pixel laptop and a phone without sideways scrolling.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, signOut, unnamedControls } from "./browser.mjs";

let browser;
let page;
const INBOX = "#/reports?scope=approve&status=submitted&form=BC_BDG_6T";

async function sideways(p) {
  return p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function rowsNow(p) {
  return p.$$eval("#reports-table tbody tr", (trs) => trs.map((tr) => tr.dataset.report));
}

async function reportsListed(p) {
  await p.waitForLoadState("networkidle");
  await p.waitForSelector("#reports-table tbody tr, #reports-empty", { timeout: 30000 });
  return p.$$eval("#reports-table tbody tr", (trs) => trs.map((tr) => tr.dataset.report));
}

describe("the approver's inbox, withdrawal and reminders in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  test("a submission is withdrawn before review and becomes a draft", async () => {
    await signIn(page, "hanoi.quanly");
    await page.goto(BASE + "/#/reports?scope=edit&status=submitted&form=BC_BDG_6T&sort=unit");
    const listed = await reportsListed(page);
    assert.ok(listed.length >= 3, `the demo has submitted first-half reports in Hà Nội, saw ${listed.length}`);
    const [form, unit, period] = listed[0].split("/");
    await page.goto(BASE + `/#/reports/${form}/${unit}/${period}`);
    await page.click("#withdraw-report");
    await page.waitForSelector("#withdraw-dialog[open]");
    assert.match(await page.textContent("#withdraw-dialog"), /Cấp trên chưa xem xét báo cáo này/);
    await page.fill("#withdraw-dialog-comment", "Đơn vị xin rút lại để bổ sung số liệu");
    await shot(page, "40-withdraw-dialog");
    await page.click("#withdraw-dialog-confirm");
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đang soạn"));
    assert.equal(await page.isVisible("#withdraw-report"), false);
    assert.equal(await page.isVisible("#submit-report"), true);
    await page.goto(BASE + "/#/reports?scope=edit&status=submitted&form=BC_BDG_6T&sort=unit");
    assert.ok(
      !(await reportsListed(page)).includes(listed[0]),
      "a withdrawn report is no longer among the submitted ones",
    );
    await signOut(page);
  });

  test("the chair finds the inbox from home, sorts it and approves two reports at once", async () => {
    await signIn(page, "hanoi.truongban");
    await page.waitForSelector("#awaiting-review li", { timeout: 30000 });
    await page.click("#all-awaiting");
    await page.waitForSelector("#reports-table tbody tr");
    assert.match(await page.textContent("#page-title"), /Báo cáo/);
    assert.equal(await page.getAttribute("#reports-tab-approve", "aria-current"), "page");
    await page.goto(BASE + "/" + INBOX);
    // The rows are this query's once every one is a first-half report (the list before had every form).
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll("#reports-table tbody tr")];
      return rows.length > 0 && rows.every((tr) => tr.dataset.report.startsWith("BC_BDG_6T/"));
    });
    const before = (await rowsNow(page)).length;
    assert.ok(before >= 2);
    await page.selectOption("#reports-sort", "unit");
    // sorted by unit code: waited for, so a list still on the screen from before cannot pass for it
    await page.waitForFunction(() => {
      const units = [...document.querySelectorAll("#reports-table tbody tr")].map(
        (tr) => tr.dataset.report.split("/")[1],
      );
      return (
        location.hash.includes("sort=unit") && units.length > 1 && units.every((u, i) => i === 0 || units[i - 1] <= u)
      );
    });
    const listed = await rowsNow(page);
    assert.equal(listed.length, before);
    assert.equal(await sideways(page), 0, "no sideways scrolling at 1366 px");
    assert.deepEqual(await unnamedControls(page), []);
    await shot(page, "41-inbox");
    const boxes = page.locator("#reports-table tbody input[type=checkbox]");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click("#approve-selected");
    await page.waitForSelector("#approve-many-dialog[open]");
    assert.equal(await page.locator("#approve-many-dialog li").count(), 2);
    await page.fill("#approve-many-comment", "Đồng ý");
    await shot(page, "42-inbox-approve-dialog");
    await page.click("#approve-many-confirm");
    await page.waitForSelector("#approve-outcome");
    assert.match(await page.textContent("#approve-outcome"), /Đã phê duyệt 2 báo cáo/);
    await page.waitForFunction((n) => document.querySelectorAll("#reports-table tbody tr").length === n, before - 2);
    const after = await rowsNow(page);
    assert.ok(!after.includes(listed[0]) && !after.includes(listed[1]));
    const [form, unit, period] = listed[0].split("/");
    await page.goto(BASE + `/#/reports/${form}/${unit}/${period}`);
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã duyệt"));
    assert.deepEqual(page.errors, []);
  });

  test("the inbox stacks on a phone without sideways scrolling", async () => {
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, "hanoi.truongban");
    await phone.goto(BASE + "/" + INBOX);
    await reportsListed(phone);
    assert.equal(await sideways(phone), 0, "no sideways scrolling on a phone");
    await shot(phone, "43-inbox-phone");
    await phone.context().close();
    await signOut(page);
  });

  test("the manager reminds the wards that have not reported; a viewer is offered nothing", async () => {
    await signIn(page, "hanoi.quanly");
    // The unit is chosen by its name, typed without diacritics; the code follows.
    await page.goto(BASE + "/#/completeness?form=BC_BDG_6T&period=2026S1&unit=01");
    await page.fill("#completeness-unit", "hoan kiem");
    const option = page.getByRole("option", { name: /Phường Hoàn Kiếm/ });
    await option.waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.includes("unit=00070"));
    // the unit's name shows under the box once it is read ("…" until then)
    await page.waitForFunction(() =>
      /Phường Hoàn Kiếm/.test(document.querySelector("#completeness-unit-name")?.textContent ?? ""),
    );
    await page.goto(BASE + "/#/completeness?form=BC_BDG_6T&period=2026S1&unit=01");
    await page.click("#completeness-remind");
    await page.waitForSelector("#remind-dialog[open]");
    assert.match(await page.textContent("#remind-dialog"), /đơn vị cấp dưới chưa nộp/);
    await page.click("#remind-confirm");
    await page.waitForSelector("#remind-outcome");
    // The demo's wards have no editor accounts: nobody is told through tienbo, and they are named to be called.
    assert.match(await page.textContent("#remind-outcome"), /Chưa nhắc được đơn vị nào qua tienbo/);
    assert.ok((await page.locator("#remind-without li").count()) > 0, "wards without an editor account are named");
    await shot(page, "44-completeness-remind");
    await page.click("#remind-close");
    await page.waitForSelector("#remind-dialog[open]", { state: "detached" });
    await signOut(page);
    await signIn(page, "hcm.xem");
    await page.goto(BASE + "/#/completeness?form=BC_BDG_6T&period=2026S1&unit=79");
    await page.waitForSelector("#completeness-summary");
    assert.equal(await page.locator("#completeness-remind").count(), 0);
    assert.equal(await page.locator("#completeness-consolidate").count(), 0);
    assert.deepEqual(page.errors, []);
  });
});
