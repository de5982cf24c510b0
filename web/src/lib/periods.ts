// Reporting periods of a form, newest first, and their labels.
import type { Schemas } from "./api";
import { t } from "./i18n";

type FormSummary = Schemas["FormSummary"];

/** The expected periods of a form from its first year to `lastYear`, newest first. */
export function formPeriods(
  form: Pick<FormSummary, "periodType" | "expectedPeriods" | "fromPeriod">,
  lastYear: number,
  count = 12,
): string[] {
  const firstYear = Number(form.fromPeriod.slice(0, 4)) || lastYear - 5;
  const out: string[] = [];
  const expected = (n: number) => form.expectedPeriods.length === 0 || form.expectedPeriods.includes(n);
  for (let y = lastYear; y >= firstYear && out.length < count; --y) {
    switch (form.periodType) {
      case "year":
        out.push(String(y));
        break;
      case "half_year":
        for (const n of [2, 1]) if (expected(n)) out.push(`${y}S${n}`);
        break;
      case "quarter":
        for (const n of [4, 3, 2, 1]) if (expected(n)) out.push(`${y}Q${n}`);
        break;
      case "month":
        for (let n = 12; n >= 1; --n) if (expected(n)) out.push(`${y}${String(n).padStart(2, "0")}`);
        break;
    }
  }
  return out.slice(0, count);
}

/** "2025" -> "Năm 2025", "2025S1" -> "6 tháng đầu năm 2025", "2025Q3" -> "Quý 3/2025", "202503" -> "Tháng 3/2025". */
export function periodLabel(code: string): string {
  let m = /^(\d{4})$/.exec(code);
  if (m) return t(`Năm ${m[1]}`, `Year ${m[1]}`);
  m = /^(\d{4})S([12])$/i.exec(code);
  if (m)
    return m[2] === "1"
      ? t(`6 tháng đầu năm ${m[1]}`, `First half of ${m[1]}`)
      : t(`6 tháng cuối năm ${m[1]}`, `Second half of ${m[1]}`);
  m = /^(\d{4})Q([1-4])$/i.exec(code);
  if (m) return t(`Quý ${m[2]}/${m[1]}`, `Q${m[2]} ${m[1]}`);
  m = /^(\d{4})(\d{2})$/.exec(code);
  if (m) return t(`Tháng ${Number(m[2])}/${m[1]}`, `${m[2]}/${m[1]}`);
  return code;
}
