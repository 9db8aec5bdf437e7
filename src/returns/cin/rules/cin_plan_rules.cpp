// CIN plans: dates against the referral, the census year, the child's death,
// each other and child protection plans.
#include <unordered_map>

#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kPlan = "CINplanDates";
constexpr std::string_view kStart = "CINPlanStartDate";
constexpr std::string_view kEnd = "CINPlanEndDate";

// 4000: no CIN plan on a no-further-action referral.
void no_plan_on_nfa(const Census& c, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string, std::size_t> nfa;
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (is_yes(cin.col("ReferralNFA").text(r))) nfa.emplace(episode_key(cin, r), r);
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto it = nfa.find(episode_key(p, r)); it != nfa.end()) {
      flags.cell(kPlan, "LAchildID", r);
      flags.cell("CINdetails", "ReferralNFA", it->second);
    }
}

// 4001: an episode does not have a CIN plan and a protection plan both open.
void not_both_open(const Census& c, Flags& flags) {
  const Table& cpp = c.table("ChildProtectionPlans");
  Groups open_cpp;
  for (std::size_t r = 0; r < cpp.rows(); ++r)
    if (cpp.col("CPPendDate").is_null(r)) open_cpp[episode_key(cpp, r)].push_back(r);
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    if (!p.col(kEnd).is_null(r) || p.col(kStart).is_null(r)) continue;
    auto it = open_cpp.find(episode_key(p, r));
    if (it == open_cpp.end()) continue;
    flags.cell(kPlan, kEnd, r);
    for (std::size_t cr : it->second) flags.cell("ChildProtectionPlans", "CPPendDate", cr);
  }
}

// 4003: a protection plan review is not held while a CIN plan is open. A
// review on the protection plan's last day (stepping down to CIN) is allowed.
void review_not_during_cin_plan(const Census& c, Flags& flags) {
  const Table& cpp = c.table("ChildProtectionPlans");
  std::unordered_map<std::string, std::size_t> plans;
  for (std::size_t r = 0; r < cpp.rows(); ++r) plans.emplace(key(cpp, r, {"LAchildID", "CPPID"}), r);
  Groups cin_plans = group_rows(c.table(kPlan), {"LAchildID"});
  const Table& p = c.table(kPlan);
  const Table& rv = c.table("Reviews");
  for (std::size_t r = 0; r < rv.rows(); ++r) {
    auto review = rv.col("CPPreviewDate").date(r);
    auto plan = plans.find(key(rv, r, {"LAchildID", "CPPID"}));
    auto mine = cin_plans.find(child_key(rv, r));
    if (!review || plan == plans.end() || mine == cin_plans.end()) continue;
    auto cpp_end = cpp.col("CPPendDate").date(plan->second);
    if (cpp_end && *review >= *cpp_end) continue;
    for (std::size_t pr : mine->second) {
      auto s = p.col(kStart).date(pr), e = p.col(kEnd).date(pr);
      if (s && *s <= *review && (!e || *review < *e)) {
        flags.cell("Reviews", "CPPreviewDate", r);
        flags.cell("ChildProtectionPlans", "CPPendDate", plan->second);
        flags.cell(kPlan, kStart, pr);
      }
    }
  }
}

// 4004: an episode has at most one open CIN plan.
void one_open_plan(const Census& c, Flags& flags) {
  const Table& p = c.table(kPlan);
  for (const auto& [k, rows] : by_episode(p)) {
    std::vector<std::size_t> open;
    for (std::size_t r : rows)
      if (p.col(kEnd).is_null(r)) open.push_back(r);
    if (open.size() > 1)
      for (std::size_t r : open) flags.cell(kPlan, kEnd, r);
  }
}

// Flags a CIN plan date later than the child's death, with the death date.
void flag_after_death(const Census& c, std::string_view date, Flags& flags) {
  const Table& ids = c.table("ChildIdentifiers");
  std::unordered_map<std::string, std::size_t> children;
  for (std::size_t r = 0; r < ids.rows(); ++r) children.emplace(child_key(ids, r), r);
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto it = children.find(child_key(p, r));
    if (it == children.end()) continue;
    auto died = ids.col("PersonDeathDate").date(it->second);
    auto d = p.col(date).date(r);
    if (died && d && *d > *died) {
      flags.cell(kPlan, date, r);
      flags.cell("ChildIdentifiers", "PersonDeathDate", it->second);
    }
  }
}
void starts_before_death(const Census& c, Flags& flags) { flag_after_death(c, kStart, flags); }  // 4008
void ends_before_death(const Census& c, Flags& flags) { flag_after_death(c, kEnd, flags); }      // 4009Q

// 4010: a CIN plan has a start date no later than the reference date.
void start_present(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kPlan).rows(); ++r)
    if (auto s = c.table(kPlan).col(kStart).date(r); !s || *s > c.reference_date) flags.cell(kPlan, kStart, r);
}

// 4011: a plan does not end before it starts; 4012Q: nor on the day it starts.
void ends_after_start(const Census& c, Flags& flags) {
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto s = p.col(kStart).date(r), e = p.col(kEnd).date(r); s && e && *e < *s) flags.cells(kPlan, {kStart, kEnd}, r);
}
void not_same_day(const Census& c, Flags& flags) {
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r)
    if (auto s = p.col(kStart).date(r); s && s == p.col(kEnd).date(r)) flags.cells(kPlan, {kStart, kEnd}, r);
}

// 4013: an end date falls within the census year.
void ends_in_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kPlan).rows(); ++r)
    if (auto e = c.table(kPlan).col(kEnd).date(r); e && !c.in_period(*e)) flags.cell(kPlan, kEnd, r);
}

// 4014: a child's CIN plans do not overlap.
void plans_do_not_overlap(const Census& c, Flags& flags) {
  flag_overlaps(c.table(kPlan), kPlan, {"LAchildID"}, kStart, kEnd, flags, {.open_runs_on = true, .touching_overlaps = true});
}

// 4015: a plan does not start before the referral.
void starts_after_referral(const Census& c, Flags& flags) { flag_before_referral(c, kPlan, kStart, flags); }

// True when day falls in [start, end); an open end runs on.
bool during(Date day, std::optional<Date> start, std::optional<Date> end) { return start && *start <= day && (!end || day < *end); }

// 4016: a CIN plan does not start while a protection plan runs.
void cin_plan_not_during_cpp(const Census& c, Flags& flags) {
  const Table& cpp = c.table("ChildProtectionPlans");
  Groups by_child = group_rows(cpp, {"LAchildID"});
  const Table& p = c.table(kPlan);
  for (std::size_t r = 0; r < p.rows(); ++r) {
    auto start = p.col(kStart).date(r);
    auto it = by_child.find(child_key(p, r));
    if (!start || it == by_child.end()) continue;
    for (std::size_t cr : it->second)
      if (during(*start, cpp.col("CPPstartDate").date(cr), cpp.col("CPPendDate").date(cr))) {
        flags.cell(kPlan, kStart, r);
        flags.cells("ChildProtectionPlans", {"CPPstartDate", "CPPendDate"}, cr);
      }
  }
}

// 4017: a protection plan does not start while a CIN plan runs.
void cpp_not_during_cin_plan(const Census& c, Flags& flags) {
  const Table& p = c.table(kPlan);
  Groups by_child = group_rows(p, {"LAchildID"});
  const Table& cpp = c.table("ChildProtectionPlans");
  for (std::size_t r = 0; r < cpp.rows(); ++r) {
    auto start = cpp.col("CPPstartDate").date(r);
    auto it = by_child.find(child_key(cpp, r));
    if (!start || it == by_child.end()) continue;
    for (std::size_t pr : it->second)
      if (during(*start, p.col(kStart).date(pr), p.col(kEnd).date(pr))) {
        flags.cell("ChildProtectionPlans", "CPPstartDate", r);
        flags.cells(kPlan, {kStart, kEnd}, pr);
      }
  }
}

constexpr Rule kRules[] = {
    {"4000", no_plan_on_nfa},       {"4001", not_both_open},         {"4003", review_not_during_cin_plan},
    {"4004", one_open_plan},        {"4008", starts_before_death},   {"4009Q", ends_before_death},
    {"4010", start_present},        {"4011", ends_after_start},      {"4012Q", not_same_day},
    {"4013", ends_in_year},         {"4014", plans_do_not_overlap},  {"4015", starts_after_referral},
    {"4016", cin_plan_not_during_cpp}, {"4017", cpp_not_during_cin_plan},
};

}  // namespace

std::span<const Rule> cin_plan_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
