// CIN episodes (CINdetails): referral and closure dates, codes, the
// no-further-action flag, and the activity an episode's closure reason allows.
#include <unordered_map>
#include <unordered_set>

#include "calendar/calendar.h"
#include "model/codes.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kCin = "CINdetails";

bool closed_after_assessment(std::optional<std::string_view> reason) { return reason == "RC8" || reason == "RC9"; }

// Flags, for each episode the predicate picks, the activity recorded on it
// (rows of the tables, dated ones only when dated_only) and its own
// DateOfInitialCPC column.
template <typename Pick>
void flag_activity(const Census& c, Flags& flags, Pick pick, bool dated_only) {
  const Table& cin = c.table(kCin);
  std::unordered_map<std::string, std::size_t> picked;
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (pick(cin, r)) picked.emplace(episode_key(cin, r), r);
  if (picked.empty()) return;
  std::unordered_set<std::size_t> active;
  auto scan = [&](std::string_view table, std::initializer_list<std::string_view> dates) {
    const Table& t = c.table(table);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      auto it = picked.find(episode_key(t, r));
      if (it == picked.end()) continue;
      bool dated = false;
      for (auto d : dates) dated = dated || !t.col(d).is_null(r);
      if (dated_only && !dated) continue;
      active.insert(it->second);
      flags.cell(table, "LAchildID", r);
    }
  };
  scan("Assessments", {"AssessmentActualStartDate", "AssessmentAuthorisationDate"});
  scan("Section47", {"S47ActualStartDate", "DateOfInitialCPC"});
  scan("ChildProtectionPlans", {"CPPstartDate", "CPPendDate"});
  scan("CINplanDates", {"CINPlanStartDate", "CINPlanEndDate"});
  for (const auto& [k, r] : picked)
    if (active.count(r) || !cin.col("DateOfInitialCPC").is_null(r)) flags.cell(kCin, "DateOfInitialCPC", r);
}

// 2990: an episode closed after assessment (RC8, RC9) has no plans, enquiries or conferences.
void no_activity_after_assessment_closure(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  std::unordered_map<std::string, std::size_t> picked;
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (closed_after_assessment(cin.col("ReasonForClosure").text(r))) picked.emplace(episode_key(cin, r), r);
  std::unordered_set<std::size_t> active;
  for (std::string_view table : {"Section47", "ChildProtectionPlans", "CINplanDates"}) {
    const Table& t = c.table(table);
    for (std::size_t r = 0; r < t.rows(); ++r)
      if (auto it = picked.find(episode_key(t, r)); it != picked.end()) {
        active.insert(it->second);
        flags.cell(table, "LAchildID", r);
      }
  }
  for (const auto& [k, r] : picked)
    if (active.count(r) || !cin.col("DateOfInitialCPC").is_null(r)) flags.cell(kCin, "DateOfInitialCPC", r);
}

// 2991Q: an episode with a section 47 enquiry has an assessment.
void s47_has_assessment(const Census& c, Flags& flags) {
  std::unordered_set<std::string> assessed;
  const Table& a = c.table("Assessments");
  for (std::size_t r = 0; r < a.rows(); ++r) assessed.insert(episode_key(a, r));
  const Table& s = c.table("Section47");
  for (std::size_t r = 0; r < s.rows(); ++r)
    if (!assessed.count(episode_key(s, r))) flags.cell("Section47", "LAchildID", r);
}

// 8555Q: no referral after the child's death.
void referral_before_death(const Census& c, Flags& flags) {
  auto children = child_rows(c);
  const Table& ids = c.table("ChildIdentifiers");
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto it = children.find(cin.col("LAchildID").text(r).value_or(""));
    if (it == children.end()) continue;
    auto died = ids.col("PersonDeathDate").date(it->second);
    auto referred = cin.col("CINreferralDate").date(r);
    if (died && referred && *referred > *died) {
      flags.cell(kCin, "CINreferralDate", r);
      flags.cell("ChildIdentifiers", "PersonDeathDate", it->second);
    }
  }
}

// 8568: ReferralNFA is present and a yes/no value.
void nfa_flag_valid(const Census& c, Flags& flags) {
  const Column& nfa = c.table(kCin).col("ReferralNFA");
  for (std::size_t r = 0; r < c.table(kCin).rows(); ++r)
    if (!is_yes(nfa.text(r)) && !is_no(nfa.text(r))) flags.cell(kCin, "ReferralNFA", r);
}

// 8569Q: a referral made before the working day preceding the collection
// year cannot be a no-further-action referral in this census.
void old_referral_not_nfa(const Census& c, Flags& flags) {
  Date cutoff = calendar::add_working_days(c.period_start, -1);
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto referred = cin.col("CINreferralDate").date(r);
    if (referred && *referred < cutoff && is_yes(cin.col("ReferralNFA").text(r))) flags.cell(kCin, "CINreferralDate", r);
  }
}

// 8585Q: closure reason RC2 (died) needs the child's date of death.
void died_has_death_date(const Census& c, Flags& flags) {
  auto children = child_rows(c);
  const Table& ids = c.table("ChildIdentifiers");
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    if (cin.col("ReasonForClosure").text(r) != "RC2") continue;
    auto it = children.find(cin.col("LAchildID").text(r).value_or(""));
    if (it == children.end() || !ids.col("PersonDeathDate").is_null(it->second)) continue;
    flags.cell(kCin, "ReasonForClosure", r);
    flags.cell("ChildIdentifiers", "PersonDeathDate", it->second);
  }
}

// 8600: a referral date is present and no later than the reference date.
void referral_date_valid(const Census& c, Flags& flags) {
  const Column& d = c.table(kCin).col("CINreferralDate");
  for (std::size_t r = 0; r < c.table(kCin).rows(); ++r)
    if (!d.date(r) || *d.date(r) > c.reference_date) flags.cell(kCin, "CINreferralDate", r);
}

// 8606: a referral is no more than 40 weeks before the (expected) birth.
void referral_not_long_before_birth(const Census& c, Flags& flags) {
  auto children = child_rows(c);
  const Table& ids = c.table("ChildIdentifiers");
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto it = children.find(cin.col("LAchildID").text(r).value_or(""));
    auto referred = cin.col("CINreferralDate").date(r);
    if (it == children.end() || !referred) continue;
    auto birth = ids.col("PersonBirthDate").date(it->second);
    if (!birth) birth = ids.col("ExpectedPersonBirthDate").date(it->second);
    if (birth && *referred < birth->plus_days(-40 * 7)) {
      flags.cell(kCin, "CINreferralDate", r);
      flags.cells("ChildIdentifiers", {"PersonBirthDate", "ExpectedPersonBirthDate"}, it->second);
    }
  }
}

// 8610: a referral that led to further action has a primary need code.
void primary_need_present(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (is_no(cin.col("ReferralNFA").text(r)) && cin.col("PrimaryNeedCode").is_null(r))
      flags.cells(kCin, {"PrimaryNeedCode", "ReferralNFA"}, r);
}

// 8620: a closure date falls within the census year.
void closure_in_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCin).rows(); ++r)
    if (auto d = c.table(kCin).col("CINclosureDate").date(r); d && !c.in_period(*d)) flags.cell(kCin, "CINclosureDate", r);
}

// 8630: an episode closes no earlier than its referral.
void closure_after_referral(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto referred = cin.col("CINreferralDate").date(r), closed = cin.col("CINclosureDate").date(r);
    if (referred && closed && *closed < *referred) flags.cells(kCin, {"CINclosureDate", "CINreferralDate"}, r);
  }
}

// 8640: a closure reason is a DfE code.
void closure_reason_valid(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCin).rows(); ++r)
    if (auto v = c.table(kCin).col("ReasonForClosure").text(r); v && !from_code<ReasonForClosure>(*v))
      flags.cell(kCin, "ReasonForClosure", r);
}

// 8650: a primary need is a DfE code.
void primary_need_valid(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kCin).rows(); ++r)
    if (auto v = c.table(kCin).col("PrimaryNeedCode").text(r); v && !from_code<PrimaryNeed>(*v))
      flags.cell(kCin, "PrimaryNeedCode", r);
}

// 8805 / 8810: a closure date and a closure reason come together.
void closure_has_reason(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (!cin.col("CINclosureDate").is_null(r) && cin.col("ReasonForClosure").is_null(r))
      flags.cells(kCin, {"CINclosureDate", "ReasonForClosure"}, r);
}
void reason_has_closure(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (cin.col("CINclosureDate").is_null(r) && !cin.col("ReasonForClosure").is_null(r))
      flags.cells(kCin, {"CINclosureDate", "ReasonForClosure"}, r);
}

bool open_and_acted_on(const Table& cin, std::size_t r) {
  return cin.col("CINclosureDate").is_null(r) && !is_yes(cin.col("ReferralNFA").text(r));
}

// 8815: a child has at most one open episode that is not a no-further-action referral.
void one_open_episode(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (const auto& [child, rows] : group_rows(cin, {"LAchildID"})) {
    std::vector<std::size_t> open;
    for (std::size_t r : rows)
      if (open_and_acted_on(cin, r)) open.push_back(r);
    if (open.size() > 1)
      for (std::size_t r : open) flags.cell(kCin, "CINclosureDate", r);
  }
}

// 8816: an open episode (not NFA) is the child's latest; flags it and the latest.
void open_episode_is_latest(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  const Column& referred = cin.col("CINreferralDate");
  for (const auto& [child, rows] : group_rows(cin, {"LAchildID"})) {
    std::optional<std::size_t> latest;  // the first of the latest referrals
    for (std::size_t r : rows)
      if (referred.date(r) && (!latest || *referred.date(r) > *referred.date(*latest))) latest = r;
    if (!latest) continue;
    bool found = false;
    for (std::size_t r : rows)
      if (r != *latest && referred.date(r) && open_and_acted_on(cin, r)) {
        flags.cell(kCin, "CINreferralDate", r);
        found = true;
      }
    if (found) flags.cell(kCin, "CINreferralDate", *latest);
  }
}

// 8820: a child's episodes do not overlap.
void episodes_do_not_overlap(const Census& c, Flags& flags) {
  flag_overlaps(c.table(kCin), kCin, {"LAchildID"}, "CINreferralDate", "CINclosureDate", flags);
}

// 8825Q: an episode closed after assessment (RC8, RC9) has an assessment.
void assessment_closure_has_assessment(const Census& c, Flags& flags) {
  std::unordered_set<std::string> assessed;
  const Table& a = c.table("Assessments");
  for (std::size_t r = 0; r < a.rows(); ++r) assessed.insert(episode_key(a, r));
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (closed_after_assessment(cin.col("ReasonForClosure").text(r)) && !assessed.count(episode_key(cin, r)))
      flags.cell(kCin, "ReasonForClosure", r);
}

// 8831: a no-further-action referral has no dated assessments, enquiries, plans or conferences.
void no_activity_on_nfa(const Census& c, Flags& flags) {
  flag_activity(c, flags, [](const Table& cin, std::size_t r) { return is_yes(cin.col("ReferralNFA").text(r)); }, true);
}

// 8866: referrals from April 2013 (when the source codes began) have a valid source.
void referral_source_valid(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto referred = cin.col("CINreferralDate").date(r);
    if (referred && *referred >= Date::ymd(2013, 4, 1) && !from_code<ReferralSource>(cin.col("ReferralSource").text(r).value_or("")))
      flags.cells(kCin, {"CINreferralDate", "ReferralSource"}, r);
  }
}

// 8867: a closed episode's assessments are completed (authorised).
void closed_episode_assessments_complete(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  const Table& a = c.table("Assessments");
  Groups assessments = by_episode(a);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    if (cin.col("CINclosureDate").is_null(r)) continue;
    auto it = assessments.find(episode_key(cin, r));
    if (it == assessments.end()) continue;
    for (std::size_t ar : it->second)
      if (a.col("AssessmentAuthorisationDate").is_null(ar)) {
        flags.cell("Assessments", "AssessmentAuthorisationDate", ar);
        flags.cell(kCin, "CINclosureDate", r);
      }
  }
}

// 8868: a closed episode's enquiries are completed: either a conference date
// or "conference not required", not both and not neither.
void closed_episode_s47_complete(const Census& c, Flags& flags) {
  const Table& cin = c.table(kCin);
  const Table& s = c.table("Section47");
  Groups enquiries = by_episode(s);
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    if (cin.col("CINclosureDate").is_null(r)) continue;
    auto it = enquiries.find(episode_key(cin, r));
    if (it == enquiries.end()) continue;
    for (std::size_t sr : it->second)
      if (!s.col("DateOfInitialCPC").is_null(sr) == is_yes(s.col("ICPCnotRequired").text(sr))) {
        flags.cells("Section47", {"DateOfInitialCPC", "ICPCnotRequired"}, sr);
        flags.cell(kCin, "CINclosureDate", r);
      }
  }
}

// 8890: a child's section 47 enquiries do not overlap (an enquiry runs to its conference).
void enquiries_do_not_overlap(const Census& c, Flags& flags) {
  flag_overlaps(c.table("Section47"), "Section47", {"LAchildID"}, "S47ActualStartDate", "DateOfInitialCPC", flags);
}

constexpr Rule kRules[] = {
    {"2990", no_activity_after_assessment_closure},
    {"2991Q", s47_has_assessment},
    {"8555Q", referral_before_death},
    {"8568", nfa_flag_valid},
    {"8569Q", old_referral_not_nfa},
    {"8585Q", died_has_death_date},
    {"8600", referral_date_valid},
    {"8606", referral_not_long_before_birth},
    {"8610", primary_need_present},
    {"8620", closure_in_year},
    {"8630", closure_after_referral},
    {"8640", closure_reason_valid},
    {"8650", primary_need_valid},
    {"8805", closure_has_reason},
    {"8810", reason_has_closure},
    {"8815", one_open_episode},
    {"8816", open_episode_is_latest},
    {"8820", episodes_do_not_overlap},
    {"8825Q", assessment_closure_has_assessment},
    {"8831", no_activity_on_nfa},
    {"8866", referral_source_valid},
    {"8867", closed_episode_assessments_complete},
    {"8868", closed_episode_s47_complete},
    {"8890", enquiries_do_not_overlap},
};

}  // namespace

std::span<const Rule> cin_details_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
