// Child protection plans and their reviews: dates, categories of abuse,
// plans against conferences, closures, deaths and each other.
#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "model/codes.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kCpp = "ChildProtectionPlans";

// Flags a plan date later than the child's date of death, with the death date.
void flag_after_death(const Census& c, std::string_view date, Flags& flags) {
  auto children = child_rows(c);
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto it = children.find(p.col("LAchildID").text(r).value_or(""));
    if (it == children.end()) continue;
    auto died = c.table("ChildIdentifiers").col("PersonDeathDate").date(it->second);
    auto d = p.col(date).date(r);
    if (died && d && *d > *died) {
      flags.cell(kCpp, date, r);
      flags.cell("ChildIdentifiers", "PersonDeathDate", it->second);
    }
  }
}

// 1105: a plan does not start before the referral.
void starts_after_referral(const Census& c, Flags& flags) { flag_before_referral(c, kCpp, "CPPstartDate", flags); }

// 8565: nothing happens on an episode after it closes: flags the closure and
// every dated row of its assessments, enquiries, plans and CIN plans with a later date.
void no_activity_after_closure(const Census& c, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string, std::size_t> closed;
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (cin.col("CINclosureDate").date(r)) closed.emplace(episode_key(cin, r), r);
  auto late = [&](std::size_t episode, std::optional<Date> d) { return d && *d > *cin.col("CINclosureDate").date(episode); };
  auto check = [&](std::string_view table, std::initializer_list<std::string_view> dates) {
    const Table& t = c.table(table);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      auto it = closed.find(episode_key(t, r));
      if (it == closed.end()) continue;
      bool after = false;
      for (auto d : dates) after = after || late(it->second, t.col(d).date(r));
      if (!after) continue;
      flags.cells(table, dates, r);
      flags.cells("CINdetails", {"CINclosureDate", "DateOfInitialCPC"}, it->second);
    }
  };
  check("CINdetails", {"DateOfInitialCPC"});
  check("Assessments", {"AssessmentActualStartDate", "AssessmentAuthorisationDate"});
  check("Section47", {"S47ActualStartDate", "DateOfInitialCPC"});
  check(kCpp, {"CPPendDate"});
  check("CINplanDates", {"CINPlanStartDate", "CINPlanEndDate"});
}

// 8720: a plan has a start date no later than the reference date.
void start_present(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    if (p.has("CPPID") && p.col("CPPID").is_null(r)) continue;  // no plan on this row
    auto start = p.col("CPPstartDate").date(r);
    if (!start || *start > c.reference_date) flags.cell(kCpp, "CPPstartDate", r);
  }
}

// 8730: the number of previous plans is a whole number, 0 or more.
void previous_plans_recorded(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto v = p.col("NumberOfPreviousCPP").text(r).value_or("");
    long n = -1;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < 0) flags.cell(kCpp, "NumberOfPreviousCPP", r);
  }
}

// 8832: no plan on a no-further-action referral.
void no_plan_on_nfa(const Census& c, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string, std::size_t> nfa;
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (is_yes(cin.col("ReferralNFA").text(r))) nfa.emplace(episode_key(cin, r), r);
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto it = nfa.find(episode_key(p, r)); it != nfa.end()) {
      flags.cell(kCpp, "LAchildID", r);
      flags.cell("CINdetails", "ReferralNFA", it->second);
    }
}

// 8840: a plan does not start and end on the same day.
void not_same_day(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto s = p.col("CPPstartDate").date(r); s && s == p.col("CPPendDate").date(r)) flags.cells(kCpp, {"CPPstartDate", "CPPendDate"}, r);
}

// 8841: a review is after the plan's start.
void review_after_start(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  std::unordered_map<std::string, std::size_t> plans;
  for (std::size_t r = 0; r < p.rows(); ++r) plans.emplace(key(p, r, {"LAchildID", "CINdetailsID", "CPPID"}), r);
  const Table& rv = c.table("Reviews");
  for (std::size_t r = 0; r < rv.rows(); ++r) {
    auto it = plans.find(key(rv, r, {"LAchildID", "CINdetailsID", "CPPID"}));
    if (it == plans.end()) continue;
    auto review = rv.col("CPPreviewDate").date(r), start = p.col("CPPstartDate").date(it->second);
    if (review && start && *review <= *start) {
      flags.cell("Reviews", "CPPreviewDate", r);
      flags.cell(kCpp, "CPPstartDate", it->second);
    }
  }
}

// 8842Q: a review row has its date.
void review_dated(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table("Reviews").rows(); ++r)
    if (c.table("Reviews").col("CPPreviewDate").is_null(r)) flags.cell("Reviews", "CPPreviewDate", r);
}

// 8905 / 8910: categories of abuse are DfE codes.
void initial_category_valid(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCpp).rows(); ++r)
    if (!from_code<CategoryOfAbuse>(c.table(kCpp).col("InitialCategoryOfAbuse").text(r).value_or("")))
      flags.cell(kCpp, "InitialCategoryOfAbuse", r);
}
void latest_category_valid(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCpp).rows(); ++r)
    if (!from_code<CategoryOfAbuse>(c.table(kCpp).col("LatestCategoryOfAbuse").text(r).value_or("")))
      flags.cell(kCpp, "LatestCategoryOfAbuse", r);
}

// 8915 / 8920: a plan neither starts nor ends after the child's death.
void starts_before_death(const Census& c, Flags& flags) { flag_after_death(c, "CPPstartDate", flags); }
void ends_before_death(const Census& c, Flags& flags) { flag_after_death(c, "CPPendDate", flags); }

// 8925: a plan does not end before it starts.
void ends_after_start(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto s = p.col("CPPstartDate").date(r), e = p.col("CPPendDate").date(r);
    if (s && e && *e < *s) flags.cells(kCpp, {"CPPstartDate", "CPPendDate"}, r);
  }
}

// 8930: an end date falls within the census year.
void ends_in_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCpp).rows(); ++r)
    if (auto e = c.table(kCpp).col("CPPendDate").date(r); e && !c.in_period(*e)) flags.cell(kCpp, "CPPendDate", r);
}

// 8935: a child has at most one open plan per episode.
void one_open_plan(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  for (const auto& [k, rows] : by_episode(p)) {
    std::vector<std::size_t> open;
    for (std::size_t r : rows)
      if (p.col("CPPendDate").is_null(r)) open.push_back(r);
    if (open.size() > 1)
      for (std::size_t r : open) flags.cell(kCpp, "CPPendDate", r);
  }
}

// 8940: a child's plans do not overlap (an open plan runs on; a plan may not start the day another ends).
void plans_do_not_overlap(const Census& c, Flags& flags) {
  flag_overlaps(c.table(kCpp), kCpp, {"LAchildID"}, "CPPstartDate", "CPPendDate", flags,
                {.open_runs_on = true, .touching_overlaps = true});
}

// 2885: a plan starting in the census year starts on the day of its initial
// conference: the DateOfInitialCPC of the episode's Section 47 enquiries that
// needed a conference (ICPCnotRequired not 1), or, when there are none, of the
// CINdetails. Any one matching date is enough; otherwise the plan's start is
// flagged with each date it was compared with that is no plan's start (a
// conference that began another plan of the episode is not wrong).
void starts_at_initial_conference(const Census& c, Flags& flags) {
  const Table& p = c.table(kCpp);
  const Table& s47 = c.table("Section47");
  const Table& cin = c.table("CINdetails");
  Groups enquiries;
  for (std::size_t r = 0; r < s47.rows(); ++r)
    if (!is_yes(s47.col("ICPCnotRequired").text(r))) enquiries[episode_key(s47, r)].push_back(r);
  Groups details = by_episode(cin);
  std::unordered_map<std::string, std::vector<Date>> plan_starts;
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto d = p.col("CPPstartDate").date(r)) plan_starts[episode_key(p, r)].push_back(*d);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto start = p.col("CPPstartDate").date(r);
    if (!start || !c.in_period(*start)) continue;
    std::string key = episode_key(p, r);
    bool from_s47 = enquiries.count(key) > 0;
    const Table& source = from_s47 ? s47 : cin;
    const Groups& groups = from_s47 ? enquiries : details;
    auto it = groups.find(key);
    if (it == groups.end()) continue;  // no conference recorded for the episode to compare with
    bool same_day = false;
    for (std::size_t q : it->second) same_day = same_day || source.col("DateOfInitialCPC").date(q) == start;
    if (same_day) continue;
    flags.cell(kCpp, "CPPstartDate", r);
    const auto& starts = plan_starts[key];
    for (std::size_t q : it->second) {
      auto conference = source.col("DateOfInitialCPC").date(q);
      if (!conference || std::find(starts.begin(), starts.end(), *conference) == starts.end())
        flags.cell(from_s47 ? "Section47" : "CINdetails", "DateOfInitialCPC", q);
    }
  }
}

constexpr Rule kRules[] = {
    {"1105", starts_after_referral},   {"2885", starts_at_initial_conference}, {"8565", no_activity_after_closure}, {"8720", start_present},
    {"8730", previous_plans_recorded}, {"8832", no_plan_on_nfa},            {"8840", not_same_day},
    {"8841", review_after_start},      {"8842Q", review_dated},             {"8905", initial_category_valid},
    {"8910", latest_category_valid},   {"8915", starts_before_death},       {"8920", ends_before_death},
    {"8925", ends_after_start},        {"8930", ends_in_year},              {"8935", one_open_plan},
    {"8940", plans_do_not_overlap},
};

}  // namespace

std::span<const Rule> protection_plan_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
