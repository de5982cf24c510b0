// Two people edit the same report: the second save meets the first one's (409) and is shown
// both values to choose from; evidence files are attached and listed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, launch, newPage, shot, signIn } from "./browser.mjs";

const REPORT = "#/reports/BC_THANG_HANH_DONG/00070/2026";
let browser;
let a;
let b;

describe("conflicts and evidence in Chromium", () => {
  before(async () => {
    browser = await launch();
    a = await newPage(browser);
    b = await newPage(browser);
    await signIn(a, "hoankiem.nhaplieu");
    await signIn(b, "hoankiem.nhaplieu");
    await a.goto(BASE + "/" + REPORT);
    await b.goto(BASE + "/" + REPORT);
    await a.waitForSelector("#v-THD_KINH_PHI-TONG");
    await b.waitForSelector("#v-THD_KINH_PHI-TONG");
  });
  after(async () => {
    await browser?.close();
  });

  test("a decimal comma is accepted and shown the Vietnamese way", async () => {
    await a.fill("#v-THD_KINH_PHI-TONG", "12,5");
    await a.waitForSelector('#save-state[data-state="saved"]');
    await a.reload();
    await a.waitForSelector("#v-THD_KINH_PHI-TONG");
    assert.equal(await a.inputValue("#v-THD_KINH_PHI-TONG"), "12,5");
  });

  test("someone else's save is shown beside mine and I choose", async () => {
    // b still holds version 0 of the report; a saved version 1.
    await b.fill("#v-THD_KINH_PHI-TONG", "20");
    const conflict = b.locator("#conflict");
    await conflict.waitFor({ timeout: 15000 });
    const text = await conflict.textContent();
    assert.match(text, /Người khác vừa lưu báo cáo này/);
    assert.match(text, /20/);
    assert.match(text, /12,5/);
    await shot(b, "11-conflict");
    await b.click("#resolve-conflict"); // keep mine
    await b.waitForSelector('#save-state[data-state="saved"]');
    await a.reload();
    await a.waitForSelector("#v-THD_KINH_PHI-TONG");
    assert.equal(await a.inputValue("#v-THD_KINH_PHI-TONG"), "20");
  });

  test("leaving the report at once still saves what was typed", async () => {
    await a.goto(BASE + "/" + REPORT);
    await a.waitForSelector("#v-THD_KINH_PHI-TONG");
    await a.fill("#v-THD_KINH_PHI-TONG", "33");
    await a.click("nav#nav a[href='#/']"); // before the autosave delay
    await a.waitForSelector("#reports-due");
    await a.goto(BASE + "/" + REPORT);
    await a.waitForSelector("#v-THD_KINH_PHI-TONG");
    await a.waitForFunction(() => document.querySelector("#v-THD_KINH_PHI-TONG")?.value === "33");
  });

  test("an evidence file is attached and listed", async () => {
    await a.goto(BASE + "/" + REPORT + "?tab=evidence");
    await a.waitForSelector("#evidence-file");
    await a.setInputFiles("#evidence-file", {
      name: "Biên bản phát động Tháng hành động.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
    });
    await a.click("form button[type=submit]:has-text('Tải lên')");
    await a.waitForSelector("#evidence-table");
    assert.match(await a.textContent("#evidence-table"), /Biên bản phát động Tháng hành động\.pdf/);
    await shot(a, "12-evidence");
    // A program renamed .pdf is refused with the server's message.
    await a.setInputFiles("#evidence-file", {
      name: "giả mạo.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("MZ\x90\x00 not a pdf"),
    });
    await a.click("form button[type=submit]:has-text('Tải lên')");
    await a.waitForSelector(".alert-error");
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  });
});
