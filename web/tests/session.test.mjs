// Signing in with the keyboard alone, the message when the session has ended, and the message
// and countdown when sign-in is throttled after repeated wrong passwords.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, PASSWORD, launch, newPage, shot } from "./browser.mjs";

let browser;

describe("sessions in Chromium", () => {
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("sign in with the keyboard only", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/");
    await page.waitForSelector("#login");
    // The login field has the focus when the page opens.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "login");
    await page.keyboard.type("hoankiem.nhaplieu");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#reports-due");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("an ended session says so and asks to sign in again", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/");
    await page.fill("#login", "hoankiem.nhaplieu");
    await page.fill("#password", PASSWORD);
    await page.click("form button[type=submit]");
    await page.waitForSelector("#reports-due");
    // The session ends elsewhere (as when it times out or the password is changed elsewhere).
    const status = await page.evaluate(async () => {
      const me = await (await fetch("/api/v1/me")).json();
      const r = await fetch("/api/v1/session", { method: "DELETE", headers: { "X-CSRF-Token": me.csrfToken } });
      return r.status;
    });
    assert.equal(status, 204);
    await page.click("nav#nav a[href='#/completeness']");
    await page.waitForSelector("#login");
    assert.match(await page.textContent("main"), /Phiên làm việc đã hết hạn hoặc đã kết thúc/);
    await shot(page, "13-session-expired");
    await page.close();
  });

  test("repeated wrong passwords are throttled with a clear message and a countdown", async () => {
    const page = await newPage(browser);
    await page.goto(BASE + "/");
    let last = "";
    for (let i = 0; i < 7; ++i) {
      await page.fill("#login", "hcm.xem");
      await page.fill("#password", `sai-${i}`);
      const submit = page.locator("form button[type=submit]");
      if (await submit.isDisabled()) break;
      await submit.click();
      await page.waitForSelector("#signin-error");
      await page.waitForFunction(() => !document.querySelector("form button[type=submit]")?.textContent?.includes("…"));
      last = await page.textContent("#signin-error");
    }
    assert.match(last, /E3004|thử lại sau|quá nhiều/i, last);
    assert.match(await page.textContent("main"), /Có thể thử lại sau \d+ giây/);
    assert.equal(await page.isDisabled("form button[type=submit]"), true);
    await shot(page, "14-sign-in-throttled");
    await page.close();
  });
});
