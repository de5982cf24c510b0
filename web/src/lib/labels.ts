// Names of the codes every screen shows: unit types and the API's field names.
import { t } from "./i18n";

const UNIT_TYPES: Record<string, [string, string]> = {
  nation: ["Quốc gia", "Nation"],
  ministry: ["Bộ, ngành", "Ministry"],
  sector: ["Đơn vị ngành", "Sector unit"],
  province: ["Tỉnh, thành phố", "Province"],
  district: ["Cấp huyện (trước 1/7/2025)", "District (before 1/7/2025)"],
  commune: ["Xã, phường, đặc khu", "Commune"],
  agency: ["Cơ quan thành viên", "Member agency"],
};

export function unitTypeLabel(type: string): string {
  const l = UNIT_TYPES[type];
  return l ? t(l[0], l[1]) : type;
}

// What the API's fields (in errors and in the audit trail) are called on the screens that use them.
const FIELDS: Record<string, [string, string]> = {
  clientAddress: ["Địa chỉ máy truy cập", "Client address"],
  nameVi: ["Tên", "Name"],
  nameEn: ["Tên tiếng Anh", "English name"],
  code: ["Mã", "Code"],
  unit: ["Đơn vị", "Unit"],
  units: ["Đơn vị", "Units"],
  unitType: ["Loại đơn vị", "Unit type"],
  role: ["Vai trò", "Role"],
  type: ["Loại", "Type"],
  status: ["Trạng thái", "Status"],
  version: ["Lần lưu", "Save"],
  values: ["Số liệu", "Figures"],
  value: ["Giá trị", "Value"],
  narratives: ["Nội dung báo cáo", "Report text"],
  source: ["Nguồn", "Source"],
  dataSource: ["Nguồn số liệu", "Data source"],
  file: ["Tệp", "File"],
  decisionNumber: ["Số quyết định", "Decision number"],
  decisionDate: ["Ngày quyết định", "Decision date"],
  effectiveDate: ["Ngày hiệu lực", "Effective date"],
  establishedOn: ["Ngày thành lập", "Established on"],
  dissolvedOn: ["Ngày giải thể", "Dissolved on"],
  standingAgency: ["Cơ quan thường trực", "Standing agency"],
  fullName: ["Họ và tên", "Full name"],
  sex: ["Giới tính", "Sex"],
  position: ["Chức vụ", "Position"],
  agency: ["Cơ quan", "Agency"],
  termStart: ["Bắt đầu nhiệm kỳ", "Term start"],
  termEnd: ["Kết thúc nhiệm kỳ", "Term end"],
  login: ["Tên đăng nhập", "Login"],
  password: ["Mật khẩu", "Password"],
  newPassword: ["Mật khẩu mới", "New password"],
  currentPassword: ["Mật khẩu hiện tại", "Current password"],
  displayName: ["Tên hiển thị", "Display name"],
  email: ["Thư điện tử", "E-mail"],
  mustChangePassword: ["Phải đổi mật khẩu", "Must change password"],
  validFrom: ["Hiệu lực từ", "Valid from"],
  validTo: ["Hiệu lực đến", "Valid to"],
  reason: ["Lý do", "Reason"],
  reasons: ["Lý do", "Reasons"],
  message: ["Nội dung", "Message"],
  messageEn: ["Nội dung (tiếng Anh)", "Message (English)"],
  year: ["Năm", "Year"],
  waived: ["Được miễn", "Waived"],
  valuesWritten: ["Số liệu đã ghi", "Figures written"],
  valuesKept: ["Số liệu giữ nguyên", "Figures kept"],
  reports: ["Báo cáo", "Reports"],
  severity: ["Mức độ", "Severity"],
  rule: ["Quy tắc kiểm tra", "Validation rule"],
  operator: ["Phép so sánh", "Operator"],
  importance: ["Mức quan trọng", "Importance"],
  monthOffset: ["Số tháng sau kỳ", "Months after the period"],
  day: ["Ngày trong tháng", "Day of the month"],
  elements: ["Chỉ tiêu trong biểu mẫu", "Form items"],
  lineageEdges: ["Quan hệ kế thừa đơn vị", "Unit lineage links"],
};

/** The field's name as the screens show it; undefined for a field no screen names. */
export function fieldLabel(k: string): string | undefined {
  const l = FIELDS[k];
  return l ? t(l[0], l[1]) : undefined;
}
