// The report entry model: cell keys, client-side checks that mirror the server's (so an error
// shows at the field while typing), totals, and the save payload. No DOM here.
import type { Schemas } from "../lib/api";
import { lang, t } from "../lib/i18n";

export type Report = Schemas["Report"];
export type DataSection = Schemas["ReportDataSection"];
export type NarrativeSection = Schemas["ReportNarrativeSection"];
export type Element = DataSection["elements"][number];
export type Violation = Schemas["Violation"];

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

/** The server's rule for each value type (see PUT /reports in docs/openapi.yaml); null when fine. */
export function checkValue(valueType: string, raw: string): string | null {
  const v = raw.trim().replace(/\s+/g, " ");
  if (v === "") return null;
  switch (valueType) {
    case "integer":
      if (!/^\d+$/.test(v)) return t("phải là số nguyên không âm, chỉ gồm chữ số, ví dụ 12", "must be a whole number of zero or more, digits only, e.g. 12");
      if (v.replace(/^0+(?=\d)/, "").length > 12) return t("tối đa 12 chữ số", "at most 12 digits");
      return null;
    case "number":
    case "percent": {
      if (!/^\d+([.,]\d+)?$/.test(v))
        return t("phải là số không âm, dùng dấu phẩy thập phân, ví dụ 12,5", "must be a number of zero or more with a decimal comma or point, e.g. 12.5");
      if (valueType === "percent" && Number(v.replace(",", ".")) > 100) return t("phải từ 0 đến 100", "must be from 0 to 100");
      return null;
    }
    case "boolean":
      return /^(true|false|1|0|có|co|không|khong|yes|no)$/i.test(v) ? null : t("chọn Có hoặc Không", "choose Yes or No");
    case "date": {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return t("ngày theo dạng năm-tháng-ngày", "a date as year-month-day");
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return t("ngày không có thật", "not a real date");
      return null;
    }
    case "text":
      return utf8Bytes(v) > 500 ? t(`quá dài (${utf8Bytes(v)} byte, tối đa 500)`, `too long (${utf8Bytes(v)} bytes, at most 500)`) : null;
    case "long_text":
      return utf8Bytes(v) > 20000 ? t(`quá dài (${utf8Bytes(v)} byte, tối đa 20.000)`, `too long (${utf8Bytes(v)} bytes, at most 20,000)`) : null;
  }
  return null;
}

export function checkComment(c: string): string | null {
  if (utf8Bytes(c) > 2000) return t("ghi chú tối đa 2.000 byte", "a comment has at most 2,000 bytes");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(c)) return t("ghi chú có ký tự điều khiển", "the comment has control characters");
  return null;
}

export function checkNarrative(text: string): string | null {
  const n = utf8Bytes(text);
  return n > 50000 ? t(`quá dài (${n} byte, tối đa 50.000)`, `too long (${n} bytes, at most 50,000)`) : null;
}

/** A stored value as the input shows it: "12.5" -> "12,5" in Vietnamese. */
export function toInput(valueType: string, stored: string): string {
  if ((valueType === "number" || valueType === "percent") && lang() === "vi") return stored.replace(".", ",");
  return stored;
}

/** The number a cell holds for totals; null when empty or not numeric. */
export function cellNumber(valueType: string, raw: string): number | null {
  const v = raw.trim();
  if (v === "") return null;
  if (valueType === "boolean") return /^(true|1|có|co|yes)$/i.test(v) ? 1 : 0;
  if (!isNumeric(valueType) || checkValue(valueType, v)) return null;
  return Number(v.replace(",", "."));
}

/** Tổng = Nữ + Nam (or the sum of whatever options the element has) over the cells present. */
export function elementTotal(el: Element, cell: (key: string) => Cell): number | null {
  if (!el.disaggregated || !(isNumeric(el.valueType) || el.valueType === "boolean")) return null;
  let sum = 0;
  let any = false;
  for (const o of el.options) {
    const n = cellNumber(el.valueType, cell(cellKey(el.code, o.code)).value);
    if (n !== null) {
      sum += n;
      any = true;
    }
  }
  return any ? sum : null;
}

export function previousTotal(el: Element): number | null {
  if (!el.disaggregated) return null;
  let sum = 0;
  let any = false;
  for (const o of el.options) {
    const p = el.previous?.[o.code];
    const n = p === undefined ? null : cellNumber(el.valueType, p);
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

/** The server's cells of a report, by key. */
export function serverCells(report: Report): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const s of report.sections) {
    if (!isDataSection(s)) continue;
    for (const el of s.elements) {
      for (const [opt, c] of Object.entries(el.values ?? {})) m.set(cellKey(el.code, opt), { value: c.value, comment: c.comment ?? "" });
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
  for (const s of report.sections) if (isDataSection(s)) for (const el of s.elements) m.set(el.code, { el, section: s });
  return m;
}

/** A human name for a key "ELEMENT.OPTION" or a narrative section code. */
export function keyLabel(report: Report, key: string, pickName: (o: { nameVi?: string; nameEn?: string }) => string): string {
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
