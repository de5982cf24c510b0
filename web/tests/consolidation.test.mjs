// Own and consolidated figures side by side: the city's manager fills in and submits a commune's
// annual report, consolidates the city's report through the consolidation screen, and sees the
// children's figures in their own column beside the city's own entries, with the whole area
// (own + children) for area items and the children's figure only for reference for the
// committee's own items; a figure that another form's submitted report holds cannot change
// (409 locked_by_other_report): the message names that report, no conflict panel opens, and
// what was typed stays in the field.
//
// Period 2027 of BC_BDG_NAM: the demo data has nothing for it (annual reports up to 2025, the
// half-year 2026S1) and no other test touches it, so this runs in any order.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn, unnamedControls } from "./browser.mjs";

const PERIOD = "2027";
const CHILD = "00004"; // Phường Ba Đình, a commune of Hà Nội
const CHILD_REPORT = `#/reports/BC_BDG_NAM/${CHILD}/${PERIOD}`;
const CITY_REPORT = `#/reports/BC_BDG_NAM/01/${PERIOD}`;
const CITY_STRATEGY = `#/reports/BC_CHIEN_LUOC/01/${PERIOD}`;
const VICTIMS_NU = "Số người bị bạo lực được phát hiện — Nữ";
const MEETINGS = "Số cuộc họp của Ban";

let browser;
let page;

async function waitSaved(p = page) {
  await p.waitForSelector('#save-state[data-state="saved"]', { timeout: 15000 });
}

async function text(locator) {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe("own and consolidated figures in Chromium", () => {
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await signIn(page, "hanoi.quanly");
  });
  after(async () => {
    await browser?.close();
  });

  test("a commune's report is filled in, with the package's instruction under the label, and submitted", async () => {
    await page.goto(BASE + "/" + CHILD_REPORT);
    const victims = page.getByLabel(VICTIMS_NU, { exact: true });
    await victims.waitFor();
    // How to count it, read out with the input.
    const hint = page.getByText("Mỗi người chỉ tính một lần trong kỳ", { exact: false }).first();
    await hint.waitFor();
    const hintId = await hint.getAttribute("id");
    assert.ok(hintId, "the instruction has an id");
    assert.ok(
      ((await victims.getAttribute("aria-describedby")) ?? "").split(" ").includes(hintId),
      "the input is described by the instruction",
    );
    // Nothing consolidated into a commune: no children's column.
    assert.equal(await page.getByRole("columnheader", { name: "Cấp dưới (tổng hợp)" }).count(), 0);
    await victims.fill("7");
    await page.getByLabel("Số người bị bạo lực được phát hiện — Nam", { exact: true }).fill("2");
    await page.getByLabel(MEETINGS, { exact: true }).fill("5");
    await waitSaved();
    await page.getByRole("button", { name: "Nộp báo cáo…" }).click();
    await page.waitForSelector("#submit-dialog[open]");
    await page.getByRole("button", { name: "Nộp báo cáo", exact: true }).click();
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã nộp"));
  });

  test("the city consolidates through the consolidation screen", async () => {
    await page.goto(BASE + "/" + CITY_REPORT + "/consolidate");
    const run = page.getByRole("button", { name: /^Tổng hợp( lại)?$/ });
    await run.waitFor({ timeout: 30000 });
    await page.getByLabel("Dùng cả báo cáo đã nộp nhưng chưa duyệt").check();
    await run.click();
    const result = page.locator("#consolidate-result");
    await result.waitFor({ timeout: 30000 });
    const said = await text(result);
    assert.match(said, /Đã tổng hợp\./);
    assert.match(said, /Dùng báo cáo của 1 đơn vị/);
    assert.match(
      said,
      /số liệu tổng hợp được ghi vào cột “Cấp dưới \(tổng hợp\)” — để riêng, số liệu đơn vị tự nhập không thay đổi/,
    );
    // The figures table: the children's column beside the unit's own.
    const table = page.getByRole("table", { name: /Số liệu của đơn vị và số liệu tổng hợp từ cấp dưới/ });
    await table.getByRole("columnheader", { name: "Cấp dưới (tổng hợp)" }).waitFor();
    assert.equal(await text(table.locator('[data-consolidated="BL_NAN_NHAN.NU"]')), "7");
    assert.match(await text(table), /tổng hợp từ 1\/\d[\d.]* đơn vị, lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // What changed lists the children's figure.
    const changes = page.getByRole("region", { name: "Những gì đã thay đổi" });
    assert.match(await text(changes), /Số người bị bạo lực được phát hiện — Nữ/);
    await shot(page, "40-consolidation-result");
    assert.deepEqual(await unnamedControls(page), []);
  });

  test("the city's report shows the children's figures beside its own, and the whole area", async () => {
    await page.getByRole("link", { name: "Mở báo cáo để sửa, nộp" }).click();
    const own = page.getByLabel(VICTIMS_NU, { exact: true });
    await own.waitFor();
    await page.getByText("Báo cáo có số liệu tổng hợp từ cấp dưới", { exact: false }).waitFor();

    const violence = page.locator("#s-BAO_LUC");
    await violence.getByRole("columnheader", { name: "Cấp dưới (tổng hợp)" }).first().waitFor();
    assert.ok((await violence.getByRole("columnheader", { name: "Toàn địa bàn" }).count()) > 0);
    assert.equal(await text(violence.locator('[data-consolidated="BL_NAN_NHAN.NU"]')), "7");
    assert.equal(await text(violence.locator('[data-consolidated="BL_NAN_NHAN.TOTAL"]')), "9");
    await violence
      .getByText(/tổng hợp từ 1\/\d[\d.]* đơn vị, lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)
      .first()
      .waitFor();
    // The city's own entry is empty: the whole area is the children's figure.
    assert.equal(await own.inputValue(), "");
    assert.equal(await text(violence.locator('[data-area="BL_NAN_NHAN.NU"]')), "7");
    // What the city's own agencies found: the whole area adds up as one types, and it is saved apart.
    await own.fill("3");
    await page.waitForFunction(
      () => document.querySelector('[data-area="BL_NAN_NHAN.NU"]')?.textContent?.trim() === "10",
    );
    assert.equal(await text(violence.locator('[data-area="BL_NAN_NHAN.TOTAL"]')), "12");
    await waitSaved();
    assert.equal(
      await text(violence.locator('[data-consolidated="BL_NAN_NHAN.NU"]')),
      "7",
      "saving the own figure leaves the children's alone",
    );

    // The committee's meetings are its own: the committees below are for reference, never added.
    const committee = page.locator("#s-TO_CHUC");
    await committee.getByRole("columnheader", { name: "Các Ban cấp dưới (tham khảo)" }).first().waitFor();
    assert.equal(await text(committee.locator('[data-consolidated="BAN_CUOC_HOP.TONG"]')), "5");
    assert.equal(await committee.locator('[data-area="BAN_CUOC_HOP.TONG"]').count(), 0);
    assert.equal(await page.getByLabel(MEETINGS, { exact: true }).inputValue(), "");
    await violence.scrollIntoViewIfNeeded();
    await shot(page, "41-report-consolidated");
    assert.deepEqual(await unnamedControls(page), []);
  });

  test("on a phone the report stays within the screen; the wide table scrolls in its box", async () => {
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, "hanoi.quanly");
    await phone.goto(BASE + "/" + CITY_REPORT);
    await phone.getByLabel(VICTIMS_NU, { exact: true }).waitFor();
    const violence = phone.locator("#s-BAO_LUC");
    await violence.scrollIntoViewIfNeeded();
    await violence.getByRole("columnheader", { name: "Cấp dưới (tổng hợp)" }).first().waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `the page does not scroll sideways (overflow ${overflow}px)`);
    await phone.screenshot({ path: `${process.env.TIENBO_SCREENSHOTS ?? "."}/42-phone-report-consolidated.png` });
    assert.deepEqual(phone.errors, []);
    await phone.close();
  });

  test("a figure held by a submitted report does not change through another form; what was typed stays", async () => {
    // The city submits its annual report: BL_NAN_NHAN (also in the Strategy report) is now locked.
    await page.goto(BASE + "/" + CITY_REPORT);
    await page.getByLabel(VICTIMS_NU, { exact: true }).waitFor();
    await page.getByRole("button", { name: "Nộp báo cáo…" }).click();
    await page.waitForSelector("#submit-dialog[open]");
    await page.getByRole("button", { name: "Nộp báo cáo", exact: true }).click();
    await page.waitForFunction(() => document.querySelector("#report-status")?.textContent?.includes("Đã nộp"));

    await page.goto(BASE + "/" + CITY_STRATEGY);
    const shared = page.getByLabel(VICTIMS_NU, { exact: true });
    await shared.waitFor();
    assert.equal(await shared.inputValue(), "3", "one value, whatever form shows it");
    await shared.fill("4");
    const locked = page.getByRole("alert").filter({ hasText: "Chưa lưu: số liệu đang bị khóa bởi báo cáo khác" });
    await locked.waitFor({ timeout: 15000 });
    assert.match(await text(locked), /BC_BDG_NAM/);
    await locked.getByRole("link", { name: /BC_BDG_NAM/ }).waitFor();
    assert.equal(await page.locator("#conflict").count(), 0, "not a version conflict: no side-by-side panel");
    assert.equal(await shared.inputValue(), "4", "what was typed stays in the field");
    assert.equal(await page.getAttribute("#save-state", "data-state"), "unsaved");
    await shot(page, "43-locked-by-other-report");
    // Dropping the change to the locked field puts the saved value back.
    await locked.getByRole("button", { name: "Bỏ thay đổi ở các ô bị khóa, lưu phần còn lại" }).click();
    await waitSaved();
    assert.equal(await shared.inputValue(), "3");
    assert.equal(await locked.count(), 0);
    assert.deepEqual(page.errors, []);
  });
});
