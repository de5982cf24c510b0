// The administrative screens write for real: an administrator creates an account and grants it
// a role, its owner must set a new password at the first sign-in; the city's manager appoints a
// committee member and ends the term, and both show in the members' history.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, launch, newPage, shot, signIn } from "./browser.mjs";

let browser;

describe("administration in Chromium", () => {
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("an administrator creates a user and grants a role; the first sign-in asks for a new password", async () => {
    const admin = await newPage(browser);
    await signIn(admin, "admin");
    await admin.goto(BASE + "/#/users");
    await admin.waitForSelector("#users-table tbody tr");
    await admin.click("#user-create-open");
    await admin.fill("#new-login", "hangbai.nhaplieu");
    await admin.fill("#new-displayName", "Cán bộ nhập liệu phường Hàng Bài");
    await admin.fill("#new-unit", "00070");
    await admin.selectOption("#new-role", "editor");
    await admin.fill("#new-password", "Tạm-thời-2026-x");
    await admin.click("#user-create-form button[type=submit]");
    await admin.waitForSelector("#user-editor");
    await admin.selectOption("#grant-role", "viewer");
    await admin.fill("#grant-unit", "01");
    await admin.click("#user-editor form[aria-label] button[type=submit]");
    await admin.waitForFunction(
      () =>
        /viewer|Xem/i.test(document.querySelector("#user-roles")?.textContent ?? "") &&
        (document.querySelector("#user-roles")?.textContent ?? "").includes("01"),
    );
    await shot(admin, "15-user-created");
    assert.deepEqual(admin.errors, []);
    await admin.close();

    const user = await newPage(browser);
    await user.goto(BASE + "/");
    await user.fill("#login", "hangbai.nhaplieu");
    await user.fill("#password", "Tạm-thời-2026-x");
    await user.click("form button[type=submit]");
    await user.waitForSelector("#pw-current");
    assert.match(await user.textContent("main"), /Bạn cần đặt mật khẩu mới trước khi tiếp tục/);
    await user.fill("#pw-current", "Tạm-thời-2026-x");
    await user.fill("#pw-new", "Phường-Hàng-Bài-2026");
    await user.fill("#pw-again", "Phường-Hàng-Bài-2026");
    await user.waitForFunction(() => document.querySelector("#pw-policy")?.textContent?.includes("đạt yêu cầu"));
    await user.click("main form button[type=submit]");
    await user.waitForSelector("#reports-due");
    assert.deepEqual(user.errors, []);
    await user.close();
  });

  test("a manager appoints a committee member and ends the term", async () => {
    const page = await newPage(browser);
    await signIn(page, "hanoi.quanly");
    await page.goto(BASE + "/#/committees?unit=01");
    await page.waitForSelector("#committee-list a[href^='#/committees/']");
    await page.click("#committee-list a[href^='#/committees/']");
    await page.waitForSelector("#committee-members");
    await page.click("#add-member-open");
    await page.fill("#member-fullName", "Đặng Thị Thanh Xuân");
    await page.selectOption("#member-sex", "F");
    await page.fill("#member-position", "Phó Giám đốc Sở Y tế");
    await page.fill("#member-decisionNumber", "125/QĐ-UBND");
    await page.fill("#member-decisionDate", "20/11/2026");
    await page.fill("#member-termStart", "20/11/2026");
    await page.click("#add-member-form button[type=submit]");
    await page.waitForFunction(() =>
      document.querySelector("#committee-members")?.textContent?.includes("Đặng Thị Thanh Xuân"),
    );
    await shot(page, "16-member-appointed");
    // The field's words: the standing vice-chair by that title, the member added with "Bổ sung".
    assert.match(await page.textContent("#committee-members"), /Phó Trưởng ban thường trực/);
    assert.match(await page.textContent("#add-member-open"), /Bổ sung thành viên/);
    // The CSV has the roles as people read them, and no column for the buttons.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page
        .locator("#committee-members")
        .locator("xpath=ancestor::div[contains(@class,'table-block')]")
        .locator("text=Tải CSV")
        .click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8");
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    assert.doesNotMatch(header, /Thao tác/);
    assert.match(header, /Chức danh trong Ban/);
    assert.match(csv, /Phó Trưởng ban thường trực/);
    assert.match(csv, /Đặng Thị Thanh Xuân/);
    const role = header.split(",").indexOf("Chức danh trong Ban");
    for (const line of lines) assert.doesNotMatch(line.split(",")[role], /^\d+$/, line);
    const row = page.locator("#committee-members tr", { hasText: "Đặng Thị Thanh Xuân" });
    await row.locator("button").last().click();
    await page.waitForSelector("#end-member-form");
    await page.fill("#end-term", "21/11/2026");
    await page.click("#end-member-form button[type=submit]");
    await page.waitForFunction(
      () => !document.querySelector("#committee-members")?.textContent?.includes("Đặng Thị Thanh Xuân"),
    );
    assert.match(await page.textContent("#committee-history"), /Đặng Thị Thanh Xuân/);
    assert.match(await page.textContent("#committee-history"), /21\/11\/2026/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("dates are typed and shown day first on an English browser", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: "en-US",
      timezoneId: "Asia/Ho_Chi_Minh",
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, "hanoi.quanly");
    await page.goto(BASE + "/#/committees?unit=01");
    await page.waitForSelector("#committee-list a[href^='#/committees/']");
    await page.click("#committee-list a[href^='#/committees/']");
    await page.waitForSelector("#committee-members");
    const asOf = page.locator("#members-asof");
    assert.equal(await asOf.getAttribute("type"), "text");
    assert.equal(await asOf.getAttribute("placeholder"), "dd/mm/yyyy");
    // 31/07/2025: after the committee was set up (15/07/2025), before the 2026 consolidation
    await asOf.fill("31/07/2025");
    await page.waitForFunction(() =>
      /Trần Văn Minh/.test(document.querySelector("#committee-members")?.textContent ?? ""),
    );
    assert.equal(await asOf.inputValue(), "31/07/2025");
    assert.equal(await asOf.getAttribute("aria-invalid"), null);
    // month first, as an English browser would write it, is refused, not read as another day
    await asOf.fill("07/31/2025");
    assert.equal(await asOf.getAttribute("aria-invalid"), "true");
    assert.match(await asOf.evaluate((el) => el.validationMessage), /15\/06\/2025/);
    // the member form starts on today, day first
    await page.click("#add-member-open");
    assert.match(await page.inputValue("#member-termStart"), /^\d{2}\/\d{2}\/\d{4}$/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
