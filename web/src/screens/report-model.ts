// The report entry model: cell keys, client-side checks that mirror the server's (so an error
// shows at the field while typing), totals, and the save payload. No DOM here.
// Values are kept as typed ("1.250", "12,5") and sent as typed; the server reads them by the
// same rules (lib/values.ts). Values from the server are canonical ("1250", "12.5") and enter
// the inputs in their typed form (toInput), never as the canonical text.
import type { Schemas } from "../lib/api";
import { lang, t } from "../lib/i18n";
import { parseValue, typedForm, valueMessage, type Bounds } from "../lib/values";

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

/** The bounds of a numeric element: `min`/`max` when the report carries them (not yet in the API types). */
export function elementBounds(el: Element): Bounds {
  const b = el as Element & { min?: unknown; max?: unknown }; // the one narrow cast: optional, checked
  return {
    ...(typeof b.min === "number" && Number.isFinite(b.min) ? { min: b.min } : {}),
    ...(typeof b.max === "number" && Number.isFinite(b.max) ? { max: b.max } : {}),
  };
}

/** The server's rule for each value type (lib/values.ts, the same table as the server); null when fine or empty. */
export function checkValue(valueType: string, raw: string, bounds?: Bounds): string | null {
  if (valueType === "text" || valueType === "long_text") {
    const v = raw.trim().replace(/\s+/g, " ");
    const n = utf8Bytes(v);
    if (valueType === "text") return n > 500 ? t(`quá dài (${n} byte, tối đa 500)`, `too long (${n} bytes, at most 500)`) : null;
    return n > 20000 ? t(`quá dài (${n} byte, tối đa 20.000)`, `too long (${n} bytes, at most 20,000)`) : null;
  }
  const r = parseValue(valueType, raw, bounds);
  if (r.ok || r.code === "empty") return null;
  return valueMessage(r.code, valueType, bounds);
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

/** Tổng = Nữ + Nam (or the sum of whatever options the element has) over the cells present. */
export function elementTotal(el: Element, cell: (key: string) => Cell): number | null {
  if (!el.disaggregated || !(isNumeric(el.valueType) || el.valueType === "boolean")) return null;
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
  if (!el.disaggregated) return null;
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
      for (const [opt, c] of Object.entries(el.values ?? {})) m.set(cellKey(el.code, opt), { value: c.value, comment: c.comment ?? "" });
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
      for (const [opt, c] of Object.entries(el.values ?? {})) m.set(cellKey(el.code, opt), { value: toInput(el.valueType, c.value), comment: c.comment ?? "" });
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
