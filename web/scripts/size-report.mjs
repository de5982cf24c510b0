// Reports the gzip size of the JavaScript a first page load needs: the
// <script src> and <link rel="modulepreload"> files of dist/index.html plus
// everything they import statically. Exits 1 when over the limit.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const LIMIT = 200 * 1024;
const distDir = resolve(fileURLToPath(new URL("../dist/", import.meta.url)));
const indexPath = join(distDir, "index.html");
const verbose = process.argv.includes("--verbose");

if (!existsSync(indexPath)) {
  console.error(`size-report: ${indexPath} not found (run the build first)`);
  process.exit(1);
}
const html = readFileSync(indexPath, "utf8");

/** Maps a URL from index.html or an import specifier to a file in dist/, or null. */
function toDistPath(url, fromFile) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null; // external
  const clean = url.split(/[?#]/)[0];
  if (!clean.endsWith(".js") && !clean.endsWith(".mjs")) return null;
  const path = clean.startsWith("/") ? join(distDir, clean) : resolve(fromFile ? dirname(fromFile) : distDir, clean);
  if (path !== distDir && !path.startsWith(distDir + sep)) return null;
  return existsSync(path) ? path : null;
}

const entries = [];
const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};
for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
  const src = attr(tag, "src");
  if (src) entries.push(src);
}
for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
  if ((attr(tag, "rel") ?? "").toLowerCase() === "modulepreload") {
    const href = attr(tag, "href");
    if (href) entries.push(href);
  }
}

// Static imports/re-exports in (minified) ES modules; dynamic import() is excluded.
const STATIC_IMPORT = /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g;

const seen = new Set();
const queue = entries.map((u) => toDistPath(u, null)).filter(Boolean);
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const dep = toDistPath(m[1], file);
    if (dep && !seen.has(dep)) queue.push(dep);
  }
}

let total = 0;
for (const file of seen) {
  const size = gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;
  total += size;
  if (verbose) console.log(`  ${relative(distDir, file)}: ${size} bytes gzip`);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`initial JS: ${kb(total)} gzip (limit ${LIMIT / 1024} KB)`);
if (seen.size === 0) console.warn("size-report: warning: no JavaScript found in dist/index.html");
if (total > LIMIT) {
  console.error(`size-report: initial JS is ${total} bytes gzip, over the ${LIMIT}-byte limit`);
  process.exit(1);
}
