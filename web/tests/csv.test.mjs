// The CSV cells of the web's exports (web/src/lib/csv.ts): text that a spreadsheet would take for a
// formula (= + - @, tab, CR first) gets a leading apostrophe; numbers stay numbers. No browser and
// no server (see bundle.mjs).
//   cd web && node --test tests/csv.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { importTs } from "./bundle.mjs";

const m = await importTs(`export { csvCell, csvText } from "./src/lib/csv.ts";`);

test("text that starts like a formula is neutralised", () => {
  assert.equal(m.csvCell("=1+2"), "'=1+2");
  assert.equal(m.csvCell("+84 912 345 678"), "'+84 912 345 678");
  assert.equal(m.csvCell("-Bấm vào đây"), "'-Bấm vào đây");
  assert.equal(m.csvCell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  assert.equal(m.csvCell("\tx"), "'\tx");
  assert.equal(m.csvCell("\rx"), `"'\rx"`);
  assert.equal(m.csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(m.csvCell("=a,b"), `"'=a,b"`);
});

test("numbers stay numbers, ordinary text stays as it is", () => {
  assert.equal(m.csvCell(-12.5), "-12.5");
  assert.equal(m.csvCell(0), "0");
  assert.equal(m.csvCell(null), "");
  assert.equal(m.csvCell(undefined), "");
  assert.equal(m.csvCell("Phường Hoàn Kiếm"), "Phường Hoàn Kiếm");
  assert.equal(m.csvCell("a;b"), `"a;b"`);
  assert.equal(m.csvCell("2025-06-15"), "2025-06-15");
});

test("a whole file: a header row and data rows with a BOM and CRLF", () => {
  const text = m.csvText(
    ["Tên", "Số"],
    [
      ["=cmd", 1],
      ["-", -2],
    ],
  );
  assert.equal(text, "\uFEFFTên,Số\r\n'=cmd,1\r\n'-,-2\r\n");
});
