// Shared bits of the organisation screens (units, committees, users, audit, search, status):
// labels of unit types and roles, a cache of unit names, field-error helpers for forms.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../lib/api";
import { pick, t } from "../../lib/i18n";
import { fieldLabel } from "../../lib/labels";
import { todayIso } from "../../lib/format";
import { href } from "../../lib/router";
import { sessionMap } from "../../lib/session-cache";

export { unitTypeLabel } from "../../lib/labels";

export type Unit = Schemas["Unit"];

export const ROLES = ["administrator", "manager", "editor", "approver", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_LABELS: Record<string, [string, string]> = {
  administrator: ["Quản trị hệ thống", "Administrator"],
  manager: ["Quản lý", "Manager"],
  editor: ["Nhập liệu", "Editor"],
  approver: ["Phê duyệt", "Approver"],
  viewer: ["Chỉ xem", "Viewer"],
};

export function roleLabel(role: string): string {
  const l = ROLE_LABELS[role];
  return l ? t(l[0], l[1]) : role;
}

export const MEMBER_ROLES = [
  "chair",
  "standing_vice_chair",
  "vice_chair",
  "standing_member",
  "member",
  "secretary",
] as const;

const MEMBER_ROLE_LABELS: Record<string, [string, string]> = {
  chair: ["Trưởng ban", "Chair"],
  standing_vice_chair: ["Phó Trưởng ban thường trực", "Standing vice-chair"],
  vice_chair: ["Phó Trưởng ban", "Vice-chair"],
  standing_member: ["Ủy viên thường trực", "Standing member"],
  member: ["Thành viên", "Member"],
  secretary: ["Thư ký / Tổ giúp việc", "Secretary / support team"],
};

export function memberRoleLabel(role: string): string {
  const l = MEMBER_ROLE_LABELS[role];
  return l ? t(l[0], l[1]) : role;
}

export function sexLabel(sex: string): string {
  return sex === "F" ? t("Nữ", "Female") : sex === "M" ? t("Nam", "Male") : sex;
}

/** The first day of the units of the 1/7/2025 reform. */
export const REFORM_DAY = "2025-07-01";
export const OPEN_END = "9999-12-31";

/** "01/07/2025 – nay" style validity. */
export function validityText(u: { validFrom: string; validTo: string }): string {
  const to = u.validTo === OPEN_END ? t("đến nay", "to date") : `${t("đến", "to")} ${fmtDay(u.validTo)}`;
  if (u.validFrom === "0001-01-01")
    return u.validTo === OPEN_END
      ? t("không thời hạn", "open-ended")
      : u.validTo === "2025-06-30"
        ? t("đến 30/06/2025 (đơn vị cũ)", "until 30/06/2025 (former unit)")
        : `${t("đến", "until")} ${fmtDay(u.validTo)}`;
  return `${t("từ", "from")} ${fmtDay(u.validFrom)} ${to}`;
}

function fmtDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function isFormer(u: { validTo: string }): boolean {
  return u.validTo < todayIso();
}

/** The date to address a unit by in a link: none for today's units, its last day for a former one. */
export function unitAsOf(u: { validFrom: string; validTo: string }): string | undefined {
  const today = todayIso();
  if (u.validFrom <= today && u.validTo >= today) return undefined;
  if (u.validTo < today) return u.validTo;
  return u.validFrom;
}

export function unitHref(u: { code: string; validFrom: string; validTo: string }): string {
  return href(["units", u.code], { asOf: unitAsOf(u) });
}

// ---------------------------------------------------------------- unit names

const nameCache = sessionMap<string, Promise<Unit | null>>();

/** One unit (as of today), cached; null when it cannot be read. */
export function fetchUnit(code: string): Promise<Unit | null> {
  let p = nameCache.get(code);
  if (!p) {
    p = call(api.GET("/api/v1/units/{code}", { params: { path: { code } } })).catch(() => null);
    nameCache.set(code, p);
  }
  return p;
}

/** Names of units by code, filled in as they arrive. */
export function useUnitNames(codes: (string | null | undefined)[]): Record<string, Unit | null> {
  const [names, setNames] = useState<Record<string, Unit | null>>({});
  const key = [...new Set(codes.filter((c): c is string => !!c))].sort().join("|");
  useEffect(() => {
    let live = true;
    const list = key ? key.split("|") : [];
    for (const code of list) {
      void fetchUnit(code).then((u) => {
        if (live) setNames((n) => (code in n ? n : { ...n, [code]: u }));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** A unit code shown with its name when known, as a link to the unit. */
export function UnitRef(props: {
  code: string | null | undefined;
  names: Record<string, Unit | null>;
  link?: boolean;
}) {
  const code = props.code;
  if (!code) return <span class="muted">—</span>;
  const u = props.names[code];
  const label = u ? pick(u) : "";
  const body = (
    <>
      {label || code}
      {label && <span class="org-code"> ({code})</span>}
    </>
  );
  if (props.link === false) return <span>{body}</span>;
  return <a href={href(["units", code])}>{body}</a>;
}

// ---------------------------------------------------------------- forms

/** The field an error names (ApiError.problem.field), for showing it next to the input. */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.problem.field : undefined;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return t(err.problem.detail, err.problem.detailEn || err.problem.detail);
  return err instanceof Error ? err.message : String(err);
}

/** A labelled form field whose error (when the server names this field) sits under the input. */
export function Field(props: {
  id: string;
  label: string;
  error?: unknown;
  names?: string[];
  hint?: string;
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ComponentChildren;
}) {
  const field = errorField(props.error);
  const mine = !!field && (props.names ?? [props.id]).includes(field);
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const described = [props.hint ? hintId : "", mine ? errId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, "aria-invalid": mine, "aria-describedby": described })}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {mine && (
        <p class="field-error" id={errId} role="alert">
          {errorText(props.error)}
        </p>
      )}
    </div>
  );
}

/** An error box for errors not shown next to a field of the form. */
export function FormError(props: { error: unknown; fields: string[]; id?: string }) {
  const e = props.error;
  if (!e) return null;
  const f = errorField(e);
  if (f && props.fields.includes(f)) return null;
  return (
    <div class="alert alert-error" role="alert" id={props.id}>
      <p class="pre">{errorText(e)}</p>
      {e instanceof ApiError && e.problem.code && (
        <p class="muted small">
          {f && fieldLabel(f) ? `${t("Ô cần sửa: ", "Field: ")}${fieldLabel(f)} · ` : ""}
          {t("Mã lỗi ", "Error code ")}
          {e.problem.code}
        </p>
      )}
    </div>
  );
}
