// The audit trail's words and links: the entity types and actions in the current language, and where an
// entry's entity is shown (its report, unit, committee, user or the deadlines).
import { t } from "../../lib/i18n";
import { href } from "../../lib/router";

export const ENTITY_TYPES: [string, string, string][] = [
  ["report", "Báo cáo", "Report"],
  ["unit", "Đơn vị", "Unit"],
  ["committee", "Ban VSTBPN", "Committee"],
  ["user", "Người dùng", "User"],
  ["evidence", "Minh chứng", "Evidence"],
  ["metadata", "Danh mục, biểu mẫu", "Metadata"],
  ["form_deadline", "Hạn nộp báo cáo", "Reporting deadline"],
];

const ACTIONS: Record<string, [string, string]> = {
  create: ["Tạo mới", "Create"],
  update: ["Sửa", "Update"],
  sign_in: ["Đăng nhập", "Sign in"],
  sign_out: ["Đăng xuất", "Sign out"],
  change_password: ["Đổi mật khẩu", "Change password"],
  reset_password: ["Đặt lại mật khẩu", "Reset password"],
  grant_role: ["Cấp quyền", "Grant role"],
  revoke_role: ["Thu hồi quyền", "Revoke role"],
  add_member: ["Bổ sung thành viên", "Add member"],
  end_member: ["Kết thúc nhiệm kỳ thành viên", "End membership"],
  consolidate: ["Kiện toàn / tổng hợp", "Consolidate"],
  import: ["Nhập dữ liệu", "Import"],
  save: ["Lưu", "Save"],
  submit: ["Nộp", "Submit"],
  approve: ["Phê duyệt", "Approve"],
  return: ["Trả lại", "Return"],
  reopen: ["Mở lại", "Reopen"],
  withdraw: ["Rút lại báo cáo", "Withdraw"],
  remind: ["Nhắc đơn vị chưa nộp", "Remind units not reported"],
  waive: ["Miễn báo cáo", "Waive"],
  register_figures: ["Cập nhật số liệu từ sổ đăng ký Ban", "Figures from the committee register"],
  attach: ["Đính kèm", "Attach"],
  delete: ["Xóa", "Delete"],
};

export function actionLabel(a: string, type: string): string {
  if (a === "consolidate")
    return type === "committee"
      ? t("Kiện toàn Ban", "Consolidate committee")
      : t("Tổng hợp số liệu", "Consolidate data");
  const l = ACTIONS[a];
  return l ? t(l[0], l[1]) : a;
}

export function typeLabel(type: string): string {
  const l = ENTITY_TYPES.find((e) => e[0] === type);
  return l ? t(l[1], l[2]) : type;
}

/** Where an entry's entity is shown; a user only when the caller may manage users (`users.manage`). */
export function entityHref(type: string, id: string, manageUsers: boolean): string | null {
  switch (type) {
    case "report": {
      const p = id.split("/");
      return p.length === 3 ? href(["reports", p[0], p[1], p[2]]) : null;
    }
    case "unit": {
      const [code, validFrom] = id.split("@");
      if (!code) return null;
      return href(["units", code], { asOf: validFrom && validFrom < "2025-07-01" ? "2025-06-30" : validFrom });
    }
    case "committee":
      return /^\d+$/.test(id) ? href(["committees", id]) : null;
    case "user":
      return manageUsers ? href("/users", { login: id }) : null;
    case "form_deadline":
      return href("/deadlines");
  }
  return null;
}
