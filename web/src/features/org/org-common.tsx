// Shared bits of the organisation screens (units, committees, users, audit, search, status):
// labels of unit types and roles, a cache of unit names, field-error helpers for forms.
import { t } from "../../lib/i18n";

export { unitTypeLabel } from "../../lib/labels";
export * from "../../lib/units";
export * from "../../lib/form-field";

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
