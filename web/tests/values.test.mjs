// How a typed value is read (web/src/lib/values.ts), against the hand-written table that the
// server's tests read too: tests/data/value_cases.json. No browser and no server
// (see bundle.mjs).
//   cd web && node --test tests/values.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WEB as web, importTs } from "./bundle.mjs";

// i18n.ts sets <html lang> when loaded; give it the little of a document it touches.
globalThis.document ??= { documentElement: {} };

const load = () =>
  importTs(`
    export { parseValue, valueMessage, typedForm, isoFromTyped, isIsoDate } from "./src/lib/values.ts";
    export { setLang } from "./src/lib/i18n.ts";
    export { toInput, checkValue, cellNumber, elementTotal, previousTotal, hasTotal } from "./src/features/report/report-model.ts";
  `);

const m = await load();
const table = JSON.parse(readFileSync(join(web, "..", "tests", "data", "value_cases.json"), "utf8"));

test("every case of tests/data/value_cases.json", () => {
  const counts = {};
  const wrong = [];
  for (const c of table.cases) {
    const bounds = {};
    if (c.min !== undefined) bounds.min = c.min;
    if (c.max !== undefined) bounds.max = c.max;
    const got = m.parseValue(c.type, c.input, bounds);
    const want = c.error !== undefined ? { ok: false, code: c.error } : { ok: true, value: c.value };
    if (JSON.stringify(got) !== JSON.stringify(want))
      wrong.push(
        `${c.type} ${JSON.stringify(c.input)} ${JSON.stringify(bounds)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`,
      );
    counts[c.type] = (counts[c.type] ?? 0) + 1;
  }
  for (const [type, n] of Object.entries(counts)) console.log(`value_cases ${type}: ${n} cases`);
  console.log(`value_cases total: ${table.cases.length} cases, ${table.cases.length - wrong.length} as expected`);
  assert.deepEqual(wrong, []);
  assert.ok(table.cases.length >= 100, "the table is read");
});

test("a stored value shown in the input reads back as the same value, in both languages", () => {
  const stored = [
    ["number", "1.25"],
    ["number", "1250.5"],
    ["number", "1250"],
    ["number", "0.25"],
    ["number", "12.5"],
    ["number", "1234567.891"],
    ["number", "0.000000000000001"],
    ["number", "999999999999999"],
    ["number", "123.456"],
    ["percent", "58.95"],
    ["percent", "100"],
    ["percent", "0.5"],
    ["integer", "1250"],
    ["integer", "0"],
    ["boolean", "true"],
    ["boolean", "false"],
    ["date", "2025-06-15"],
  ];
  for (const lang of ["vi", "en"]) {
    m.setLang(lang);
    for (const [type, value] of stored) {
      const shown = m.toInput(type, value);
      assert.deepEqual(m.parseValue(type, shown), { ok: true, value }, `${lang} ${type} ${value} shown as ${shown}`);
      assert.equal(m.checkValue(type, shown), null);
    }
    assert.equal(m.toInput("number", "1250.5"), "1250,5");
    assert.equal(m.toInput("number", "1.25"), "1,25");
    assert.equal(m.toInput("date", "2025-06-15"), "15/06/2025", "a date is shown day first, in both languages");
    // the canonical text itself would not read back: this is why it is never sent as such
    assert.deepEqual(m.parseValue("number", "1.25"), { ok: false, code: "ambiguous" });
    assert.deepEqual(m.parseValue("number", "123.456"), { ok: true, value: "123456" });
  }
  m.setLang("vi");
});

test("totals read typed numbers by the same rules", () => {
  assert.equal(m.cellNumber("integer", "1.250"), 1250);
  assert.equal(m.cellNumber("number", "1.250,5"), 1250.5);
  assert.equal(m.cellNumber("number", "1.25"), null);
  assert.equal(m.cellNumber("boolean", "Có"), 1);
  assert.equal(m.cellNumber("boolean", "k"), 0);
  assert.equal(m.cellNumber("integer", ""), null);
});

// Women's 3,7 and men's 2,3 average hours a day are not a total of 6: only elements aggregated
// by sum add their options up (the server leaves them out of `totals` the same way).
test("only elements aggregated by sum have a Tổng", () => {
  const options = [
    { code: "NU", nameVi: "Nữ", nameEn: "Female" },
    { code: "NAM", nameVi: "Nam", nameEn: "Male" },
  ];
  const cells = {
    "CL_GIO_NOI_TRO.NU": "3,7",
    "CL_GIO_NOI_TRO.NAM": "2,3",
    "BL_NAN_NHAN.NU": "4",
    "BL_NAN_NHAN.NAM": "1",
  };
  const cell = (key) => ({ value: cells[key] ?? "", comment: "" });
  const hours = {
    code: "CL_GIO_NOI_TRO",
    valueType: "number",
    aggregation: "average",
    disaggregated: true,
    options,
    previous: { NU: "4.1", NAM: "2.2" },
  };
  const victims = {
    code: "BL_NAN_NHAN",
    valueType: "integer",
    aggregation: "sum",
    disaggregated: true,
    options,
    previous: { NU: "2", NAM: "1" },
  };
  assert.equal(m.hasTotal(hours), false);
  assert.equal(m.elementTotal(hours, cell), null);
  assert.equal(m.previousTotal(hours), null);
  assert.equal(m.hasTotal(victims), true);
  assert.equal(m.elementTotal(victims, cell), 5);
  assert.equal(m.previousTotal(victims), 3);
});

test("every refusal has a message in both languages that says how to write it", () => {
  const codes = ["empty", "too_long", "format", "ambiguous", "not_whole", "too_many_digits", "below_min", "above_max"];
  for (const lang of ["vi", "en"]) {
    m.setLang(lang);
    for (const type of ["integer", "number", "percent", "boolean", "date"])
      for (const code of codes) assert.ok(m.valueMessage(code, type, {}).length > 8, `${lang} ${type} ${code}`);
  }
  m.setLang("vi");
  assert.match(
    m.valueMessage("ambiguous", "number", {}),
    /1,25 \(một phẩy hai mươi lăm\) hoặc 1\.250 \(một nghìn hai trăm năm mươi\)/,
  );
  assert.match(m.valueMessage("format", "integer", {}), /số nguyên không âm/);
  assert.match(m.valueMessage("above_max", "number", { max: 1000.5 }), /1\.000,5/);
  assert.match(m.checkValue("integer", "12a"), /số nguyên không âm/);
  m.setLang("en");
  assert.match(
    m.valueMessage("ambiguous", "number", {}),
    /1,25 \(one point two five\) or 1\.250 \(one thousand two hundred and fifty\)/,
  );
  assert.match(m.valueMessage("not_whole", "integer", {}), /whole number.*12/);
  m.setLang("vi");
});

test("date fields read what Vietnamese type, the same way as report cells", () => {
  assert.equal(m.isoFromTyped("15/06/2025"), "2025-06-15");
  assert.equal(m.isoFromTyped("5/6/2025"), "2025-06-05");
  assert.equal(m.isoFromTyped("15.06.2025"), "2025-06-15");
  assert.equal(m.isoFromTyped("2025-06-15"), "2025-06-15");
  assert.equal(m.isoFromTyped("06/15/2025"), null, "month first is refused, not read as 6 March 2026");
  assert.equal(m.isoFromTyped("31/04/2025"), null);
  assert.equal(m.isoFromTyped(""), null);
  assert.ok(m.isIsoDate("2025-06-15"));
  assert.ok(!m.isIsoDate("15/06/2025"));
});
