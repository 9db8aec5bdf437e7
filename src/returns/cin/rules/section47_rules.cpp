// Section 47 enquiries: start and conference dates, conferences on working
// days, and enquiries still open at the year end.
#include <algorithm>
#include <unordered_map>

#include "calendar/calendar.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kS47 = "Section47";

bool weekend(Date d) { return d.weekday() == std::chrono::Saturday || d.weekday() == std::chrono::Sunday; }

// An enquiry is open until its conference or a "not required" decision.
bool open_enquiry(const Table& s, std::size_t r) {
  return s.col("DateOfInitialCPC").is_null(r) && !is_yes(s.col("ICPCnotRequired").text(r));
}

// 1104: a conference is not before the referral.
void conference_after_referral(const Census& c, Flags& flags) { flag_before_referral(c, kS47, "DateOfInitialCPC", flags); }

// 2884: a conference is recorded once, at the enquiry or at the episode, not both.
void conference_recorded_once(const Census& c, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string, std::vector<std::size_t>> at_episode;  // child + date -> CINdetails rows
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (auto d = cin.col("DateOfInitialCPC").text(r)) at_episode[key(cin, r, {"LAchildID", "DateOfInitialCPC"})].push_back(r);
  const Table& s = c.table(kS47);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    if (s.col("DateOfInitialCPC").is_null(r)) continue;
    auto it = at_episode.find(key(s, r, {"LAchildID", "DateOfInitialCPC"}));
    if (it == at_episode.end()) continue;
    flags.cell(kS47, "DateOfInitialCPC", r);
    for (std::size_t cr : it->second) flags.cell("CINdetails", "DateOfInitialCPC", cr);
  }
}

// 2889: an enquiry does not start before the referral.
void enquiry_after_referral(const Census& c, Flags& flags) { flag_before_referral(c, kS47, "S47ActualStartDate", flags); }

// 8615: an enquiry with a conference has a start date no later than it.
void start_before_conference(const Census& c, Flags& flags) {
  const Table& s = c.table(kS47);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    auto conference = s.col("DateOfInitialCPC").date(r);
    auto start = s.col("S47ActualStartDate").date(r);
    if (conference && (!start || *start > *conference)) flags.cells(kS47, {"S47ActualStartDate", "DateOfInitialCPC"}, r);
  }
}

// 8675Q: an open enquiry started 15 or more working days before the year end.
void open_enquiry_overdue(const Census& c, Flags& flags) {
  const Table& s = c.table(kS47);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    auto start = s.col("S47ActualStartDate").date(r);
    if (start && open_enquiry(s, r) && calendar::working_days_between(*start, c.reference_date) >= 15)
      flags.cells(kS47, {"S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"}, r);
  }
}

// 8715: a conference falls within the census year.
void conference_in_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kS47).rows(); ++r)
    if (auto d = c.table(kS47).col("DateOfInitialCPC").date(r); d && !c.in_period(*d)) flags.cell(kS47, "DateOfInitialCPC", r);
}

// 8740: an enquiry still open at the year end started within the year.
void open_enquiry_started_in_year(const Census& c, Flags& flags) {
  const Table& s = c.table(kS47);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    auto start = s.col("S47ActualStartDate").date(r);
    if (start && open_enquiry(s, r) && !c.in_period(*start))
      flags.cells(kS47, {"S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"}, r);
  }
}

// 8839: an episode has at most one open enquiry.
void one_open_enquiry(const Census& c, Flags& flags) {
  const Table& s = c.table(kS47);
  for (const auto& [k, rows] : by_episode(s)) {
    std::vector<std::size_t> open;
    for (std::size_t r : rows)
      if (open_enquiry(s, r)) open.push_back(r);
    if (open.size() > 1)
      for (std::size_t r : open) flags.cell(kS47, "DateOfInitialCPC", r);
  }
}

// The conference target as written: ISO, or the dd-mm-YYYY / dd/mm/YYYY some systems send.
std::optional<Date> target_date(const Table& s, std::size_t r) {
  if (auto d = s.col("InitialCPCtarget").date(r)) return d;
  std::string text(s.col("InitialCPCtarget").text(r).value_or(""));
  std::replace(text.begin(), text.end(), '-', '/');
  return Date::parse_dmy(text);
}

// 8870Q: the conference target date is not a weekend.
void target_on_weekday(const Census& c, Flags& flags) {
  const Table& s = c.table(kS47);
  for (std::size_t r = 0; r < s.rows(); ++r)
    if (auto d = target_date(s, r); d && weekend(*d)) flags.cell(kS47, "InitialCPCtarget", r);
}

// 8875: a conference is not held at a weekend.
void conference_on_weekday(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kS47).rows(); ++r)
    if (auto d = c.table(kS47).col("DateOfInitialCPC").date(r); d && weekend(*d)) flags.cell(kS47, "DateOfInitialCPC", r);
}

constexpr Rule kRules[] = {
    {"1104", conference_after_referral},       {"2884", conference_recorded_once},   {"2889", enquiry_after_referral},
    {"8615", start_before_conference},         {"8675Q", open_enquiry_overdue},       {"8715", conference_in_year},
    {"8740", open_enquiry_started_in_year},    {"8839", one_open_enquiry},            {"8870Q", target_on_weekday},
    {"8875", conference_on_weekday},
};

}  // namespace

std::span<const Rule> section47_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
