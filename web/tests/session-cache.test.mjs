// What the app keeps for the signed-in user is forgotten when the session ends (issue #13, item 5):
// the registry of web/src/lib/session-cache.ts empties every cache, and no module of web/src keeps
// a cache of its own at module level outside it (a second user of the same browser must not see
// what the first could read). No browser and no server.
//   cd web && node --test tests/session-cache.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { importTs, WEB } from "./bundle.mjs";

const m = await importTs(`export { sessionMap, onSessionEnd, clearSessionCaches } from "./src/lib/session-cache.ts";`);

test("signing out empties every registered cache", () => {
  const names = m.sessionMap();
  names.set("79", "Thành phố Hồ Chí Minh");
  let kept = "catalogue";
  m.onSessionEnd(() => (kept = null));
  m.clearSessionCaches();
  assert.equal(names.size, 0);
  assert.equal(kept, null);
  names.set("01", "Thành phố Hà Nội"); // usable again by the next user
  assert.equal(names.size, 1);
});

// Module-level state that is not a user's data: the CSRF token (reset on sign-out by app.tsx), the
// chosen language (a preference of the browser), listener registries and constant word lists.
const ALLOWED = new Set([
  "src/lib/api.ts: let csrfToken",
  "src/lib/i18n.ts: let current",
  "src/lib/api.ts: const expiredListeners",
  "src/lib/i18n.ts: const listeners",
  "src/lib/values.ts: const YES",
  "src/lib/values.ts: const NO",
  "src/features/report/report-model.ts: const NUMERIC",
]);

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

test("no module keeps a cache of its own outside the registry", () => {
  const found = [];
  for (const file of files(join(WEB, "src"))) {
    const rel = relative(WEB, file);
    if (rel === "src/lib/session-cache.ts" || rel === "src/api/schema.gen.ts") continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const top =
          /^(?:export )?(?:const|let) (\w+)[^=]*=\s*(new (?:Map|Set|WeakMap)\b|null\b|undefined\b|\[\]|\{\})/.exec(
            line,
          ) ?? /^(?:export )?let (\w+)/.exec(line);
        if (!top) return;
        const key = `${rel}: ${
          line.startsWith("export ")
            ? line
                .slice(7)
                .split(/[:=\s]/, 2)
                .join(" ")
            : line.split(/[:=\s]/, 2).join(" ")
        }`;
        const registered = /sessionMap|onSessionEnd/.test(
          readFileSync(file, "utf8")
            .split("\n")
            .slice(i, i + 2)
            .join("\n"),
        );
        if (!ALLOWED.has(key) && !registered) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, [], "module-level state must be made with sessionMap or registered with onSessionEnd");
});
