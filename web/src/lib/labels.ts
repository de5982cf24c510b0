// Names of the codes every screen shows: unit types.
import { t } from "./i18n";

const UNIT_TYPES: Record<string, [string, string]> = {
  nation: ["Quốc gia", "Nation"],
  ministry: ["Bộ, ngành", "Ministry"],
  sector: ["Đơn vị ngành", "Sector unit"],
  province: ["Tỉnh, thành phố", "Province"],
  district: ["Huyện", "District"],
  commune: ["Xã, phường, đặc khu", "Commune"],
  agency: ["Cơ quan thành viên", "Member agency"],
};

export function unitTypeLabel(type: string): string {
  const l = UNIT_TYPES[type];
  return l ? t(l[0], l[1]) : type;
}
