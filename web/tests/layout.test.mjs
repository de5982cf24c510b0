// Every report form fits the screen without sideways scrolling (issue #13, item 6): the page does
// not grow wider than the window and no table inside it scrolls sideways, on a 1366-pixel laptop
// and on a 390-pixel phone — the Action Month's ten activity forms, the city's consolidated
// figures, the Strategy report. Read only: reports are opened, never saved.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn } from "./browser.mjs";

const REPORTS = [
  "BC_BDG_NAM/00070/2025",
  "BC_BDG_NAM/01/2025",
  "BC_BDG_6T/00070/2026S1",
  "BC_BDG_6T/01/2026S1",
  "BC_THANG_HANH_DONG/00070/2025",
  "BC_THANG_HANH_DONG/01/2025",
  "BC_CHIEN_LUOC/01/2025",
];

/** What scrolls sideways: the page, and each element inside main whose content is wider than it and may scroll. */
async function sideways(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`the page by ${doc.scrollWidth - doc.clientWidth} px`);
    for (const el of document.querySelectorAll("main *")) {
      const overflow = getComputedStyle(el).overflowX;
      if (
        (overflow === "auto" || overflow === "scroll") &&
        el.scrollWidth > el.clientWidth + 1 &&
        el.tagName !== "TEXTAREA"
      ) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} by ${el.scrollWidth - el.clientWidth} px`);
      }
    }
    return out;
  });
}

describe("report forms fit the screen in Chromium", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, viewport] of [
    ["laptop", { width: 1366, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ]) {
    test(`no sideways scrolling on a ${name} (${viewport.width} px)`, async () => {
      const page = await newPage(browser, viewport);
      await signIn(page, "admin");
      if (viewport.width >= 1366) {
        // The administrator's whole menu on one row under the name, the user and the language: two rows in all.
        const tops = await page.$$eval("nav#nav li", (lis) => [
          ...new Set(lis.map((li) => Math.round(li.getBoundingClientRect().top))),
        ]);
        assert.equal(tops.length, 1, `the menu takes one row at ${viewport.width} px`);
        const bar = await page.evaluate(() => document.querySelector("header.topbar").getBoundingClientRect().height);
        assert.ok(bar < 110, `the top bar is ${bar} px high`);
      }
      // The forms the package has: each is opened here (a new form must be added to REPORTS).
      const forms = await page.evaluate(async () =>
        (await (await fetch("/api/v1/forms")).json()).forms.map((f) => f.code),
      );
      assert.deepEqual([...new Set(REPORTS.map((r) => r.split("/")[0]))].sort(), [...forms].sort());
      for (const report of REPORTS) {
        await page.goto(BASE + "/#/reports/" + report);
        await page.waitForSelector(".report-section", { timeout: 30000 });
        await page.waitForTimeout(200);
        assert.deepEqual(await sideways(page), [], `${report} at ${viewport.width} px`);
        // Every input is still there and named, in either layout.
        assert.ok((await page.locator("main input.cell, main select.cell").count()) > 0, report);
      }
      await page.goto(BASE + "/#/reports/BC_THANG_HANH_DONG/00070/2025");
      await page.waitForSelector(".report-section");
      await shot(page, `45-action-month-${name}`);
      await page.goto(BASE + "/#/reports/BC_BDG_NAM/01/2025");
      await page.waitForSelector(".report-section");
      await page.locator("#s-BAO_LUC").scrollIntoViewIfNeeded();
      await shot(page, `46-city-report-${name}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
});
