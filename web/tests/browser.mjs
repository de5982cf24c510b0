// Launching Debian's Chromium through playwright-core: headless, no sandbox (CI runs as root),
// and off the network — every host name except the loopback test server fails to resolve.
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const BASE = process.env.TIENBO_URL ?? "http://127.0.0.1:8080";
export const SHOTS = process.env.TIENBO_SCREENSHOTS ?? new URL("../../screenshots", import.meta.url).pathname;
export const PASSWORD = "TienBo-demo-2026";

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--disable-domain-reliability",
      "--metrics-recording-only",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/** A page that fails the test on any uncaught script error, or anything the Content Security Policy blocks. */
export async function newPage(browser, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) page.errors.push("CSP: " + m.text());
  });
  return page;
}

export async function signIn(page, login) {
  await page.goto(BASE + "/");
  await page.fill("#login", login);
  await page.fill("#password", PASSWORD);
  await page.click("form button[type=submit]");
  await page.waitForSelector("#sign-out", { state: "attached" });
}

/**
 * Inside a describe block: one browser, and a page signed in as `login` before the tests; the
 * browser is closed after them. Read `.page` (and `.browser`) in the tests.
 */
export function signedIn(login) {
  const session = { browser: null, page: null };
  before(async () => {
    session.browser = await launch();
    session.page = await newPage(session.browser);
    await signIn(session.page, login);
  });
  after(async () => {
    await session.browser?.close();
  });
  return session;
}

export async function signOut(page) {
  await page.click("#sign-out");
  await page.waitForSelector("#login");
}

export async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** Controls without an accessible name (label, aria-label, aria-labelledby, title or text). */
export async function unnamedControls(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll(
      "main input, main select, main textarea, main button, header input, header button",
    )) {
      if (el.type === "hidden" || el.closest("[hidden]") || el.offsetParent === null) continue;
      const named =
        (el.labels && el.labels.length > 0) ||
        el.getAttribute("aria-label") ||
        el.getAttribute("aria-labelledby") ||
        el.getAttribute("title") ||
        (el.tagName === "BUTTON" && el.textContent.trim() !== "");
      if (!named) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
}
