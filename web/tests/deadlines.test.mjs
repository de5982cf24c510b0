// Reporting deadlines (issue #11, item 5): the standing agency's official (the demo's national
// administrator) opens "Hạn nộp báo cáo" from the menu, reads each form's deadline per level
// with its source and who set it, changes the communes' deadline of the half-year form, sees it
// kept after a reload, and is told in Vietnamese, naming the field, that 31/02 is not a date and
// that the server refused an over-long source. Viewers, editors and a province's manager (403
// on saving) have no menu entry. The package's deadline is put back at the end.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, signOut, unnamedControls } from "./browser.mjs";

let browser;
let page;
const FORM = "BC_BDG_6T";
const row = (form, unitType) => `#deadlines-table tr[data-form="${form}"][data-unit-type="${unitType}"]`;
const COMMUNE = row(FORM, "commune");
let original; // the package's deadline of the communes, put back at the end

async function openDeadlines() {
  await page.goto(`${BASE}/#/deadlines`);
  await page.waitForSelector(`${COMMUNE} td.dl-when`);
}

/** Every PUT of a deadline the page sends. */
function countPuts(p) {
  const seen = { n: 0 };
  p.on("request", (r) => {
    if (r.method() === "PUT" && r.url().includes("/deadlines/")) seen.n++;
  });
  return seen;
}

const text = async (sel) => ((await page.textContent(sel)) ?? "").normalize("NFC").replace(/\s+/g, " ").trim();

describe("reporting deadlines in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser, { width: 1366, height: 768 });
    await signIn(page, "admin");
    original = await page.evaluate(async (form) => {
      const r = await fetch("/api/v1/forms");
      const f = (await r.json()).forms.find((x) => x.code === form);
      return f.dueBefore.find((d) => d.unitType === "commune");
    }, FORM);
  });
  after(async () => {
    // the package's deadline back, whatever happened (other tests read the reports due)
    if (page && original) {
      await page.evaluate(
        async ({ form, d }) => {
          const me = await (await fetch("/api/v1/me")).json();
          await fetch(`/api/v1/forms/${form}/deadlines/commune`, {
            method: "PUT",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrfToken },
            body: JSON.stringify({ monthOffset: d.monthOffset, day: d.day, source: d.source }),
          });
        },
        { form: FORM, d: original },
      );
    }
    await browser?.close();
  });

  test("the national administrator opens it from the menu and reads each level's deadline and source", async () => {
    assert.equal(original.day, 15);
    assert.equal(original.setBy, "package");
    const link = page.locator('#nav a[href="#/deadlines"]');
    assert.equal(await link.textContent(), "Hạn nộp báo cáo");
    await link.click();
    await page.waitForSelector(`${COMMUNE} td.dl-when`);
    assert.equal(await text("#page-title"), "Hạn nộp báo cáo");
    // the forms by their Vietnamese names, with their period types
    assert.match(
      await text(`#dl-form-BC_BDG_NAM`),
      /^Báo cáo tổng kết năm công tác bình đẳng giới và vì sự tiến bộ của phụ nữ BC_BDG_NAM Kỳ báo cáo: Hằng năm$/,
    );
    assert.match(await text(`#dl-form-${FORM}`), /Kỳ báo cáo: 6 tháng đầu năm/);
    // levels by the app's names; dates day/month with the year they fall in
    assert.equal(await text(`${row("BC_BDG_NAM", "commune")} th`), "Xã, phường, đặc khu");
    assert.equal(await text(`${row("BC_BDG_NAM", "agency")} th`), "Cơ quan thành viên");
    assert.equal(await text(`${row("BC_CHIEN_LUOC", "ministry")} th`), "Bộ, ngành");
    assert.equal(await text(`${row("BC_BDG_NAM", "commune")} td.dl-when`), "trước 15/12 cùng năm");
    assert.equal(await text(`${row("BC_BDG_NAM", "province")} td.dl-when`), "trước 25/12 cùng năm");
    assert.equal(await text(`${COMMUNE} td.dl-when`), "trước 15/06 cùng năm");
    assert.equal(await text(`${row("BC_CHIEN_LUOC", "province")} td.dl-when`), "trước 15/01 năm sau");
    // the source: the legal citation, or no legal source — set by the standing agency
    assert.match(
      await text(`${row("BC_BDG_NAM", "commune")} td.dl-source [data-legal="true"]`),
      /^Công văn 56\/BVSTBPN ngày 18\/4\/2017/,
    );
    assert.match(
      await text(`${row("BC_BDG_NAM", "province")} td.dl-source [data-legal="false"] .dl-no-source`),
      /^Chưa có căn cứ pháp lý — do cơ quan thường trực quy định$/,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "60-deadlines");
    await page.click(`${row("BC_BDG_NAM", "province")} td.dl-source summary`);
    assert.match(await text(`${row("BC_BDG_NAM", "province")} td.dl-source details p`), /Chọn trước 25\/12/);
    // who set it: the package's defaults
    assert.equal(await page.getAttribute(`${COMMUNE} td.dl-set-by`, "data-set-by"), "package");
    assert.equal(await text(`${COMMUNE} td.dl-set-by`), "Gói danh mục (mặc định)");
    assert.deepEqual(await unnamedControls(page), []);
  });

  test("changing the communes' deadline is saved, kept after a reload and says who set it", async () => {
    const puts = countPuts(page);
    await page.click(`#dl-edit-${FORM}-commune`);
    await page.waitForSelector("#dl-edit-form");
    // the day field has the focus; the month is chosen, never typed in the browser's date format
    assert.equal(await page.evaluate(() => document.activeElement?.id), "dl-day");
    assert.equal(await page.inputValue("#dl-day"), "15");
    assert.equal(await page.$eval("#dl-month option:checked", (o) => o.textContent), "Tháng 6 cùng năm");
    assert.equal(await page.isChecked("#dl-kind-legal"), true);
    await page.fill("#dl-day", "10");
    await page.fill("#dl-source", "Quyết định thử nghiệm của cơ quan thường trực, điểm 2: gửi trước ngày 10/6");
    assert.equal(await text("#dl-preview"), "Hạn mới: trước 10/06 cùng năm.");
    await shot(page, "61-deadlines-editing");
    await page.click("#dl-save");
    await page.waitForSelector("#dl-saved");
    assert.match(await text("#dl-saved"), /^Đã lưu hạn nộp .* của xã, phường, đặc khu: trước 10\/06 cùng năm\./);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute("data-set-by") === "admin",
      `${COMMUNE} td.dl-set-by`,
    );
    assert.equal(puts.n, 1);
    assert.equal(await text(`${COMMUNE} td.dl-when`), "trước 10/06 cùng năm");
    // when, from the audit trail
    await page.waitForSelector(`${COMMUNE} a.dl-history`);
    assert.match(await text(`${COMMUNE} td.dl-set-by`), /^admin · \d\d\/\d\d\/\d{4} \d\d:\d\d Lịch sử$/);
    assert.match(await text(`${COMMUNE} td.dl-source`), /^Quyết định thử nghiệm của cơ quan thường trực, điểm 2/);
    // the focus is back on the row's button
    assert.equal(await page.evaluate(() => document.activeElement?.id), `dl-edit-${FORM}-commune`);
    await shot(page, "62-deadlines-saved");

    await page.reload();
    await page.waitForSelector(`${COMMUNE} td.dl-when`);
    assert.equal(await text(`${COMMUNE} td.dl-when`), "trước 10/06 cùng năm");
    assert.equal(await page.getAttribute(`${COMMUNE} td.dl-set-by`, "data-set-by"), "admin");
    assert.equal(await page.getAttribute(`${COMMUNE} td.dl-when`, "data-day"), "10");
    // the other levels are as the package set them
    assert.equal(await page.getAttribute(`${row(FORM, "agency")} td.dl-set-by`, "data-set-by"), "package");
    // the audit trail has it
    await page.click(`${COMMUNE} a.dl-history`);
    await page.waitForSelector("#audit-table tbody tr");
    assert.match(await text("#audit-table tbody tr"), /admin.*Hạn nộp báo cáo.*BC_BDG_6T\/commune/);
    assert.deepEqual(page.errors, []);
  });

  test("31/02 is refused in Vietnamese, naming the day; the server's 422 is shown at its field", async () => {
    await openDeadlines();
    const puts = countPuts(page);
    await page.click(`#dl-edit-${FORM}-commune`);
    await page.waitForSelector("#dl-edit-form");
    await page.fill("#dl-day", "31");
    await page.selectOption("#dl-month", { label: "Tháng 2 năm sau" });
    await page.click("#dl-save");
    await page.waitForSelector("#dl-day-error");
    assert.equal(
      await text("#dl-day-error"),
      "Ngày: 31/02 không phải ngày hợp lệ — tháng 2 chỉ có 28 ngày (29 ngày năm nhuận), chọn ngày từ 1 đến 28.",
    );
    assert.equal(await page.getAttribute("#dl-day", "aria-invalid"), "true");
    assert.match(await page.getAttribute("#dl-day", "aria-describedby"), /dl-day-error/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "dl-day");
    assert.equal(await page.locator("#dl-preview").count(), 0);
    assert.equal(puts.n, 0, "nothing is sent");
    await shot(page, "63-deadlines-invalid-date");
    // 31/04 too; 28/02 is a date
    await page.selectOption("#dl-month", { label: "Tháng 4 năm sau" });
    await page.click("#dl-save");
    await page.waitForFunction(() => document.querySelector("#dl-day-error")?.textContent?.includes("31/04"));
    assert.match(await text("#dl-day-error"), /^Ngày: 31\/04 không phải ngày hợp lệ — tháng 4 có 30 ngày\.$/);
    await page.fill("#dl-day", "hai");
    await page.click("#dl-save");
    await page.waitForFunction(() => document.querySelector("#dl-day-error")?.textContent?.includes("nhập số ngày"));

    // a source of more than 500 bytes: the server says so (422, field source), shown under it
    await page.fill("#dl-day", "28");
    await page.selectOption("#dl-month", { label: "Tháng 2 năm sau" });
    assert.equal(await text("#dl-preview"), "Hạn mới: trước 28/02 năm sau.");
    await page.fill("#dl-source", "Quyết định ".repeat(50)); // 16 bytes × 50
    assert.match(await text("#dl-source-hint"), /^\d+\/500 byte/);
    assert.equal(await page.locator("#dl-source-hint .dl-over").count(), 1);
    await page.click("#dl-save");
    await page.waitForSelector("#dl-source-error");
    assert.match(await text("#dl-source-error"), /^Căn cứ: căn cứ \(source\) dài quá 500 byte \(mã E\d+\)$/);
    assert.equal(await page.getAttribute("#dl-source", "aria-invalid"), "true");
    assert.equal(puts.n, 1);
    await shot(page, "64-deadlines-server-error");
    await page.click("#dl-cancel");
    await page.waitForSelector("#dl-edit-form", { state: "detached" });
    // nothing changed
    assert.equal(await text(`${COMMUNE} td.dl-when`), "trước 10/06 cùng năm");
    assert.equal(await page.evaluate(() => document.activeElement?.id), `dl-edit-${FORM}-commune`);
    assert.deepEqual(page.errors, []);
  });

  test("no legal source is recorded as the standing agency's, and it reads in English", async () => {
    await page.click(`#dl-edit-${FORM}-commune`);
    await page.check("#dl-kind-none");
    assert.equal(await text('label[for="dl-source"]'), "Lý do chọn ngày (không bắt buộc)");
    await page.fill("#dl-source", "");
    await page.click("#dl-save");
    await page.waitForSelector("#dl-saved");
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes("Chưa có căn cứ pháp lý"),
      `${COMMUNE} td.dl-source`,
    );
    const stored = await page.evaluate(async (form) => {
      const f = (await (await fetch("/api/v1/forms")).json()).forms.find((x) => x.code === form);
      return f.dueBefore.find((d) => d.unitType === "commune").source;
    }, FORM);
    assert.equal(
      stored,
      "Không có căn cứ pháp lý — do cơ quan thường trực quy định / no legal source — set by the standing agency.",
    );

    await page.click("#lang-switch");
    await page.waitForFunction(() => document.querySelector("#page-title")?.textContent === "Reporting deadlines");
    assert.equal(await page.locator('#nav a[href="#/deadlines"]').textContent(), "Deadlines");
    assert.equal(await text(`${COMMUNE} th`), "Commune");
    assert.equal(await text(`${COMMUNE} td.dl-when`), "before 10/06, same year");
    assert.equal(await text(`${row("BC_CHIEN_LUOC", "province")} td.dl-when`), "before 15/01, next year");
    assert.equal(await text(`${COMMUNE} td.dl-source`), "No legal source — set by the standing agency");
    assert.match(await text(`#dl-form-${FORM}`), /Reporting period: First half-year/);
    assert.equal(await text(`${row("BC_BDG_NAM", "commune")} td.dl-set-by`), "Metadata package (default)");
    await page.click(`#dl-edit-${FORM}-commune`);
    await page.fill("#dl-day", "30");
    await page.selectOption("#dl-month", { label: "February, next year" });
    await page.click("#dl-save");
    await page.waitForSelector("#dl-day-error");
    assert.match(await text("#dl-day-error"), /^Day: 30\/02 is not a date — February has 28 days/);
    await shot(page, "65-deadlines-english");
    await page.click("#dl-cancel");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    assert.deepEqual(page.errors, []);
  });

  test("on a phone in an English-US browser the levels are cards, dates still day/month", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-US",
      timezoneId: "America/New_York",
    });
    const phone = await context.newPage();
    const errors = [];
    phone.on("pageerror", (e) => errors.push(e.message));
    await signIn(phone, "admin");
    await phone.click(".menu-toggle");
    await phone.click('#nav a[href="#/deadlines"]');
    await phone.waitForSelector(`${COMMUNE} td.dl-when`);
    assert.equal(
      ((await phone.textContent(`${COMMUNE} td.dl-when`)) ?? "").replace(/\s+/g, " ").trim(),
      "trước 10/06 cùng năm",
    );
    // nothing wider than the screen
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await phone.locator(`#dl-form-${FORM}`).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${process.env.TIENBO_SCREENSHOTS ?? "."}/66-phone-deadlines.png` });
    await phone.click(`#dl-edit-${FORM}-commune`);
    await phone.fill("#dl-day", "31");
    await phone.selectOption("#dl-month", { label: "Tháng 2 năm sau" });
    await phone.click("#dl-save");
    await phone.waitForSelector("#dl-day-error");
    const overflowEdit = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflowEdit <= 0, `the edit form scrolls sideways by ${overflowEdit}px`);
    await phone.locator("#dl-edit-form").scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${process.env.TIENBO_SCREENSHOTS ?? "."}/67-phone-deadlines-editing.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("viewers, editors and a province's manager have no menu entry and cannot change a deadline", async () => {
    await signOut(page);
    for (const login of ["hcm.xem", "hoankiem.nhaplieu", "hanoi.quanly"]) {
      await signIn(page, login);
      assert.equal(await page.locator('#nav a[href="#/deadlines"]').count(), 0, `${login} sees no menu entry`);
      // the page itself is readable (every signed-in user may read the forms), without editing
      await page.goto(`${BASE}/#/deadlines`);
      await page.waitForSelector(`${COMMUNE} td.dl-when`);
      assert.equal(await page.locator("#deadlines-table button").count(), 0, `${login} has no edit button`);
      assert.match(await text("main .alert-info"), /Chỉ quản trị viên hoặc cán bộ quản lý cấp quốc gia/);
      if (login === "hanoi.quanly") await shot(page, "68-deadlines-read-only");
      await signOut(page);
    }
    await signIn(page, "admin");
    assert.deepEqual(page.errors, []);
  });
});
