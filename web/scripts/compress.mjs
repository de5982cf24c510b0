// Writes FILE.gz next to every compressible file in dist/ (gzip level 9),
// keeping it only when it is smaller than the original. Node built-ins only.
import { readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join, extname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const distDir = fileURLToPath(new URL("../dist/", import.meta.url));
const EXTENSIONS = new Set([".js", ".css", ".html", ".svg", ".json", ".txt", ".map"]);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

let candidates = 0;
let compressed = 0;
let before = 0;
let after = 0;

let files;
try {
  files = [...walk(distDir)];
} catch (err) {
  console.error(`compress: cannot read ${distDir}: ${err.message}`);
  process.exit(1);
}

for (const file of files) {
  if (!EXTENSIONS.has(extname(file).toLowerCase())) continue;
  candidates++;
  const original = readFileSync(file);
  const gz = gzipSync(original, { level: constants.Z_BEST_COMPRESSION });
  const target = `${file}.gz`;
  if (gz.length < original.length) {
    writeFileSync(target, gz);
    compressed++;
    before += original.length;
    after += gz.length;
  } else {
    // Never leave a stale .gz from an earlier build next to a changed file.
    rmSync(target, { force: true });
    console.log(`compress: skipped ${relative(distDir, file)} (gzip not smaller)`);
  }
}

console.log(
  `compress: ${compressed} of ${candidates} files compressed with gzip -9 ` + `(${before} -> ${after} bytes)`,
);
