// The report entry model: cell keys, client-side checks that mirror the server's (so an error
// shows at the field while typing), totals, and the save payload. No DOM here.
// Values are kept as typed ("1.250", "12,5") and sent as typed; the server reads them by the
// same rules (lib/values.ts). Values from the server are canonical ("1250", "12.5") and enter
// the inputs in their typed form (toInput), never as the canonical text.
import type { Schemas } from "../../lib/api";
import { fmtDateTime, fmtNumber } from "../../lib/format";
import { lang, t } from "../../lib/i18n";
import { parseValue, typedForm, valueMessage, type Bounds } from "../../lib/values";

export type Report = Schemas["Report"];
export type DataSection = Schemas["ReportDataSection"];
export type NarrativeSection = Schemas["ReportNarrativeSection"];
export type Element = DataSection["elements"][number];
export type Violation = Schemas["Violation"];
export type ConsolidatedCell = Schemas["ConsolidatedCell"];

export interface Cell {
  value: string;
  comment: string;
}

/** "BL_NAN_NHAN.NU" */
export function cellKey(element: string, option: string): string {
  return `${element}.${option}`;
}

export function isDataSection(s: Report["sections"][number]): s is DataSection {
  return s.kind === "data";
}

const NUMERIC = new Set(["integer", "number", "percent"]);
export function isNumeric(valueType: string): boolean {
  return NUMERIC.has(valueType);
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The bounds of a numeric element: `min`/`max` when the report carries them. */
export function elementBounds(el: Element): Bounds {
  return {
    ...(typeof el.min === "number" && Number.isFinite(el.min) ? { min: el.min } : {}),
    ...(typeof el.max === "number" && Number.isFinite(el.max) ? { max: el.max } : {}),
  };
}

/** The server's rule for each value type (lib/values.ts, the same table as the server); null when fine or empty. */
export function checkValue(valueType: string, raw: string, bounds?: Bounds): string | null {
  if (valueType === "text" || valueType === "long_text") {
    const v = raw.trim().replace(/\s+/g, " ");
    const n = utf8Bytes(v);
    if (valueType === "text")
      return n > 500 ? t(`quá dài (${n} byte, tối đa 500)`, `too long (${n} bytes, at most 500)`) : null;
    return n > 20000 ? t(`quá dài (${n} byte, tối đa 20.000)`, `too long (${n} bytes, at most 20,000)`) : null;
  }
  const r = parseValue(valueType, raw, bounds);
  if (r.ok || r.code === "empty") return null;
  return valueMessage(r.code, valueType, bounds);
}

export function checkComment(c: string): string | null {
  if (utf8Bytes(c) > 2000) return t("ghi chú tối đa 2.000 byte", "a comment has at most 2,000 bytes");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(c))
    return t("ghi chú có ký tự điều khiển", "the comment has control characters");
  return null;
}

export function checkNarrative(text: string): string | null {
  const n = utf8Bytes(text);
  return n > 50000 ? t(`quá dài (${n} byte, tối đa 50.000)`, `too long (${n} bytes, at most 50,000)`) : null;
}

/**
 * A stored value as the input shows it, in both languages: a decimal comma and no thousands
 * separators ("1250.5" -> "1250,5", "1.25" -> "1,25"), so that saving it again reads the same
 * number (the stored text "1.25" itself would be refused as ambiguous).
 */
export function toInput(valueType: string, stored: string): string {
  return typedForm(valueType, stored);
}

/** The number a typed cell holds for totals (read as the server reads it); null when empty or not valid. */
export function cellNumber(valueType: string, raw: string, bounds?: Bounds): number | null {
  if (!isNumeric(valueType) && valueType !== "boolean") return null;
  const r = parseValue(valueType, raw, bounds);
  if (!r.ok) return null;
  if (valueType === "boolean") return r.value === "true" ? 1 : 0;
  return Number(r.value);
}

/** The number of a value stored by the server (canonical: "1250.5", "true"); null when empty or not numeric. */
export function storedNumber(valueType: string, stored: string): number | null {
  if (valueType === "boolean") return stored === "true" ? 1 : stored === "false" ? 0 : null;
  if (!isNumeric(valueType) || !/^-?\d+(\.\d+)?$/.test(stored)) return null;
  return Number(stored);
}

/** Whether Nữ + Nam makes a Tổng: only for elements aggregated by sum (not average hours). */
export function hasTotal(el: Element): boolean {
  return el.disaggregated && el.aggregation === "sum" && (isNumeric(el.valueType) || el.valueType === "boolean");
}

/** Tổng = Nữ + Nam (or the sum of whatever options the element has) over the cells present. */
export function elementTotal(el: Element, cell: (key: string) => Cell): number | null {
  if (!hasTotal(el)) return null;
  const bounds = elementBounds(el);
  let sum = 0;
  let any = false;
  for (const o of el.options) {
    const n = cellNumber(el.valueType, cell(cellKey(el.code, o.code)).value, bounds);
    if (n !== null) {
      sum += n;
      any = true;
    }
  }
  return any ? sum : null;
}

export function previousTotal(el: Element): number | null {
  if (!hasTotal(el)) return null;
  let sum = 0;
  let any = false;
  for (const o of el.options) {
    const p = el.previous?.[o.code];
    const n = p === undefined ? null : storedNumber(el.valueType, p);
    if (n !== null) {
      sum += n;
      any = true;
    }
  }
  return any ? sum : null;
}

/** Elements of a section grouped by their options, so each group is one table (Nữ | Nam | Tổng…). */
export function groupByOptions(elements: Element[]): Element[][] {
  const groups: Element[][] = [];
  let sig = "";
  for (const el of elements) {
    const s = el.options.map((o) => o.code).join("|");
    if (groups.length && s === sig) groups[groups.length - 1].push(el);
    else {
      groups.push([el]);
      sig = s;
    }
  }
  return groups;
}

/** The server's cells of a report, by key, with the values as stored (canonical: "1.25"); for display. */
export function serverCells(report: Report): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const s of report.sections) {
    if (!isDataSection(s)) continue;
    for (const el of s.elements) {
      for (const [opt, c] of Object.entries(el.values ?? {}))
        m.set(cellKey(el.code, opt), { value: c.value, comment: c.comment ?? "" });
    }
  }
  return m;
}

/**
 * The server's cells as the inputs hold them: values in their typed form (toInput: "1,25"), so
 * that a cell taken from the server and edited (its comment, say) sends "1,25", never the
 * stored "1.25", which the rules would refuse as ambiguous.
 */
export function serverInputCells(report: Report): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const s of report.sections) {
    if (!isDataSection(s)) continue;
    for (const el of s.elements) {
      for (const [opt, c] of Object.entries(el.values ?? {}))
        m.set(cellKey(el.code, opt), { value: toInput(el.valueType, c.value), comment: c.comment ?? "" });
    }
  }
  return m;
}

export function serverNarratives(report: Report): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of report.sections) if (!isDataSection(s)) m.set(s.code, s.text);
  return m;
}

export function elementIndex(report: Report): Map<string, { el: Element; section: DataSection }> {
  const m = new Map<string, { el: Element; section: DataSection }>();
  for (const s of report.sections)
    if (isDataSection(s)) for (const el of s.elements) m.set(el.code, { el, section: s });
  return m;
}

/** A human name for a key "ELEMENT.OPTION" or a narrative section code. */
export function keyLabel(
  report: Report,
  key: string,
  pickName: (o: { nameVi?: string; nameEn?: string }) => string,
): string {
  const [code, opt] = key.split(".");
  const found = elementIndex(report).get(code);
  if (found) {
    const o = found.el.options.find((x) => x.code === opt);
    return found.el.disaggregated && o ? `${pickName(found.el)} — ${pickName(o)}` : pickName(found.el);
  }
  const s = report.sections.find((x) => x.code === code);
  return s ? (lang() === "en" ? s.titleEn || s.titleVi : s.titleVi) : key;
}

/** Share of elements with a value and narratives with text, as completeness computes it. */
export function filledShare(report: Report, cell: (key: string) => Cell, narrative: (code: string) => string): number {
  let total = 0;
  let filled = 0;
  for (const s of report.sections) {
    if (isDataSection(s)) {
      for (const el of s.elements) {
        total++;
        if (el.options.some((o) => cell(cellKey(el.code, o.code)).value.trim() !== "")) filled++;
      }
    } else {
      total++;
      if (narrative(s.code).trim() !== "") filled++;
    }
  }
  return total ? filled / total : 0;
}

// --- own and consolidated figures ------------------------------------------------------------
// A unit's `values` are always its own entries; the children's figures from the last
// consolidation are in `consolidated`, apart. For an area element (scope "area") the whole
// area's figure is own + consolidated; for an own element (its committee, budget…) the
// children's figure is only for reference and is never added.

/** True when the last consolidation left a figure for any option of the element. */
export function hasConsolidated(el: Element): boolean {
  return !!el.consolidated && Object.keys(el.consolidated).length > 0;
}

export function sectionHasConsolidated(s: DataSection): boolean {
  return s.elements.some(hasConsolidated);
}

/** Whether an element's area figure (own + consolidated) is a sum that means something. */
export function addsUp(el: Element): boolean {
  return el.scope === "area" && isNumeric(el.valueType) && el.aggregation === "sum";
}

/** a + b for canonical decimals ("1250.5", "12"), exactly (no binary float rounding). */
export function addDecimal(a: string, b: string): string {
  const parse = (s: string) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) return null;
    return { neg: m[1] === "-", int: m[2], frac: m[3] ?? "" };
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return String(Number(a) + Number(b));
  const scale = Math.max(x.frac.length, y.frac.length);
  const big = (p: { neg: boolean; int: string; frac: string }) => {
    const n = BigInt(p.int + p.frac.padEnd(scale, "0"));
    return p.neg ? -n : n;
  };
  const sum = big(x) + big(y);
  const neg = sum < 0n;
  let digits = (neg ? -sum : sum).toString().padStart(scale + 1, "0");
  let out = digits;
  if (scale > 0) {
    const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
    digits = digits.slice(0, digits.length - scale);
    out = frac ? `${digits}.${frac}` : digits;
  }
  return (neg && out !== "0" ? "-" : "") + out;
}

/** The canonical text of what a cell holds (typed "1.250,5" -> "1250.5"); "" when empty; null when not valid. */
export function ownCanonical(el: Element, raw: string): string | null {
  if (raw.trim() === "") return "";
  const r = parseValue(el.valueType, raw, elementBounds(el));
  return r.ok ? r.value : null;
}

/**
 * The whole area's figure for one option: own + consolidated, as canonical text. Only for area
 * elements summed numerically, and only when the consolidation produced a figure for the option
 * (an empty own entry then counts as 0). Null when it does not apply or the own entry is not valid.
 */
export function areaFigure(el: Element, option: string, ownRaw: string): string | null {
  if (!addsUp(el)) return null;
  const c = el.consolidated?.[option];
  if (!c || storedNumber(el.valueType, c.value) === null) return null;
  const own = ownCanonical(el, ownRaw);
  if (own === null) return null;
  return own === "" ? c.value : addDecimal(own, c.value);
}

/** The children's total over the options (Tổng of the consolidated column); null when none or not a sum. */
export function consolidatedTotal(el: Element): string | null {
  if (!el.disaggregated || !isNumeric(el.valueType) || el.aggregation !== "sum") return null;
  let sum: string | null = null;
  for (const o of el.options) {
    const c = el.consolidated?.[o.code];
    if (!c || storedNumber(el.valueType, c.value) === null) continue;
    sum = sum === null ? c.value : addDecimal(sum, c.value);
  }
  return sum;
}

/** The own total over the options, exactly, from what the cells hold; null when none valid. */
export function ownTotal(el: Element, cell: (key: string) => Cell): string | null {
  let sum: string | null = null;
  for (const o of el.options) {
    const own = ownCanonical(el, cell(cellKey(el.code, o.code)).value);
    if (own === null || own === "") continue;
    sum = sum === null ? own : addDecimal(sum, own);
  }
  return sum;
}

/** Tổng of the whole area: own total + consolidated total, when the children's total exists. */
export function areaTotal(el: Element, cell: (key: string) => Cell): string | null {
  if (!addsUp(el)) return null;
  const c = consolidatedTotal(el);
  if (c === null) return null;
  if (el.options.some((o) => ownCanonical(el, cell(cellKey(el.code, o.code)).value) === null)) return null;
  const own = ownTotal(el, cell);
  return own === null ? c : addDecimal(own, c);
}

export interface ConsolidationStamp {
  usedMin: number;
  usedMax: number;
  expected: number;
  at: string;
}

/** How many children the element's consolidated figures came from, and when (the latest). */
export function consolidationStamp(el: Element): ConsolidationStamp | null {
  const cells = Object.values(el.consolidated ?? {});
  if (cells.length === 0) return null;
  let usedMin = Infinity;
  let usedMax = 0;
  let expected = 0;
  let at = "";
  for (const c of cells) {
    usedMin = Math.min(usedMin, c.childrenUsed);
    usedMax = Math.max(usedMax, c.childrenUsed);
    expected = Math.max(expected, c.childrenExpected);
    if (c.at > at) at = c.at;
  }
  return { usedMin, usedMax, expected, at };
}

/** "tổng hợp từ 2/126 đơn vị, lúc 16/12/2025 09:00" (a range "1–2/126" when options differ). */
export function stampText(s: ConsolidationStamp): string {
  const used = s.usedMin === s.usedMax ? fmtNumber(s.usedMax) : `${fmtNumber(s.usedMin)}–${fmtNumber(s.usedMax)}`;
  return t(
    `tổng hợp từ ${used}/${fmtNumber(s.expected)} đơn vị, lúc ${fmtDateTime(s.at)}`,
    `consolidated from ${used}/${fmtNumber(s.expected)} units, at ${fmtDateTime(s.at)}`,
  );
}

const SOURCES: Record<string, [string, string]> = {
  entered: ["nhập trực tiếp", "entered"],
  register: ["sổ đăng ký", "register"],
  imported: ["nhập từ tệp", "imported"],
  official: ["số liệu thống kê chính thức", "official statistics"],
};

/** Where the element's stored values came from, when that is more than "typed here": "" otherwise. */
export function sourceText(el: Element): string {
  const out = new Set<string>();
  for (const c of Object.values(el.values ?? {})) {
    const kind = c.source && c.source !== "entered" ? t(...(SOURCES[c.source] ?? [c.source, c.source])) : "";
    const cite = c.dataSource?.trim() ?? "";
    if (kind || cite) out.add([cite, kind].filter((x) => x).join(" — "));
  }
  return [...out].join("; ");
}
