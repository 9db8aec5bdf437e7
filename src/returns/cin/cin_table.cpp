#include "returns/cin/cin_table.h"

#include <algorithm>
#include <cctype>

namespace kith::returns::cin {
namespace {

// xs:date may carry a time zone ("2026-03-31Z", "2026-03-31+01:00"); the day is what counts.
std::optional<Date> parse_census_date(std::string_view s) {
  if (s.size() > 10 && (s[10] == 'Z' || s[10] == '+' || s[10] == '-')) s = s.substr(0, 10);
  return Date::parse_iso(s);
}

bool contains_date(std::string_view name) {
  static constexpr std::string_view kDate = "date";
  auto it = std::search(name.begin(), name.end(), kDate.begin(), kDate.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != name.end();
}

}  // namespace

Column::Kind column_kind(std::string_view name) {
  if (name == "AssessmentFactors") return Column::Kind::kList;
  if (name == "InitialCPCtarget") return Column::Kind::kDate;  // a date, though its name does not say so
  // The reference importer parses every column whose name mentions a date, and so do we.
  return contains_date(name) ? Column::Kind::kDate : Column::Kind::kText;
}

void Column::push(std::optional<std::string> cell) {
  if (cell && cell->empty()) cell.reset();  // an empty element is a missing one
  present_.push_back(cell.has_value());
  if (kind_ == Kind::kDate) dates_.push_back(cell ? parse_census_date(*cell) : std::nullopt);
  if (kind_ == Kind::kList) lists_.push_back(cell ? std::vector<std::string>{*cell} : std::vector<std::string>{});
  text_.push_back(cell ? std::move(*cell) : std::string());
}

void Column::push_list(std::vector<std::string> codes) {
  present_.push_back(false);
  text_.emplace_back();
  if (kind_ == Kind::kDate) dates_.emplace_back();
  lists_.push_back(std::move(codes));
}

std::optional<std::string_view> Column::text(std::size_t row) const {
  if (row >= present_.size() || !present_[row]) return std::nullopt;
  return std::string_view(text_[row]);
}

std::optional<Date> Column::date(std::size_t row) const {
  if (kind_ != Kind::kDate || row >= dates_.size()) return std::nullopt;
  return dates_[row];
}

const std::vector<std::string>& Column::list(std::size_t row) const {
  static const std::vector<std::string> kNone;
  return kind_ == Kind::kList && row < lists_.size() ? lists_[row] : kNone;
}

Table::Table(std::vector<std::string> column_names) {
  for (auto& name : column_names) {
    if (index_.count(name)) continue;
    index_.emplace(name, columns_.size());
    columns_.emplace_back(column_kind(name));
    names_.push_back(name);
  }
}

const Column& Table::col(std::string_view name) const {
  static const Column kMissing;
  auto it = index_.find(name);
  return it == index_.end() ? kMissing : columns_[it->second];
}

const Table& CinReturn::table(std::string_view name) const {
  static const Table kEmpty;
  auto it = tables_.find(name);
  return it == tables_.end() ? kEmpty : it->second;
}

Table& CinReturn::add_table(const std::string& name, std::vector<std::string> column_names) {
  return tables_.insert_or_assign(name, Table(std::move(column_names))).first->second;
}

Date CinReturn::reference_date(Date fallback) const {
  auto d = table("Header").col("ReferenceDate").date(0);
  return d ? *d : fallback;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& census_tables() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kTables = {
      {"Header", {"Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"}},
      {"ChildIdentifiers", {"LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "PersonDeathDate"}},
      {"ChildCharacteristics", {"LAchildID", "Ethnicity"}},
      {"Disabilities", {"LAchildID", "Disability"}},
      {"CINdetails", {"LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                      "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"}},
      {"Assessments", {"LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate", "AssessmentInternalReviewDate",
                       "AssessmentAuthorisationDate", "AssessmentFactors"}},
      {"AssessmentFactorsList", {"LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"}},
      {"CINplanDates", {"LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"}},
      {"Section47", {"LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"}},
      {"ChildProtectionPlans", {"LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                                "LatestCategoryOfAbuse", "NumberOfPreviousCPP"}},
      {"Reviews", {"LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"}},
  };
  return kTables;
}

}  // namespace kith::returns::cin
