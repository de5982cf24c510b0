// Each data element carries a definition and a short instruction shown beside it in the form
// (issue #11, item 4): the instruction as a hint under the element's name (and the inputs'
// description), the definition folded under "Định nghĩa" so that wide tables stay readable.
// Read only: Hà Nội's Strategy report is opened, never saved.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, shot, signedIn, unnamedControls } from "./browser.mjs";

const REPORT = "#/reports/BC_CHIEN_LUOC/01/2025";

describe("definitions and instructions in the report form, in Chromium", () => {
  const session = signedIn("hanoi.quanly");

  test("every element row has its instruction and a folded definition", async () => {
    const { page } = session;
    await page.goto(BASE + "/" + REPORT);
    await page.waitForSelector('[data-definition="BL_NAN_NHAN"]', { timeout: 30000 });
    const counts = await page.evaluate(() => ({
      rows: document.querySelectorAll('[id^="row-"]').length,
      definitions: document.querySelectorAll('[id^="row-"] details.el-desc').length,
      hints: document.querySelectorAll('[id^="row-"] .el-hint').length,
      open: document.querySelectorAll("details.el-desc[open]").length,
    }));
    assert.ok(counts.rows >= 30, `the Strategy report has its 30-odd elements, saw ${counts.rows}`);
    assert.equal(counts.definitions, counts.rows, "a definition on every row");
    assert.equal(counts.hints, counts.rows, "an instruction on every row");
    assert.equal(counts.open, 0, "definitions start folded");

    // The instruction describes the inputs of its row.
    const hint = page.locator("#hint-BL_NAN_NHAN");
    assert.match(await hint.textContent(), /Mỗi người chỉ tính một lần trong kỳ/);
    assert.equal(await page.getAttribute("#v-BL_NAN_NHAN-NU", "aria-describedby"), "hint-BL_NAN_NHAN");

    // The definition opens from its summary, named with the element for screen readers.
    const details = page.locator('[data-definition="BL_NAN_NHAN"]');
    const text = details.locator("p");
    assert.equal(await text.isVisible(), false);
    const summary = details.locator("summary");
    assert.match((await summary.textContent()).normalize("NFC"), /^Định nghĩa: Số người bị bạo lực được phát hiện$/);
    await summary.click();
    await text.waitFor({ state: "visible" });
    assert.equal(await text.getAttribute("lang"), "vi");
    const definition = (await text.textContent()).normalize("NFC");
    assert.match(definition, /^Số người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện/);
    assert.match(definition, /mẫu số của Chỉ tiêu 2 Mục tiêu 3/);
    assert.match(definition, /Nghị quyết 28\/NQ-CP ngày 03\/3\/2021/);
    await details.scrollIntoViewIfNeeded();
    await shot(page, "60-definition-open");
    assert.deepEqual(await unnamedControls(page), []);
    assert.deepEqual(page.errors, []);
  });

  test("in English the instruction is English and the definition says it is Vietnamese", async () => {
    const { page } = session;
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    try {
      await page.waitForFunction(() =>
        /once in the period/.test(document.querySelector("#hint-BL_NAN_NHAN")?.textContent ?? ""),
      );
      const summary = page.locator('[data-definition="BL_TIEP_CAN"] summary');
      assert.match(await summary.textContent(), /^Definition \(in Vietnamese\): /);
      await summary.click();
      const text = page.locator('[data-definition="BL_TIEP_CAN"] p');
      await text.waitFor({ state: "visible" });
      assert.equal(await text.getAttribute("lang"), "vi");
      assert.match((await text.textContent()).normalize("NFC"), /tử số của Chỉ tiêu 2 Mục tiêu 3/);
    } finally {
      await page.click("#lang-switch");
      await page.waitForFunction(() => document.documentElement.lang === "vi");
    }
    assert.deepEqual(page.errors, []);
  });
});
