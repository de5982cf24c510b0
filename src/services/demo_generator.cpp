#include "tienbo/services/demo_generator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/value_syntax.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

const char* const kAgencies[] = {"Sở Nội vụ",
                                 "Sở Tài chính",
                                 "Sở Tư pháp",
                                 "Sở Y tế",
                                 "Sở Giáo dục và Đào tạo",
                                 "Sở Văn hóa, Thể thao và Du lịch",
                                 "Sở Nông nghiệp và Môi trường",
                                 "Sở Công Thương",
                                 "Sở Xây dựng",
                                 "Sở Khoa học và Công nghệ",
                                 "Sở Dân tộc và Tôn giáo",
                                 "Sở Ngoại vụ",
                                 "Thanh tra tỉnh",
                                 "Văn phòng Ủy ban nhân dân",
                                 "Công an tỉnh",
                                 "Bộ Chỉ huy Quân sự tỉnh",
                                 "Tòa án nhân dân",
                                 "Viện Kiểm sát nhân dân",
                                 "Hội Liên hiệp Phụ nữ",
                                 "Liên đoàn Lao động",
                                 "Tỉnh Đoàn",
                                 "Hội Nông dân",
                                 "Hội Cựu chiến binh",
                                 "Ủy ban Mặt trận Tổ quốc",
                                 "Đài Phát thanh và Truyền hình",
                                 "Báo tỉnh",
                                 "Bảo hiểm xã hội",
                                 "Cục Thống kê tỉnh",
                                 "Ngân hàng Chính sách xã hội",
                                 "Trường Chính trị tỉnh"};

enum class Kind { Commune, Agency, Province };

struct Gen {
  std::mt19937_64 rng;
  double t = 0;  // progress through 2021..2026, 0..1
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
  double count(double lo, double hi) { return std::floor(uniform(lo, hi + 1)); }
  bool chance(double p) { return uniform(0, 1) < p; }
  double trend(double from, double to) {
    return from + (to - from) * t + uniform(-0.03, 0.03) * std::fabs(to - from + 0.1);
  }
};

using Values = std::map<std::string, std::map<std::string, double>>;  // element -> option -> value

void split_sex(Values& v, const std::string& code, double total, double female_share) {
  const double nu = std::round(total * std::clamp(female_share, 0.0, 1.0));
  v[code]["NU"] = nu;
  v[code]["NAM"] = total - nu;
}

// Plausible values for one report of a unit (half-year reports carry about half the year's activity).
Values generate_report(Gen& g, Kind kind, bool half_year) {
  Values v;
  const double k = (kind == Kind::Province ? 12.0 : kind == Kind::Agency ? 0.6 : 1.0) * (half_year ? 0.5 : 1.0);
  v["BAN_DA_KIEN_TOAN"][""] = g.chance(0.95) ? 1 : 0;
  split_sex(v, "BAN_THANH_VIEN",
            kind == Kind::Province ? g.count(18, 30)
            : kind == Kind::Agency ? g.count(3, 7)
                                   : g.count(7, 15),
            g.trend(0.30, 0.42));
  v["BAN_CUOC_HOP"][""] = g.count(1, 4) * (half_year ? 1 : 2);
  v["BAN_VAN_BAN"][""] = std::round(g.count(0, 5) * k);
  v["TT_HOAT_DONG"][""] = std::round(g.count(2, 14) * k);
  split_sex(v, "TT_NGUOI_THAM_GIA", std::round(g.count(60, 700) * k), g.uniform(0.5, 0.68));
  v["TT_TIN_BAI"][""] = std::round(g.count(0, 16) * k);
  v["TT_PHAT_THANH"][""] = std::round(g.count(0, 8) * k);
  const double classes = std::round(g.count(0, 4) * k);
  v["TH_LOP"][""] = classes;
  split_sex(v, "TH_NGUOI", classes * g.count(20, 55), g.uniform(0.5, 0.7));
  const double inspections = std::round(g.count(0, 3) * k);
  v["KT_CUOC"][""] = inspections;
  v["KT_DON_VI"][""] = inspections + std::round(g.count(0, 3) * k);
  const double budget = std::round(g.uniform(15, 180) * k * 10) / 10;
  v["KP_DU_TOAN"][""] = budget;
  v["KP_THUC_HIEN"][""] = std::round(budget * g.uniform(0.6, 1.0) * 10) / 10;
  const double leaders = std::round(g.count(4, 11) * (kind == Kind::Province ? 8 : 1));
  split_sex(v, "CB_LANH_DAO", leaders, g.trend(0.22, 0.32));
  const double pool = std::round(leaders * g.uniform(1.5, 2.5));
  split_sex(v, "CB_QUY_HOACH", pool, g.trend(0.33, 0.45));
  split_sex(v, "CB_DAO_TAO", std::round(pool * g.uniform(0.2, 0.5)), g.trend(0.40, 0.5));
  split_sex(v, "CB_BO_NHIEM", std::round(g.count(0, 3) * (kind == Kind::Province ? 5 : 1)), g.trend(0.25, 0.4));
  v["LANH_DAO_CHU_CHOT_NU"][""] = g.chance(g.trend(0.38, 0.62)) ? 1 : 0;
  const double cases = std::round(g.count(0, 6) * k);
  v["BL_VU_VIEC"][""] = cases;
  const double victims = cases + std::round(g.count(0, 1) * k);
  split_sex(v, "BL_NAN_NHAN", victims, 0.88);
  const double reached = std::round(victims * g.trend(0.68, 0.86));
  split_sex(v, "BL_TIEP_CAN", reached, 0.9);
  for (const char* s : {"Y_TE", "TAM_LY", "PHAP_LY", "TAM_LANH", "KHAC"})
    v["BL_LUOT_HO_TRO"][s] = std::round(reached * g.uniform(0, 0.8));
  return v;
}

Values generate_action_month(Gen& g, Kind kind) {
  Values v;
  const double k = kind == Kind::Province ? 10.0 : kind == Kind::Agency ? 0.5 : 1.0;
  for (const char* f : {"LE_PHAT_DONG", "HOI_NGHI", "HOI_THAO", "TAP_HUAN", "TOA_DAM", "DOI_THOAI", "MANG_XA_HOI"}) {
    v["THD_HOAT_DONG"][f] = std::round(g.count(0, 3) * k);
  }
  for (const char* f : {"DIEU_HANH", "AM_NHAC", "TRIEN_LAM", "VAN_NGHE", "THE_THAO", "KHAC"}) {
    v["THD_HOAT_DONG"][f] = std::round(g.count(0, 1) * k);
  }
  split_sex(v, "THD_NGUOI_THAM_GIA", std::round(g.count(100, 900) * k), g.uniform(0.55, 0.7));
  v["THD_KINH_PHI"][""] = std::round(g.uniform(5, 60) * k * 10) / 10;
  return v;
}

// The province's Strategy report: its population-scale statistics.
Values generate_strategy(Gen& g, double size) {
  Values v;
  v["CL_CQ_TONG"][""] = std::round(60 * size);  // size: relative to an average province
  v["CL_CQ_LD_NU"][""] = std::round(v["CL_CQ_TONG"][""] * g.trend(0.42, 0.63));
  const double employed_women = std::round(450000 * size);
  v["CL_LD_CO_VIEC_LAM"]["NU"] = employed_women;
  v["CL_LD_CO_VIEC_LAM"]["NAM"] = std::round(employed_women * 1.12);
  v["CL_LD_HUONG_LUONG"]["NU"] = std::round(employed_women * g.trend(0.42, 0.51));
  v["CL_LD_HUONG_LUONG"]["NAM"] = std::round(employed_women * 1.12 * g.trend(0.50, 0.55));
  v["CL_LD_NONG_NGHIEP"]["NU"] = std::round(employed_women * g.trend(0.36, 0.28));
  v["CL_LD_NONG_NGHIEP"]["NAM"] = std::round(employed_women * 1.12 * g.trend(0.32, 0.26));
  split_sex(v, "CL_DN_CHU", std::round(9000 * size), g.trend(0.245, 0.285));
  v["CL_GIO_NOI_TRO"]["NU"] = std::round(g.trend(4.1, 3.6) * 10) / 10;
  v["CL_GIO_NOI_TRO"]["NAM"] = std::round(g.trend(2.1, 2.3) * 10) / 10;
  const double perpetrators = std::round(g.uniform(40, 200) * size);
  split_sex(v, "CL_NGUOI_GAY_BL", perpetrators, 0.08);
  split_sex(v, "CL_NGUOI_GAY_BL_TU_VAN", std::round(perpetrators * g.trend(0.42, 0.58)), 0.08);
  const double trafficked = std::round(g.uniform(0, 12) * size);
  split_sex(v, "CL_MBN_CO_NHU_CAU", trafficked, 0.8);
  split_sex(v, "CL_MBN_DUOC_HO_TRO", std::round(trafficked * std::min(1.0, g.trend(0.9, 1.0))), 0.8);
  const double facilities = std::round(g.uniform(2, 6) * size);
  v["CL_CSTGXH"][""] = facilities;
  v["CL_CSTGXH_BLG"][""] = std::round(facilities * g.trend(0.5, 0.75));
  const double births = std::round(16000 * size);
  v["CL_SINH_SONG"]["NU"] = births;
  v["CL_SINH_SONG"]["NAM"] = std::round(births * g.trend(1.12, 1.105));
  v["CL_TU_VONG_ME"][""] = std::round(births * 2.1 * g.trend(45, 41) / 100000);
  const double girls = std::round(60000 * size);
  v["CL_PHU_NU_15_19"][""] = girls;
  v["CL_SINH_VTN"][""] = std::round(girls * g.trend(22, 17.5) / 1000);
  v["CL_YTE_LGBT"][""] = g.chance(g.trend(0.15, 0.55)) ? 1 : 0;
  split_sex(v, "CL_DTTS_DU_TUOI_TH", std::round(g.uniform(500, 9000) * size), 0.49);
  split_sex(v, "CL_DTTS_HOAN_THANH_TH", std::round(v["CL_DTTS_DU_TUOI_TH"]["NU"] * 2 * g.trend(0.88, 0.94)), 0.49);
  split_sex(v, "CL_THAC_SI", std::round(2500 * size), g.trend(0.47, 0.52));
  split_sex(v, "CL_TIEN_SI", std::round(300 * size), g.trend(0.27, 0.31));
  v["CL_TRUONG_SU_PHAM"][""] = std::round(g.uniform(1, 3));
  v["CL_TRUONG_SU_PHAM_GIOI"][""] = std::round(v["CL_TRUONG_SU_PHAM"][""] * std::min(1.0, g.trend(0.4, 1.0)));
  const double people = std::round(1300000 * size);
  v["CL_DAN_SO"][""] = people;
  v["CL_DAN_SO_TIEP_CAN"][""] = std::round(people * g.trend(0.45, 0.66));
  v["CL_THD_DON_VI"][""] = std::round(g.uniform(30, 60));
  v["CL_THD_CO_KE_HOACH"][""] = std::round(v["CL_THD_DON_VI"][""] * std::min(1.0, g.trend(0.85, 1.0)));
  v["CL_HUONG_UOC"][""] = std::round(g.uniform(200, 900) * size);
  v["CL_HUONG_UOC_KHONG_PBG"][""] = std::round(v["CL_HUONG_UOC"][""] * g.trend(0.9, 0.97));
  v["CL_CB_NU_QH_DAO_TAO"][""] = 0;  // filled from the pool below
  return v;
}

// The instant `hours` after midnight (UTC) of an ISO day plus `days`, never later than `latest`.
std::chrono::sys_seconds instant(const std::string& iso_day, int days, int hours, std::chrono::sys_seconds latest) {
  using namespace std::chrono;
  const int y = std::stoi(iso_day.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso_day.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso_day.substr(8, 2)));
  const sys_days date = sys_days(year{y} / month{m} / std::chrono::day{d}) + std::chrono::days{days};
  return std::min(sys_seconds(date) + std::chrono::hours{hours}, latest);
}

std::string number_text(double v, core::ValueType value_type) {
  char buf[48];
  if (value_type == core::ValueType::Integer || value_type == core::ValueType::Boolean) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

bool is_province_in_scope(const store::UnitRecord& u, DemoScale scale) {
  return u.unit_type == core::UnitType::Province && u.valid_to == "9999-12-31" &&
         (scale == DemoScale::National || u.code == "01");
}

// Adds province `p`'s member agencies of the list (about 30) that it does not have yet.
core::Result<void> add_agencies_of(store::Tx& tx, const store::UnitRecord& p, const std::set<std::string>& codes,
                                   std::vector<store::UnitRecord>& all, DemoReport& out) {
  // The province's member agencies already in the database (the demo's Sở Nội vụ, Sở Y tế, ...):
  // an agency of the list whose name one of them starts with is not added a second time.
  std::vector<std::string> existing;
  for (const auto& u : all) {
    if (u.unit_type == core::UnitType::Agency && u.parent_id == p.id && u.valid_to == "9999-12-31")
      existing.push_back(u.name_vi);
  }
  for (std::size_t i = 0; i < std::size(kAgencies); ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "%s-CQ%02zu", p.code.c_str(), i + 1);
    if (codes.count(code)) continue;
    const std::string name = kAgencies[i];
    if (std::any_of(existing.begin(), existing.end(), [&](const std::string& n) { return n.starts_with(name); }))
      continue;
    store::UnitRecord a;
    a.code = code;
    a.name_vi = std::string(kAgencies[i]) + " — " + p.name_vi;
    a.unit_type = core::UnitType::Agency;
    a.category = "Cơ quan thành viên";
    a.parent_id = p.id;
    a.valid_from = "2025-07-01";
    auto id = tx.units().insert(a);
    if (!id) return Unexpected{std::move(id).error()};
    a.id = *id;
    all.push_back(a);
    ++out.agencies;
  }
  return {};
}

// Every unit, after adding the member agencies of today's provinces (in scope), in one
// transaction. Refuses a database without the package, or one the demo already filled.
core::Result<std::vector<store::UnitRecord>> units_with_member_agencies(store::Store& store, DemoScale scale,
                                                                        const Actor& actor, DemoReport& out) {
  auto tx = store.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto form = (*tx)->metadata().find_form("BC_BDG_NAM");
  if (!form) return Unexpected{std::move(form).error()};
  if (!*form)
    return fail(ErrorCode::NotFound, "chưa nạp gói dữ liệu; hãy chạy tienbo init",
                "no package loaded; run tienbo init first");
  auto units = (*tx)->units().all();
  if (!units) return Unexpected{std::move(units).error()};
  std::vector<store::UnitRecord> all = std::move(*units);
  // Member agencies of today's provinces (in scope), about 30 each.
  std::set<std::string> codes;
  for (const auto& u : all) codes.insert(u.code);
  const bool generated_before = std::any_of(all.begin(), all.end(), [](const store::UnitRecord& u) {
    return u.unit_type == core::UnitType::Agency && u.code.find("-CQ") != std::string::npos;
  });
  if (generated_before) {
    return fail(ErrorCode::Conflict, "dữ liệu demo đã được tạo trong cơ sở dữ liệu này; hãy dùng một cơ sở dữ liệu mới",
                "demo data was already generated in this database; use a new database", "db");
  }
  std::vector<store::UnitRecord> provinces;
  for (const auto& u : all) {
    if (is_province_in_scope(u, scale)) provinces.push_back(u);
  }
  for (const auto& p : provinces) TIENBO_TRY(add_agencies_of(**tx, p, codes, all, out));
  TIENBO_TRY((*tx)->audit().append({actor.login, actor.request_id, "create", "unit", "demo-agencies", std::nullopt,
                                    std::nullopt, core::JsonObject().add("agencies", out.agencies).str()}));
  TIENBO_TRY((*tx)->commit());
  return all;
}

struct Job {
  const store::UnitRecord* unit;
  Kind kind;
};

// Who reports what: former units up to 2025S1, today's from 2025 on.
struct Jobs {
  std::vector<Job> former, current;
};

Jobs reporting_jobs(const std::vector<store::UnitRecord>& all, DemoScale scale) {
  std::map<std::int64_t, const store::UnitRecord*> by_id;
  for (const auto& u : all) by_id[u.id] = &u;
  const auto province_of = [&](const store::UnitRecord& u) -> std::string {
    const store::UnitRecord* cur = &u;
    while (cur && cur->unit_type != core::UnitType::Province) cur = cur->parent_id ? by_id[*cur->parent_id] : nullptr;
    return cur ? cur->code : "";
  };
  Jobs jobs;
  for (const auto& u : all) {
    if (scale == DemoScale::Province && province_of(u) != "01") continue;
    using core::UnitType;
    Kind kind = u.unit_type == UnitType::Province ? Kind::Province
                : u.unit_type == UnitType::Agency ? Kind::Agency
                                                  : Kind::Commune;
    if (u.unit_type != UnitType::Province && u.unit_type != UnitType::Commune && u.unit_type != UnitType::Agency)
      continue;
    if (u.valid_to == "2025-06-30")
      jobs.former.push_back({&u, kind});
    else if (u.valid_to == "9999-12-31")
      jobs.current.push_back({&u, kind});
  }
  return jobs;
}

struct Slot {
  const char* form;
  const char* period;
  bool former_units;
};

// The forms and periods to fill, in order, from `from_year`; `period_codes` keeps the codes alive
// for the slots.
std::vector<Slot> demo_slots(int from_year, std::vector<std::string>& period_codes) {
  std::vector<Slot> slots;
  for (int y = from_year; y <= 2024; ++y) {
    period_codes.push_back(std::to_string(y) + "S1");
    period_codes.push_back(std::to_string(y));
  }
  for (std::size_t i = 0; i < period_codes.size(); i += 2) {
    slots.push_back({"BC_BDG_6T", period_codes[i].c_str(), true});
    slots.push_back({"BC_BDG_NAM", period_codes[i + 1].c_str(), true});
    slots.push_back({"BC_THANG_HANH_DONG", period_codes[i + 1].c_str(), true});
    if (period_codes[i + 1] >= "2021") slots.push_back({"BC_CHIEN_LUOC", period_codes[i + 1].c_str(), true});
  }
  slots.push_back({"BC_BDG_6T", "2025S1", true});
  slots.push_back({"BC_BDG_NAM", "2025", false});
  slots.push_back({"BC_THANG_HANH_DONG", "2025", false});
  slots.push_back({"BC_CHIEN_LUOC", "2025", false});
  slots.push_back({"BC_BDG_6T", "2026S1", false});
  return slots;
}

// Reports and values gathered, written 200,000 values at a time in their own transactions.
struct DemoBatch {
  store::Store& store;
  DemoReport& out;
  std::vector<store::DataValueRecord> values;
  std::vector<store::ReportRecord> reports;

  core::Result<void> flush() {
    auto tx = store.begin(store::Access::Write);
    if (!tx) return Unexpected{std::move(tx).error()};
    TIENBO_TRY((*tx)->reports().insert_reports(reports));
    TIENBO_TRY((*tx)->values().insert_values(values));
    TIENBO_TRY((*tx)->commit());
    out.values += values.size();
    out.reports += reports.size();
    values.clear();
    reports.clear();
    return {};
  }
};

// The values of one job's report. Each unit's first-half values are kept in `first_half` until
// its annual report of the same year: an annual (cumulative) figure is never below the half-year's.
Values job_values(Gen& g, const Job& job, const std::string& form_code, const core::Period& period, std::uint64_t seed,
                  std::map<std::pair<std::int64_t, int>, Values>& first_half) {
  const bool half = period.type() == core::PeriodType::HalfYear;
  Values v;
  if (form_code == "BC_THANG_HANH_DONG")
    v = generate_action_month(g, job.kind);
  else if (form_code == "BC_CHIEN_LUOC") {
    // The province's size stays the same from year to year.
    std::mt19937_64 size_rng(seed ^ static_cast<std::uint64_t>(job.unit->id));
    v = generate_strategy(g, std::uniform_real_distribution<double>(0.6, 3.0)(size_rng));
    Values own = generate_report(g, Kind::Province, false);  // the pool and victims of the province's annual report
    v["CL_CB_NU_QH_DAO_TAO"][""] = std::round(own["CB_QUY_HOACH"]["NU"] * g.trend(0.6, 0.82));
  } else {
    v = generate_report(g, job.kind, half);
    const std::pair<std::int64_t, int> key{job.unit->id, period.year()};
    if (half && period.code().ends_with("S1")) {
      first_half[key] = v;
    } else if (form_code == "BC_BDG_NAM") {
      if (auto h = first_half.find(key); h != first_half.end()) {
        for (const auto& [element, cells] : h->second) {
          for (const auto& [option, value] : cells) {
            double& annual = v[element][option];
            annual = std::max(annual, value);
          }
        }
        first_half.erase(h);
      }
    }
  }
  return v;
}

// One job's report: its status and timestamps, all in the past (before `latest`).
store::ReportRecord job_report(Gen& g, const FormDefinition& def, const Job& job, const core::Period& period,
                               std::chrono::sys_seconds latest, const std::string& by) {
  // The 2026 half-year is still open: some reports are drafts or submitted.
  using core::ReportStatus;
  ReportStatus status = ReportStatus::Approved;
  if (period.code() == "2026S1") {
    status = g.chance(0.6) ? ReportStatus::Approved : g.chance(0.5) ? ReportStatus::Submitted : ReportStatus::Draft;
  }
  store::ReportRecord r;
  r.form_id = def.form.id;
  r.form_version_id = def.version.id;
  r.unit_id = job.unit->id;
  r.period = period.code();
  r.status = status;
  r.version = 1;
  // Submitted some days before the deadline (one report in twelve a few days late), approved a few
  // days later; all in the past.
  const std::string due = def.due_before(job.unit->unit_type, period).value_or(period.cutoff_end());
  const bool late = g.chance(1.0 / 12);
  const int submit_day = late ? static_cast<int>(g.count(0, 9)) : -static_cast<int>(g.count(1, 20));
  const int hour = static_cast<int>(g.count(1, 9));  // 08:00–17:00 in Vietnam
  const auto created = instant(due, submit_day - static_cast<int>(g.count(3, 25)), hour, latest);
  const auto submitted = instant(due, submit_day, hour, latest);
  const auto approved = instant(due, submit_day + static_cast<int>(g.count(1, 6)), hour, latest);
  r.created_at = core::utc_timestamp(created);
  std::string ts = r.created_at;
  if (status != ReportStatus::Draft) {
    r.submitted_at = ts = core::utc_timestamp(submitted);
    r.submitted_by = by;
  }
  if (status == ReportStatus::Approved) {
    r.approved_at = ts = core::utc_timestamp(approved);
    r.approved_by = by;
  }
  r.updated_at = ts;
  return r;
}

// What one report holds: where the form's numeric elements have a value in `v`.
struct ReportValues {
  const FormDefinition& def;
  const std::string& form_code;
  const Values& v;
  std::int64_t unit_id = 0;
  const std::string& period;
  const std::string& updated_by;
  const std::string& updated_at;
};

void append_values(const ReportValues& rv, std::vector<store::DataValueRecord>& values) {
  std::set<std::int64_t> seen;  // an element shared by two forms is written once per unit and period
  for (const auto& section : rv.def.sections) {
    for (auto id : section.element_ids) {
      const auto& e = rv.def.elements.at(id);
      if (!e.numeric() || !seen.insert(id).second) continue;
      // BC_CHIEN_LUOC repeats elements of the annual report: those come from the annual report.
      if (rv.form_code == "BC_CHIEN_LUOC" && (e.element.code == "CB_QUY_HOACH" || e.element.code.starts_with("BL_")))
        continue;
      auto it = rv.v.find(e.element.code);
      if (it == rv.v.end()) continue;
      for (const auto& oc : e.combo.option_combos) {
        const std::string key = e.disaggregated() ? oc.code : "";
        auto cell = it->second.find(key);
        if (cell == it->second.end()) continue;
        store::DataValueRecord dv;
        dv.data_element_id = id;
        dv.period = rv.period;
        dv.unit_id = rv.unit_id;
        dv.option_combo_id = oc.id;
        dv.value = number_text(cell->second, e.element.value_type);
        dv.numeric_value = cell->second;
        dv.updated_by = rv.updated_by;
        dv.updated_at = rv.updated_at;
        values.push_back(std::move(dv));
      }
    }
  }
}

}  // namespace

core::Result<DemoReport> DemoGenerator::generate(DemoScale scale, std::uint64_t seed, const Actor& actor,
                                                 const Progress& progress, int from_year) {
  if (from_year < 2011 || from_year > 2024) {
    return fail(ErrorCode::InvalidValue, "năm bắt đầu phải từ 2011 đến 2024", "the first year must be 2011 to 2024",
                "from");
  }
  const auto started = std::chrono::steady_clock::now();
  DemoReport out;
  // Every timestamp lies in the past: an hour before the generation at the latest.
  const auto latest =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - std::chrono::hours{1};
  auto all = units_with_member_agencies(store_, scale, actor, out);
  if (!all) return Unexpected{std::move(all).error()};
  const Jobs jobs = reporting_jobs(*all, scale);
  std::vector<std::string> period_codes;  // keeps the codes alive for the slots
  const std::vector<Slot> slots = demo_slots(from_year, period_codes);
  std::size_t total_jobs = 0;
  for (const auto& s : slots) total_jobs += (s.former_units ? jobs.former : jobs.current).size();
  std::size_t done_jobs = 0;
  DemoBatch batch{store_, out, {}, {}};
  const std::string by = "demo";
  std::map<std::pair<std::int64_t, int>, Values> first_half;
  for (const auto& slot : slots) {
    auto period = core::Period::parse(slot.period);
    auto def = metadata_.definition(slot.form, *period);
    if (!def && def.error().code == ErrorCode::InvalidValue) continue;  // the form did not exist yet that year
    if (!def) return Unexpected{std::move(def).error()};
    const std::string form_code = slot.form;
    for (const auto& job : slot.former_units ? jobs.former : jobs.current) {
      ++done_jobs;
      if (progress && (done_jobs % 2000 == 0 || done_jobs == total_jobs)) progress("demo", done_jobs, total_jobs);
      if (!(*def)->reported_by(job.unit->unit_type, job.unit->hierarchy)) continue;
      if (form_code == "BC_CHIEN_LUOC" && job.kind != Kind::Province) continue;
      Gen g{std::mt19937_64(seed ^ (static_cast<std::uint64_t>(job.unit->id) * 0x9E3779B97F4A7C15ULL) ^
                            (static_cast<std::uint64_t>(period->year()) << 8) ^
                            static_cast<std::uint64_t>(form_code.size())),
            std::clamp((period->year() - 2021) / 5.0, -1.0, 1.0)};
      const Values v = job_values(g, job, form_code, *period, seed, first_half);
      store::ReportRecord r = job_report(g, **def, job, *period, latest, by);
      const std::string ts = r.updated_at;
      batch.reports.push_back(std::move(r));
      append_values({**def, form_code, v, job.unit->id, period->code(), by, ts}, batch.values);
      if (batch.values.size() >= 200000) TIENBO_TRY(batch.flush());
    }
  }
  TIENBO_TRY(batch.flush());
  {
    auto tx = store_.begin(store::Access::Write);
    if (!tx) return Unexpected{std::move(tx).error()};
    TIENBO_TRY((*tx)->audit().append(
        {actor.login, actor.request_id, "import", "data_value", "demo", std::nullopt, std::nullopt,
         core::JsonObject().add("reports", out.reports).add("values", out.values).add("seed", seed).str()}));
    TIENBO_TRY(commit_and_publish(**tx, changes_, change::kUnits | change::kValues));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace tienbo::services
