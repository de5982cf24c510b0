#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

constexpr std::string_view kCommitteeCols =
    "id, unit_id, name_vi, name_en, standing_agency_id, decision_number, decision_date, established_on, dissolved_on";
constexpr std::string_view kMemberCols =
    "id, committee_id, full_name, sex, position, agency_unit_id, role, decision_number, decision_date, term_start,"
    " term_end, appointed_in, ended_in";

std::vector<CommitteeRecord> read_committees(const db::Rows& r) {
  std::vector<CommitteeRecord> out;
  const auto id = r.column("id");
  const auto unit_id = r.column("unit_id");
  const auto name_vi = r.column("name_vi");
  const auto name_en = r.column("name_en");
  const auto standing_agency_id = r.column("standing_agency_id");
  const auto decision_number = r.column("decision_number");
  const auto decision_date = r.column("decision_date");
  const auto established_on = r.column("established_on");
  const auto dissolved_on = r.column("dissolved_on");
  for (std::size_t i = 0; i < r.size(); ++i) {
    CommitteeRecord c;
    c.id = r.get_int(i, id);
    c.unit_id = r.get_int(i, unit_id);
    c.name_vi = r.get_text(i, name_vi);
    c.name_en = r.get_text(i, name_en);
    c.standing_agency_id = opt_int_at(r, i, standing_agency_id);
    c.decision_number = r.get_text(i, decision_number);
    c.decision_date = r.get_text(i, decision_date);
    c.established_on = r.get_text(i, established_on);
    c.dissolved_on = r.get_optional_text(i, dissolved_on);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<MemberRecord>> read_members(const db::Rows& r) {
  std::vector<MemberRecord> out;
  const auto id = r.column("id");
  const auto committee_id = r.column("committee_id");
  const auto full_name = r.column("full_name");
  const auto sex = r.column("sex");
  const auto position = r.column("position");
  const auto agency_unit_id = r.column("agency_unit_id");
  const auto role_col = r.column("role");
  const auto decision_number = r.column("decision_number");
  const auto decision_date = r.column("decision_date");
  const auto term_start = r.column("term_start");
  const auto term_end = r.column("term_end");
  const auto appointed_in = r.column("appointed_in");
  const auto ended_in = r.column("ended_in");
  for (std::size_t i = 0; i < r.size(); ++i) {
    MemberRecord m;
    m.id = r.get_int(i, id);
    m.committee_id = r.get_int(i, committee_id);
    m.full_name = r.get_text(i, full_name);
    m.sex = r.get_text(i, sex);
    m.position = r.get_text(i, position);
    m.agency_unit_id = opt_int_at(r, i, agency_unit_id);
    auto role = enum_at(r, i, role_col, &core::parse_member_role, "committee_member.role");
    if (!role) return Unexpected{std::move(role).error()};
    m.role = *role;
    m.decision_number = r.get_text(i, decision_number);
    m.decision_date = r.get_text(i, decision_date);
    m.term_start = r.get_text(i, term_start);
    m.term_end = r.get_optional_text(i, term_end);
    m.appointed_in = opt_int_at(r, i, appointed_in);
    m.ended_in = opt_int_at(r, i, ended_in);
    out.push_back(std::move(m));
  }
  return out;
}

class SqlCommitteeRepository final : public CommitteeRepository {
 public:
  SqlCommitteeRepository(db::Connection& c, ReportDataWrites* writes) : c_(c), writes_(writes) {}

  Result<std::int64_t> insert(const CommitteeRecord& c) override {
    if (writes_ != nullptr) writes_->everything();
    const std::string ts = now();
    auto r = c_.query(
        "INSERT INTO committee (unit_id, name_vi, name_en, standing_agency_id, decision_number, decision_date,"
        " established_on, dissolved_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
        " RETURNING id",
        {c.unit_id, std::string_view(c.name_vi), std::string_view(c.name_en), opt_int(c.standing_agency_id),
         std::string_view(c.decision_number), std::string_view(c.decision_date), std::string_view(c.established_on),
         opt_text(c.dissolved_on), std::string_view(ts)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<void> update(const CommitteeRecord& c) override {
    if (writes_ != nullptr) writes_->everything();
    const std::string ts = now();
    auto n = c_.execute(
        "UPDATE committee SET name_vi = $2, name_en = $3, standing_agency_id = $4, decision_number = $5,"
        " decision_date = $6, established_on = $7, dissolved_on = $8, updated_at = $9 WHERE id = $1",
        {c.id, std::string_view(c.name_vi), std::string_view(c.name_en), opt_int(c.standing_agency_id),
         std::string_view(c.decision_number), std::string_view(c.decision_date), std::string_view(c.established_on),
         opt_text(c.dissolved_on), std::string_view(ts)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<std::optional<CommitteeRecord>> find(std::int64_t id) override {
    auto r = c_.query("SELECT " + std::string(kCommitteeCols) + " FROM committee WHERE id = $1", {id});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_committees(*r);
    if (list.empty()) return std::optional<CommitteeRecord>{};
    return std::optional<CommitteeRecord>(std::move(list.front()));
  }

  Result<std::vector<CommitteeRecord>> list_for_unit(std::int64_t unit_id) override {
    auto r =
        c_.query("SELECT " + std::string(kCommitteeCols) + " FROM committee WHERE unit_id = $1 ORDER BY id", {unit_id});
    if (!r) return Unexpected{std::move(r).error()};
    return read_committees(*r);
  }

  Result<std::int64_t> insert_consolidation(const ConsolidationRecord& c) override {
    if (writes_ != nullptr) writes_->everything();
    const std::string ts = now();
    auto r = c_.query(
        "INSERT INTO committee_consolidation (committee_id, decision_number, decision_date, effective_date, note,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {c.committee_id, std::string_view(c.decision_number), std::string_view(c.decision_date),
         std::string_view(c.effective_date), std::string_view(c.note), std::string_view(ts)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::vector<ConsolidationRecord>> consolidations(std::int64_t committee_id) override {
    auto r = c_.query(
        "SELECT id, committee_id, decision_number, decision_date, effective_date, note FROM committee_consolidation"
        " WHERE committee_id = $1 ORDER BY effective_date, id",
        {committee_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<ConsolidationRecord> out;
    const auto id = r->column("id");
    const auto committee = r->column("committee_id");
    const auto number = r->column("decision_number");
    const auto date = r->column("decision_date");
    const auto effective = r->column("effective_date");
    const auto note = r->column("note");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, id), r->get_int(i, committee), r->get_text(i, number), r->get_text(i, date),
                     r->get_text(i, effective), r->get_text(i, note)});
    }
    return out;
  }

  Result<std::int64_t> insert_member(const MemberRecord& m) override {
    if (writes_ != nullptr) writes_->everything();
    const std::string ts = now();
    auto r = c_.query(
        "INSERT INTO committee_member (committee_id, full_name, sex, position, agency_unit_id, role, decision_number,"
        " decision_date, term_start, term_end, appointed_in, ended_in, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        {m.committee_id, std::string_view(m.full_name), std::string_view(m.sex), std::string_view(m.position),
         opt_int(m.agency_unit_id), core::to_string(m.role), std::string_view(m.decision_number),
         std::string_view(m.decision_date), std::string_view(m.term_start), opt_text(m.term_end),
         opt_int(m.appointed_in), opt_int(m.ended_in), std::string_view(ts)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::optional<MemberRecord>> find_member(std::int64_t id) override {
    auto r = c_.query("SELECT " + std::string(kMemberCols) + " FROM committee_member WHERE id = $1", {id});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_members(*r);
    if (!list) return Unexpected{std::move(list).error()};
    if (list->empty()) return std::optional<MemberRecord>{};
    return std::optional<MemberRecord>(std::move(list->front()));
  }

  Result<void> end_member(std::int64_t member_id, std::string_view term_end,
                          std::optional<std::int64_t> ended_in) override {
    if (writes_ != nullptr) writes_->everything();
    auto n = c_.execute("UPDATE committee_member SET term_end = $2, ended_in = $3 WHERE id = $1",
                        {member_id, term_end, opt_int(ended_in)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<std::vector<MemberRecord>> members(std::int64_t committee_id, std::optional<std::string> as_of) override {
    auto r = as_of ? c_.query("SELECT " + std::string(kMemberCols) +
                                  " FROM committee_member WHERE committee_id = $1 AND term_start <= $2"
                                  " AND (term_end IS NULL OR term_end >= $2) ORDER BY id",
                              {committee_id, std::string_view(*as_of)})
                   : c_.query("SELECT " + std::string(kMemberCols) +
                                  " FROM committee_member WHERE committee_id = $1 ORDER BY term_start, id",
                              {committee_id});
    if (!r) return Unexpected{std::move(r).error()};
    return read_members(*r);
  }

 private:
  db::Connection& c_;
  ReportDataWrites* writes_ = nullptr;  // every change here may reach any report
};

}  // namespace

std::unique_ptr<CommitteeRepository> make_committee_repository(db::Connection& c, ReportDataWrites* writes) {
  return std::make_unique<SqlCommitteeRepository>(c, writes);
}

}  // namespace tienbo::store::sql
