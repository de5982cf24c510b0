// How a value typed by a person is read: numbers, yes/no and dates exactly as Vietnamese
// officials write them, by the same rules as the server (src/core value_syntax), both tested
// against one hand-written table, tests/data/value_cases.json (web/tests/values.test.mjs).
//
//   "1.250" is one thousand two hundred and fifty, "12,5" twelve and a half, "1.25" is refused
//   as ambiguous; "có"/"không" (any case, with or without diacritics) are yes/no; "15/06/2025"
//   and "2025-06-15" are dates. The result is the canonical text the server stores ("1250",
//   "12.5", "true", "2025-06-15").
import { t } from "./i18n";

export type ValueCode =
  "empty" | "too_long" | "format" | "ambiguous" | "not_whole" | "too_many_digits" | "below_min" | "above_max";
export interface Bounds {
  min?: number;
  max?: number;
}
export type Parsed = { ok: true; value: string } | { ok: false; code: ValueCode };

/** Longest input read, in characters (after trimming). */
export const MAX_INPUT = 64;
/** Most significant digits a number may have (what a double holds exactly). */
export const MAX_DIGITS = 15;

const fail = (code: ValueCode): Parsed => ({ ok: false, code });
const EDGE_SPACE = /^[ \t\r\n\u00a0\u202f]+|[ \t\r\n\u00a0\u202f]+$/g;
const SPACE = /[ \u00a0\u202f]/;

export function minOf(b?: Bounds): number {
  return b?.min ?? 0;
}
export function maxOf(valueType: string, b?: Bounds): number {
  return b?.max ?? (valueType === "percent" ? 100 : 1e15);
}

/**
 * Reads `input` as a value of `valueType` (integer, number, percent, boolean, date): the
 * canonical value, or why it is refused. Other types (text, long_text) are returned trimmed.
 */
export function parseValue(valueType: string, input: string, bounds?: Bounds): Parsed {
  const s = input.replace(EDGE_SPACE, "");
  if (
    valueType !== "integer" &&
    valueType !== "number" &&
    valueType !== "percent" &&
    valueType !== "boolean" &&
    valueType !== "date"
  )
    return { ok: true, value: s };
  if (s === "") return fail("empty");
  if ([...s].length > MAX_INPUT) return fail("too_long");
  if (valueType === "boolean") return parseBoolean(s);
  if (valueType === "date") return parseDate(s);
  return parseNumber(valueType, s, bounds);
}

/**
 * A stored (canonical) value as a person would type it back: "1250.5" -> "1250,5", "1.25" -> "1,25",
 * a date "2025-06-15" -> "15/06/2025".
 */
export function typedForm(valueType: string, stored: string): string {
  if ((valueType === "integer" || valueType === "number" || valueType === "percent") && /^-?\d+\.\d+$/.test(stored))
    return stored.replace(".", ",");
  const iso = valueType === "date" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored) : null;
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  return stored;
}

// --- numbers ---------------------------------------------------------------------------------

/** "1.250.000" or "1 250 000": a first group of 1-3 digits not starting with 0, then groups of 3. */
function groupedDigits(s: string): string | null {
  const dots = s.includes(".");
  const spaces = SPACE.test(s);
  if (!dots && !spaces) return /^\d+$/.test(s) ? s : null;
  if (dots && spaces) return null; // one kind of separator in a number
  const groups = s.split(dots ? "." : SPACE);
  if (!/^[1-9]\d{0,2}$/.test(groups[0])) return null;
  for (let i = 1; i < groups.length; i++) if (!/^\d{3}$/.test(groups[i])) return null;
  return groups.join("");
}

function parseNumber(valueType: string, s: string, bounds?: Bounds): Parsed {
  let body = s;
  let negative = false;
  if (body.startsWith("-")) {
    negative = true;
    body = body.slice(1);
  }
  if (!/^\d/.test(body) || !/^[\d,. \u00a0\u202f]+$/.test(body)) return fail("format");

  let intDigits: string | null;
  let fracDigits = "";
  const commas = body.split(",");
  if (commas.length > 2) return fail("format");
  if (commas.length === 2) {
    // "1.250,5": the comma is the decimal point, dots and spaces separate thousands.
    if (!/^\d+$/.test(commas[1])) return fail("format");
    intDigits = groupedDigits(commas[0]);
    fracDigits = commas[1];
  } else {
    const dots = body.split(".");
    if (dots.length === 2 && !SPACE.test(body)) {
      const [a, b] = dots;
      if (a === "" || b === "") return fail("format");
      if (b.length === 1 || a.startsWith("0") || a.length > 3) {
        intDigits = a; // a decimal point: 12.5, 0.25, 012.34, 1234.56
        fracDigits = b;
      } else if (b.length === 3) {
        intDigits = a + b; // thousands: 1.250
      } else {
        return fail("ambiguous"); // 1.25, 1.2345, 12.50
      }
    } else {
      intDigits = groupedDigits(body);
    }
  }
  if (intDigits === null) return fail("format");

  const int = intDigits.replace(/^0+(?=\d)/, "");
  const frac = fracDigits.replace(/0+$/, "");
  if ((int + frac).replace(/^0+/, "").length > MAX_DIGITS) return fail("too_many_digits");
  if (valueType === "integer" && frac !== "") return fail("not_whole");
  const zero = int === "0" && frac === "";
  const value = (negative && !zero ? "-" : "") + int + (frac ? "." + frac : "");
  const n = Number(value);
  if (n < minOf(bounds)) return fail("below_min");
  if (n > maxOf(valueType, bounds)) return fail("above_max");
  return { ok: true, value };
}

// --- yes / no --------------------------------------------------------------------------------

const YES = new Set(["co", "c", "x", "yes", "true", "1"]);
const NO = new Set(["khong", "k", "no", "false", "0"]);

function parseBoolean(s: string): Parsed {
  const folded = s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  if (YES.has(folded)) return { ok: true, value: "true" };
  if (NO.has(folded)) return { ok: true, value: "false" };
  return fail("format");
}

// --- dates -----------------------------------------------------------------------------------

function parseDate(s: string): Parsed {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [+iso[1], +iso[2], +iso[3]];
  else if (dmy) [y, m, d] = [+dmy[4], +dmy[3], +dmy[1]];
  else return fail("format");
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return fail("format");
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ];
  if (d > days) return fail("format");
  return { ok: true, value: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/** The ISO date ("2025-06-15") a person typed (15/06/2025, 5/6/2025, 2025-06-15…), or null. */
export function isoFromTyped(text: string): string | null {
  const p = parseValue("date", text);
  return p.ok ? p.value : null;
}

/** True for "2025-06-15": what a date field gives when its text is a date. */
export function isIsoDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v);
}

// --- messages --------------------------------------------------------------------------------

/** A bound as it may be typed: "1.000.000" / "1 000 000", decimal comma. */
function boundText(n: number, thousands: string): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  return m[1] + m[2].replace(/\B(?=(\d{3})+$)/g, thousands) + (m[3] ? "," + m[3] : "");
}

/** What is wrong with a value and how to write it, in the current language. */
export function valueMessage(code: ValueCode | string, valueType: string, bounds?: Bounds): string {
  const min = minOf(bounds);
  const max = maxOf(valueType, bounds);
  const vi = (n: number) => boundText(n, ".");
  const en = (n: number) => boundText(n, "\u00a0");
  switch (code) {
    case "empty":
      return t("chưa nhập giá trị", "no value was entered");
    case "too_long":
      return t(`quá dài (tối đa ${MAX_INPUT} ký tự)`, `too long (at most ${MAX_INPUT} characters)`);
    case "ambiguous":
      return valueType === "integer"
        ? t(
            "không rõ dấu chấm tách hàng nghìn hay là dấu thập phân: số nguyên viết 1.250 hoặc 1250 (một nghìn hai trăm năm mươi)",
            "unclear whether the dot separates thousands or is a decimal point: write a whole number as 1.250 or 1250 (one thousand two hundred and fifty)",
          )
        : t(
            "không rõ dấu chấm là dấu thập phân hay tách hàng nghìn: viết 1,25 (một phẩy hai mươi lăm) hoặc 1.250 (một nghìn hai trăm năm mươi)",
            "unclear whether the dot is a decimal point or separates thousands: write 1,25 (one point two five) or 1.250 (one thousand two hundred and fifty)",
          );
    case "not_whole":
      return t(
        "phải là số nguyên, không có phần thập phân, ví dụ 12",
        "must be a whole number, without a fraction, e.g. 12",
      );
    case "too_many_digits":
      return t(
        `quá nhiều chữ số (tối đa ${MAX_DIGITS} chữ số có nghĩa)`,
        `too many digits (at most ${MAX_DIGITS} significant digits)`,
      );
    case "below_min":
      return min === 0
        ? t("không được là số âm", "must not be negative")
        : t(`phải từ ${vi(min)} trở lên`, `must be ${en(min)} or more`);
    case "above_max":
      return valueType === "percent" && max === 100
        ? t(
            "tỷ lệ phần trăm phải từ 0 đến 100 (dấu chấm tách hàng nghìn: 12.500 là mười hai nghìn năm trăm; mười hai phẩy năm viết 12,5)",
            "a percentage must be from 0 to 100 (a dot separates thousands: 12.500 is twelve thousand five hundred; write twelve point five as 12,5)",
          )
        : t(`không được lớn hơn ${vi(max)}`, `must be ${en(max)} or less`);
  }
  // format
  switch (valueType) {
    case "integer":
      return min >= 0
        ? t(
            "phải là số nguyên không âm, chỉ gồm chữ số, hàng nghìn có thể tách bằng dấu chấm, ví dụ 12 hoặc 1.250",
            "must be a whole number of zero or more, digits only, thousands may be separated by a dot, e.g. 12 or 1.250 (one thousand two hundred and fifty)",
          )
        : t(
            "phải là số nguyên, chỉ gồm chữ số, ví dụ 12 hoặc -5",
            "must be a whole number, digits only, e.g. 12 or -5",
          );
    case "number":
      return t(
        "không đọc được số: dùng dấu phẩy thập phân, ví dụ 12,5; tách hàng nghìn bằng dấu chấm, ví dụ 1.250,5; không viết chữ hay dấu +",
        "not a number: use a decimal comma, e.g. 12,5 (twelve and a half); separate thousands with a dot, e.g. 1.250,5; no letters or + sign",
      );
    case "percent":
      return t(
        "không đọc được tỷ lệ: viết số từ 0 đến 100 với dấu phẩy thập phân, không có dấu %, ví dụ 58,9",
        "not a percentage: write a number from 0 to 100 with a decimal comma and no % sign, e.g. 58,9 (fifty-eight point nine)",
      );
    case "boolean":
      return t("chọn Có hoặc Không (viết có/không, c/k hoặc x)", "choose Yes or No (write có/không, yes/no, c/k or x)");
    case "date":
      return t(
        "không phải ngày có thật: viết ngày/tháng/năm, ví dụ 15/06/2025",
        "not a real date: write day/month/year, e.g. 15/06/2025 (15 June 2025)",
      );
  }
  return t("giá trị không hợp lệ", "the value is not valid");
}
