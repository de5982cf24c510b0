// The deadlines screen's rules, without the page: a form's anchor month and its deadlines as text
// ("15/12 cùng năm", "15/01 năm sau"), the source with or without a legal text, the checks of a draft.
import type { Schemas } from "../../lib/api";
import { t } from "../../lib/i18n";

export type Form = Schemas["FormSummary"];
export type Deadline = Schemas["FormDeadline"];
export type AuditEntry = Schemas["AuditEntry"];

/** The package's wording for a deadline without a legal source (metadata package, forms.json). */
export const NO_SOURCE =
  "Không có căn cứ pháp lý — do cơ quan thường trực quy định / no legal source — set by the standing agency.";
export const NO_SOURCE_RE = /^\s*(Không|Chưa) có căn cứ pháp lý[^/.]*(\/\s*no legal source[^.]*)?\.?\s*/i;

/** Splits a source into "no legal source" and the reason that may follow it. */
export function parseSource(source: string): { legal: boolean; text: string } {
  const s = source.trim();
  if (s === "") return { legal: false, text: "" };
  const m = NO_SOURCE_RE.exec(s);
  if (m) return { legal: false, text: s.slice(m[0].length).trim() };
  return { legal: true, text: s };
}

export function sourceOf(legal: boolean, text: string): string {
  const x = text.trim();
  if (legal) return x;
  return x ? `${NO_SOURCE} ${x}` : NO_SOURCE;
}

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

export const MONTH_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** Days of each month; February 28 (a deadline must exist every year). */
export const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The last month of the form's period when it has one period a year (the annual form: 12;
 * the first half-year only: 6); null when the deadline is relative to several periods. */
export function anchorMonth(f: Pick<Form, "periodType" | "expectedPeriods">): number | null {
  const n = f.expectedPeriods;
  switch (f.periodType) {
    case "year":
      return 12;
    case "half_year":
      return n.length === 1 ? 6 * n[0] : null;
    case "quarter":
      return n.length === 1 ? 3 * n[0] : null;
    case "month":
      return n.length === 1 ? n[0] : null;
  }
  return null;
}

/** Month `offset` months after the anchor: the calendar month and the year (0 same, 1 next, -1 before). */
export function monthAfter(anchor: number, offset: number): { month: number; year: number } {
  const m = anchor + offset; // 1-based, may leave 1..12
  const year = Math.floor((m - 1) / 12);
  return { month: m - 12 * year, year };
}

export function yearWord(year: number): string {
  if (year === 0) return t("cùng năm", "same year");
  if (year === 1) return t("năm sau", "next year");
  if (year === -1) return t("năm trước", "the year before");
  return t(`${year} năm sau`, `${year} years later`);
}

export const pad = (n: number) => String(n).padStart(2, "0");

export function periodTypeLabel(f: Pick<Form, "periodType" | "expectedPeriods">): string {
  const n = f.expectedPeriods;
  switch (f.periodType) {
    case "year":
      return t("Hằng năm", "Annual");
    case "half_year":
      if (n.length === 1)
        return n[0] === 1 ? t("6 tháng đầu năm", "First half-year") : t("6 tháng cuối năm", "Second half-year");
      return t("6 tháng", "Half-yearly");
    case "quarter":
      if (n.length > 0 && n.length < 4) return t(`Quý ${n.join(", ")}`, `Quarter ${n.join(", ")}`);
      return t("Hằng quý", "Quarterly");
    case "month":
      if (n.length > 0 && n.length < 12) return t(`Tháng ${n.join(", ")}`, `Month ${n.join(", ")}`);
      return t("Hằng tháng", "Monthly");
  }
  return f.periodType;
}

/** "15/12 cùng năm", "15/01 năm sau"; relative for forms of several periods a year. */
export function deadlineText(f: Form, d: { monthOffset: number; day: number }): string {
  const a = anchorMonth(f);
  if (a !== null) {
    const { month, year } = monthAfter(a, d.monthOffset);
    if (d.day > DAYS_IN_MONTH[month - 1])
      return t(
        `ngày cuối tháng ${month} ${yearWord(year)}`,
        `the last day of ${MONTH_EN[month - 1]}, ${yearWord(year)}`,
      );
    return t(`${pad(d.day)}/${pad(month)} ${yearWord(year)}`, `${pad(d.day)}/${pad(month)}, ${yearWord(year)}`);
  }
  if (d.monthOffset === 0) return t(`ngày ${d.day} tháng cuối kỳ`, `day ${d.day} of the period's last month`);
  return t(
    `ngày ${d.day} tháng thứ ${d.monthOffset} sau kỳ`,
    `day ${d.day}, ${d.monthOffset} month(s) after the period's last month`,
  );
}

export function monthOptionLabel(anchor: number | null, offset: number): string {
  if (anchor === null) {
    if (offset === 0) return t("Tháng cuối kỳ", "The period's last month");
    return offset > 0
      ? t(`Tháng thứ ${offset} sau kỳ`, `${offset} month(s) after the period`)
      : t(`${-offset} tháng trước cuối kỳ`, `${-offset} month(s) before the period's end`);
  }
  const { month, year } = monthAfter(anchor, offset);
  return t(`Tháng ${month} ${yearWord(year)}`, `${MONTH_EN[month - 1]}, ${yearWord(year)}`);
}

export interface Draft {
  day: string;
  monthOffset: number;
  legal: boolean;
  text: string;
}

export type FieldName = "day" | "monthOffset" | "source";
export type Errors = Partial<Record<FieldName, string>>;

/** The form's own checks, each naming its field; the server checks again (422). */
export function validate(f: Form, d: Draft): Errors {
  const errors: Errors = {};
  const dayText = d.day.trim();
  const a = anchorMonth(f);
  if (dayText === "") errors.day = t("Ngày: chưa nhập ngày nộp.", "Day: enter the day.");
  else if (!/^\d{1,2}$/.test(dayText))
    errors.day = t("Ngày: nhập số ngày từ 1 đến 31 (ví dụ 15).", "Day: enter a day number from 1 to 31 (e.g. 15).");
  else {
    const day = Number(dayText);
    if (a !== null) {
      const { month } = monthAfter(a, d.monthOffset);
      const max = DAYS_IN_MONTH[month - 1];
      if (day < 1 || day > max) {
        errors.day =
          month === 2
            ? t(
                `Ngày: ${pad(day)}/02 không phải ngày hợp lệ — tháng 2 chỉ có 28 ngày (29 ngày năm nhuận), chọn ngày từ 1 đến 28.`,
                `Day: ${pad(day)}/02 is not a date — February has 28 days (29 in a leap year); choose a day from 1 to 28.`,
              )
            : t(
                `Ngày: ${pad(day)}/${pad(month)} không phải ngày hợp lệ — tháng ${month} có ${max} ngày.`,
                `Day: ${pad(day)}/${pad(month)} is not a date — ${MONTH_EN[month - 1]} has ${max} days.`,
              );
      }
    } else if (day < 1 || day > 31) {
      errors.day = t("Ngày: nhập số ngày từ 1 đến 31.", "Day: enter a day from 1 to 31.");
    }
  }
  if (d.monthOffset < 0 || d.monthOffset > 12)
    errors.monthOffset = t(
      "Tháng: chọn một tháng trong danh sách (cuối kỳ đến 12 tháng sau kỳ).",
      "Month: choose a month from the list (the period's last month to 12 months after).",
    );
  if (d.legal && d.text.trim() === "")
    errors.source = t(
      "Căn cứ: nhập văn bản và điểm quy định hạn này, hoặc chọn “Không có căn cứ pháp lý”.",
      "Source: enter the document and point that set this deadline, or choose “No legal source”.",
    );
  return errors;
}

export function fieldLabel(field: FieldName): string {
  switch (field) {
    case "day":
      return t("Ngày", "Day");
    case "monthOffset":
      return t("Tháng", "Month");
    case "source":
      return t("Căn cứ", "Source");
  }
}
