// The whole path of a report through the browser: an editor of Phường Hoàn Kiếm finds the
// report in "my reports due", types a wrong value and fixes it, trips a validation rule and
// fixes it, submits; the city's approver returns it with a reason for one section; the editor
// corrects and resubmits; the approver approves; the number shows in the dashboard; the
// interface switches to English and stays so after a reload.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, signOut, unnamedControls } from "./browser.mjs";

const REPORT = "#/reports/BC_BDG_NAM/00070/2026";
let browser;
let page;

async function waitSaved() {
  await page.waitForSelector('#save-state[data-state="saved"]', { timeout: 15000 });
}

describe("report workflow in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  test("a wrong password is refused with a readable message", async () => {
    await page.goto(BASE + "/");
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    await page.fill("#login", "hoankiem.nhaplieu");
    await page.fill("#password", "sai-mat-khau");
    await page.click("form button[type=submit]");
    const alert = page.locator("#signin-error");
    await alert.waitFor();
    assert.match(await alert.textContent(), /sai tên đăng nhập hoặc mật khẩu/);
    assert.equal(await page.getAttribute("#password", "aria-invalid"), "true");
    await shot(page, "01-sign-in-error");
  });

  test("the editor finds the report among the reports due", async () => {
    await signIn(page, "hoankiem.nhaplieu");
    const due = page.locator("#reports-due");
    await due.waitFor();
    const text = await due.textContent();
    assert.match(text, /Báo cáo tổng kết năm công tác bình đẳng giới/);
    assert.match(text, /Hạn: trước 15\/12\/2026/);
    await shot(page, "02-home-reports-due");
    assert.deepEqual(await unnamedControls(page), []);
    await page.click(`#reports-due a[href="${REPORT}"]`);
    await page.waitForSelector("#v-BL_NAN_NHAN-NU");
  });

  test("a wrong value is flagged at the field and fixed", async () => {
    await page.fill("#v-BAN_CUOC_HOP-TONG", "12a");
    const err = page.locator("#v-BAN_CUOC_HOP-TONG-err");
    await err.waitFor();
    assert.match(await err.textContent(), /số nguyên không âm/);
    assert.equal(await page.getAttribute("#v-BAN_CUOC_HOP-TONG", "aria-invalid"), "true");
    await page.fill("#v-BAN_CUOC_HOP-TONG", "12");
    await err.waitFor({ state: "detached" });
    await waitSaved();
  });

  test("a validation rule fails, blocks the submission, and is fixed", async () => {
    await page.fill("#v-BL_NAN_NHAN-NU", "3");
    await page.fill("#v-BL_NAN_NHAN-NAM", "1");
    await page.fill("#v-BL_TIEP_CAN-NU", "5");
    // Tổng = Nữ + Nam, computed as one types.
    assert.equal((await page.textContent('[data-total="BL_NAN_NHAN"]')).trim(), "4");
    await waitSaved();
    const rule = page.locator('[data-rule="BL_TIEP_CAN_KHONG_VUOT_NAN_NHAN"]').first();
    await rule.waitFor();
    assert.match(await rule.textContent(), /không được lớn hơn/);
    // drawn, not an emoji (an empty box where no emoji font is installed), and read out as a blocking error
    assert.equal(await rule.locator("svg.sev-icon").count(), 1);
    assert.doesNotMatch(await rule.textContent(), /[⛔⚠]/u);
    assert.match(await rule.textContent(), /Lỗi chặn/);
    await shot(page, "03-report-entry-rule");
    // printed, the report is the page: no top bar, tabs or buttons
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible(".topbar"), false);
    assert.equal(await page.isVisible("#submit-report"), false);
    assert.equal(await page.isVisible("#page-title"), true);
    await shot(page, "03b-report-print");
    await page.emulateMedia({ media: "screen" });
    assert.deepEqual(await unnamedControls(page), []);
    await page.click("#submit-report");
    await page.waitForSelector("#submit-dialog[open]");
    assert.match(await page.textContent("#submit-summary"), /không được lớn hơn/);
    assert.equal(await page.isDisabled("#confirm-submit"), true);
    await shot(page, "04-submit-summary-blocked");
    await page.keyboard.press("Escape");
    await page.fill("#v-BL_TIEP_CAN-NU", "3");
    await waitSaved();
    await page.locator('[data-rule="BL_TIEP_CAN_KHONG_VUOT_NAN_NHAN"]').first().waitFor({ state: "detached" });
    await page.fill("#n-KET_QUA", "Tổ chức 12 cuộc họp của Ban; 2 lớp tập huấn về bình đẳng giới.");
    await waitSaved();
  });

  test("the editor submits", async () => {
    await page.click("#submit-report");
    await page.waitForSelector("#submit-dialog[open]");
    assert.equal(await page.isDisabled("#confirm-submit"), false);
    await page.fill("#submit-comment", "Gửi báo cáo năm 2026");
    await page.click("#confirm-submit");
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã nộp"));
    assert.equal(await page.isVisible("#submit-report"), false);
    await signOut(page);
  });

  test("the city's approver returns it with a reason for one section", async () => {
    await signIn(page, "hanoi.truongban");
    await page.waitForSelector(`#awaiting-review a[href="${REPORT}"]`, { timeout: 30000 });
    await shot(page, "05-home-awaiting-review");
    await page.click(`#awaiting-review a[href="${REPORT}"]`);
    await page.waitForSelector("#return-report");
    await page.click("#return-report");
    await page.waitForSelector("#return-dialog[open]");
    assert.equal(await page.isDisabled("#confirm-return"), true, "a return needs a reason");
    await page.fill("#reason-BAO_LUC", "Số người bị bạo lực chưa khớp với số liệu của Công an phường");
    await shot(page, "06-return-dialog");
    await page.click("#confirm-return");
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Bị trả lại"));
    await signOut(page);
  });

  test("the editor sees the reason, corrects and resubmits", async () => {
    await signIn(page, "hoankiem.nhaplieu");
    await page.locator("#reports-due").waitFor();
    assert.match(await page.textContent("#reports-due"), /Bị trả lại/);
    await page.click(`#reports-due a[href="${REPORT}"]`);
    const note = page.locator("#return-note");
    await note.waitFor();
    assert.match(await note.textContent(), /chưa khớp với số liệu của Công an phường/);
    assert.match(await page.textContent("#s-BAO_LUC"), /Lý do trả lại/);
    await page.fill("#v-BL_NAN_NHAN-NU", "4");
    await page.fill("#v-BL_TIEP_CAN-NU", "4");
    assert.equal((await page.textContent('[data-total="BL_NAN_NHAN"]')).trim(), "5");
    await waitSaved();
    await shot(page, "07-report-returned");
    await page.click("#submit-report");
    await page.waitForSelector("#submit-dialog[open]");
    await page.click("#confirm-submit");
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã nộp"));
    await signOut(page);
  });

  test("the approver approves; history and the difference between submissions show", async () => {
    await signIn(page, "hanoi.truongban");
    await page.goto(BASE + "/" + REPORT);
    await page.waitForSelector("#approve-report");
    await page.click("#approve-report");
    await page.waitForSelector("#approve-dialog[open]");
    await page.fill("#approve-dialog-comment", "Đồng ý");
    await page.click("#approve-dialog-confirm");
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã duyệt"));
    await page.click("#tab-history");
    await page.waitForSelector("#report-history > li");
    const actions = await page.$$eval("#report-history > li", (lis) => lis.map((li) => li.dataset.action));
    assert.deepEqual(actions, ["submit", "return", "submit", "approve"]);
    const diff = page.locator("#report-diff");
    await diff.waitFor();
    const text = await diff.textContent();
    assert.match(text, /Số người bị bạo lực được phát hiện — Nữ/);
    assert.match(text, /3.*4/s);
    await shot(page, "08-report-history-diff");
  });

  test("the approved number shows in the dashboard", async () => {
    await page.goto(BASE + "/#/dashboard?ou=00070&dx=BL_NAN_NHAN");
    const nu = page.locator('#gender-table td[data-series="NU"][data-year="2026"]:not([data-value=""])');
    await nu.waitFor({ timeout: 30000 });
    assert.equal(await nu.getAttribute("data-value"), "4");
    const total = page.locator('#gender-table td[data-series="TOTAL"][data-year="2026"]');
    assert.equal(await total.getAttribute("data-value"), "5");
    assert.match(await page.textContent("#dashboard-unit"), /Phường Hoàn Kiếm/);
    await shot(page, "09-dashboard");
  });

  test("the interface switches to English and stays so after a reload", async () => {
    await page.goto(BASE + "/#/");
    await page.waitForSelector("#page-title");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.querySelector("#page-title")?.textContent === "Home");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.reload();
    await page.waitForFunction(() => document.querySelector("#page-title")?.textContent === "Home");
    assert.match(await page.textContent("nav#nav"), /Targets/);
    await page.goto(BASE + "/" + REPORT);
    await page.waitForSelector("#report-status");
    assert.match(await page.textContent("#report-status"), /Approved/);
    await shot(page, "10-report-english");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    assert.deepEqual(page.errors, []);
  });
});
