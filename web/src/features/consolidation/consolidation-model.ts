// What the consolidation screen shows, as pure functions: the report's sections, a stored or consolidated
// value in the current language, the whole area (own + children), the server's comment, and what a run
// changed (old → new).
import type { Schemas } from "../../lib/api";
import { fmtDate, fmtNumber, fmtStored } from "../../lib/format";
import { pick, pickField, t } from "../../lib/i18n";
import { addsUp, addDecimal } from "../report/report-model";

export type Report = Schemas["Report"];
export type DataSection = Schemas["ReportDataSection"];
export type NarrativeSection = Schemas["ReportNarrativeSection"];
export type Element = Schemas["ReportElement"];
export type Result = Schemas["ConsolidationResult"];
export type CRow = Schemas["CompletenessRow"];

export function isData(s: Report["sections"][number]): s is DataSection {
  return s.kind === "data";
}
export function isNarrative(s: Report["sections"][number]): s is NarrativeSection {
  return s.kind === "narrative";
}

/** A stored value in the current language and locale. */
export function showValue(el: Element, raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw === "") return "";
  switch (el.valueType) {
    case "boolean":
      return raw === "true" || raw === "1" ? t("Có", "Yes") : raw === "false" || raw === "0" ? t("Không", "No") : raw;
    case "date":
      return fmtDate(raw);
    case "integer":
    case "number":
    case "percent":
      return fmtStored(raw);
    default:
      return raw;
  }
}

/** A consolidated figure as shown: the number, or "3 / 5 đơn vị" for a yes/no item (children answering yes / children used). */
export function showConsolidated(el: Element, opt: string): string {
  const c = el.consolidated?.[opt];
  if (!c) return "";
  if (el.valueType === "boolean")
    return t(
      `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} đơn vị`,
      `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} units`,
    );
  return fmtStored(c.value);
}

/** Own + consolidated for an area element summed numerically, when the children's figure exists (own empty = 0). */
export function areaValue(el: Element, opt: string): string {
  if (!addsUp(el)) return "";
  const c = el.consolidated?.[opt];
  if (!c || !/^-?\d+(\.\d+)?$/.test(c.value)) return "";
  const own = el.values[opt]?.value ?? "";
  if (own !== "" && !/^-?\d+(\.\d+)?$/.test(own)) return "";
  return fmtStored(own === "" ? c.value : addDecimal(own, c.value));
}

export interface Change {
  key: string;
  section: string;
  label: string;
  before: string;
  after: string;
}

/**
 * What a consolidation changed: every (element, option) consolidated figure and narrative text
 * that differs. The unit's own values are never touched by a consolidation.
 */
export function diffReports(before: Report, after: Report): Change[] {
  const out: Change[] = [];
  const old = new Map<string, Element>();
  const oldText = new Map<string, string>();
  for (const s of before.sections) {
    if (isData(s)) for (const e of s.elements) old.set(e.code, e);
    else if (isNarrative(s)) oldText.set(s.code, s.text);
  }
  for (const s of after.sections) {
    const title = pickField(s, "title");
    if (isData(s)) {
      for (const e of s.elements) {
        const prev = old.get(e.code);
        for (const o of e.options) {
          const key = `${e.code}.${o.code}`;
          const a = e.consolidated?.[o.code]?.value ?? "";
          const b = prev?.consolidated?.[o.code]?.value ?? "";
          if (a !== b) {
            const label = e.disaggregated ? `${pick(e)} — ${pick(o)}` : pick(e);
            out.push({
              key,
              section: title,
              label,
              before: prev ? showConsolidated(prev, o.code) : "",
              after: showConsolidated(e, o.code),
            });
          }
        }
      }
    } else if (isNarrative(s)) {
      const b = oldText.get(s.code) ?? "";
      if (b !== s.text) {
        const len = (x: string) =>
          x ? t(`văn bản ${fmtNumber(x.length)} ký tự`, `text of ${fmtNumber(x.length)} characters`) : "";
        out.push({
          key: s.code,
          section: title,
          label: t("Nội dung báo cáo", "Report text"),
          before: len(b),
          after: len(s.text),
        });
      }
    }
  }
  return out;
}

/** The server's consolidation comment ("Tổng hợp từ 5/160 đơn vị") in the current language. */
export function consolidationComment(c: string): string {
  const m = /^Tổng hợp từ (\d+)(?:\/(\d+))? đơn vị$/.exec(c.normalize("NFC"));
  if (!m) return c;
  return m[2] ? t(c, `Consolidated from ${m[1]}/${m[2]} units`) : t(c, `Consolidated from ${m[1]} unit(s)`);
}
