// The unit's own figures beside the children's (web/src/features/report/report-model.ts): the whole
// area = own + consolidated for area elements, exactly, with an empty own entry counting as 0
// only when a consolidated figure exists; nothing is added for own-scope elements, averages or
// yes/no items. No browser and no server: the TypeScript is bundled with esbuild (Vite's).
//   cd web && node --test tests/area-figures.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { importTs } from "./bundle.mjs";

globalThis.document ??= { documentElement: {} };

const m = await importTs(`
  export { addDecimal, areaFigure, areaTotal, consolidatedTotal, consolidationStamp, stampText, sectionHasConsolidated } from "./src/features/report/report-model.ts";
  export { setLang } from "./src/lib/i18n.ts";
`);

const cons = (value, used = 2, expected = 126, at = "2025-12-16T02:00:00Z") => ({
  value,
  childrenUsed: used,
  childrenExpected: expected,
  at,
});
const element = (over) => ({
  code: "BL_NAN_NHAN",
  nameVi: "Số người bị bạo lực",
  nameEn: "Victims",
  valueType: "integer",
  aggregation: "sum",
  scope: "area",
  disaggregated: true,
  options: [{ code: "NU" }, { code: "NAM" }],
  values: {},
  consolidated: {},
  previous: {},
  ...over,
});
const cells = (map) => (key) => ({ value: map[key] ?? "", comment: "" });

test("exact decimal sums", () => {
  assert.equal(m.addDecimal("0.1", "0.2"), "0.3");
  assert.equal(m.addDecimal("1250.5", "12"), "1262.5");
  assert.equal(m.addDecimal("999999999999999", "1"), "1000000000000000");
  assert.equal(m.addDecimal("0.25", "0.75"), "1");
  assert.equal(m.addDecimal("-2", "1.5"), "-0.5");
});

test("the whole area is own + consolidated, as typed", () => {
  const el = element({ consolidated: { NU: cons("7"), NAM: cons("2") } });
  assert.equal(m.areaFigure(el, "NU", "3"), "10");
  assert.equal(m.areaFigure(el, "NU", "1.250"), "1257"); // read as Vietnamese type it
  assert.equal(m.areaFigure(el, "NU", ""), "7"); // own empty counts as 0 when the children's figure exists
  assert.equal(m.areaFigure(el, "NU", "12a"), null); // not valid: no sum
  assert.equal(m.consolidatedTotal(el), "9");
  assert.equal(m.areaTotal(el, cells({ "BL_NAN_NHAN.NU": "3" })), "12");
  assert.equal(m.areaTotal(el, cells({})), "9");
});

test("no area figure without a consolidated figure, for own-scope elements, averages or yes/no", () => {
  const noCons = element({});
  assert.equal(m.areaFigure(noCons, "NU", "3"), null);
  assert.equal(m.areaTotal(noCons, cells({ "BL_NAN_NHAN.NU": "3" })), null);
  const own = element({
    code: "BAN_CUOC_HOP",
    scope: "own",
    disaggregated: false,
    options: [{ code: "TONG" }],
    consolidated: { TONG: cons("5") },
  });
  assert.equal(m.areaFigure(own, "TONG", "4"), null);
  const avg = element({
    code: "CL_GIO_NOI_TRO",
    valueType: "number",
    aggregation: "average",
    consolidated: { NU: cons("2.5") },
  });
  assert.equal(m.areaFigure(avg, "NU", "3"), null);
  const yesNo = element({
    code: "CL_YTE_LGBT",
    valueType: "boolean",
    disaggregated: false,
    options: [{ code: "TONG" }],
    consolidated: { TONG: cons("1") },
  });
  assert.equal(m.areaFigure(yesNo, "TONG", "có"), null);
  assert.equal(m.sectionHasConsolidated({ elements: [noCons, own] }), true);
  assert.equal(m.sectionHasConsolidated({ elements: [noCons] }), false);
});

test("the caption says from how many units and when, in Vietnam's time", () => {
  const el = element({
    consolidated: { NU: cons("7", 2, 126, "2025-12-16T02:00:00Z"), NAM: cons("2", 1, 126, "2025-12-16T02:00:00Z") },
  });
  const s = m.consolidationStamp(el);
  assert.deepEqual(s, { usedMin: 1, usedMax: 2, expected: 126, at: "2025-12-16T02:00:00Z" });
  m.setLang("vi");
  assert.equal(m.stampText({ ...s, usedMin: 2 }), "tổng hợp từ 2/126 đơn vị, lúc 16/12/2025 09:00");
  assert.equal(m.stampText(s), "tổng hợp từ 1–2/126 đơn vị, lúc 16/12/2025 09:00");
  m.setLang("en");
  assert.equal(
    m.stampText({ ...s, usedMin: 2, expected: 1260 }),
    "consolidated from 2/1,260 units, at 16/12/2025 09:00",
  );
  m.setLang("vi");
  assert.equal(m.stampText({ ...s, usedMin: 2, expected: 1260 }), "tổng hợp từ 2/1.260 đơn vị, lúc 16/12/2025 09:00");
});
