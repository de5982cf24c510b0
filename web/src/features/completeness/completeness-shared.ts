// Helpers shared by the completeness and consolidation screens.
import { todayIso } from "../../lib/format";
import type { Me } from "../../lib/session";

export { unitTypeLabel } from "../../lib/labels";

function lastDay(y: number, month: number): string {
  const d = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return `${y}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The last day of a period ("2025" -> 2025-12-31, "2025S1" -> 2025-06-30, "2025Q3" -> 2025-09-30, "202502" -> 2025-02-28). */
export function periodEnd(code: string): string | undefined {
  let m = /^(\d{4})$/.exec(code);
  if (m) return `${m[1]}-12-31`;
  m = /^(\d{4})S([12])$/i.exec(code);
  if (m) return lastDay(Number(m[1]), m[2] === "1" ? 6 : 12);
  m = /^(\d{4})Q([1-4])$/i.exec(code);
  if (m) return lastDay(Number(m[1]), Number(m[2]) * 3);
  m = /^(\d{4})(\d{2})$/.exec(code);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return lastDay(Number(m[1]), Number(m[2]));
  return undefined;
}

/** The date units are resolved on for a period: its last day, or today when that is earlier. */
export function periodAsOf(code: string): string {
  const end = periodEnd(code);
  const today = todayIso();
  return end && end < today ? end : today;
}

/** True when the user holds a role giving data.edit (administrator, manager, editor) on one of `units`. */
export function canEditAt(me: Me, units: string[]): boolean {
  return me.roles.some((r) => ["administrator", "manager", "editor"].includes(r.role) && units.includes(r.unit));
}

/** A report status counted as received (submitted or approved). */
export function isReceived(status: string): boolean {
  return status === "submitted" || status === "approved";
}

/** Statuses of a report that can still be (re)consolidated: not saved yet, draft or returned. */
export function isUnlocked(status: string): boolean {
  return status === "missing" || status === "waived" || status === "draft" || status === "returned";
}
