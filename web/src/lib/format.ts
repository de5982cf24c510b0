// Vietnamese number and date formats (1.234,5 and 15/06/2025); English uses 1,234.5 and the
// same day/month/year order. Times are shown in Vietnam's time zone.
import { lang } from "./i18n";

const TZ = "Asia/Ho_Chi_Minh";

function locale(): string {
  return lang() === "en" ? "en-GB" : "vi-VN";
}

export function fmtNumber(n: number | null | undefined, maxFraction = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxFraction }).format(n);
}

export function fmtPercent(n: number | null | undefined, maxFraction = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return `${fmtNumber(n, maxFraction)} %`;
}

/** A stored value ("12.5", "1200") shown in the current locale; other text unchanged. */
export function fmtStored(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  if (/^-?\d+(\.\d+)?$/.test(value)) return fmtNumber(Number(value), 10);
  return value;
}

/** "2025-06-15" or an ISO timestamp -> "15/06/2025". */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat("en-GB", { timeZone: TZ, day: "2-digit", month: "2-digit", year: "numeric" }).format(
    d,
  );
}

/** An ISO timestamp -> "15/06/2025 14:03". */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TZ,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(d);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

/** Today in Vietnam as YYYY-MM-DD. */
export function todayIso(): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  return parts;
}

/** Whole days from today to a YYYY-MM-DD date (negative when past). */
export function daysUntil(iso: string): number {
  const a = Date.parse(todayIso() + "T00:00:00Z");
  const b = Date.parse(iso + "T00:00:00Z");
  return Math.round((b - a) / 86_400_000);
}

/** Lower-case, no diacritics (đ -> d): for filtering lists as the server's search does. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase();
}
