// Assessments: dates against the referral and the census year, open
// assessments, and the parental or child factors recorded at completion.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "calendar/calendar.h"
#include "model/codes.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kA = "Assessments";
constexpr std::string_view kStart = "AssessmentActualStartDate";
constexpr std::string_view kEnd = "AssessmentAuthorisationDate";
constexpr std::string_view kFactors = "AssessmentFactors";

bool has_factor(const std::vector<std::string>& factors, std::string_view code) {
  return std::any_of(factors.begin(), factors.end(), [&](const std::string& f) {
    return f.size() == code.size() && std::equal(f.begin(), f.end(), code.begin(), [](char a, char b) {
             return std::toupper(static_cast<unsigned char>(a)) == b;
           });
  });
}

// 1103: an assessment does not start before the referral.
void starts_after_referral(const Census& c, Flags& flags) { flag_before_referral(c, kA, kStart, flags); }

// 8608: an assessment is not completed before it starts.
void ends_after_start(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r) {
    auto start = a.col(kStart).date(r), end = a.col(kEnd).date(r);
    if (start && end && *end < *start) flags.cells(kA, {kStart, kEnd}, r);
  }
}

// 8614: factors are recorded only on completed assessments.
void factors_only_when_complete(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r)
    if (a.col(kEnd).is_null(r) && !a.col(kFactors).is_null(r)) flags.cells(kA, {kEnd, kFactors}, r);
}

// 8670Q: an open assessment started 45 or more working days before the year end.
void open_assessment_overdue(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r) {
    auto start = a.col(kStart).date(r);
    if (start && a.col(kEnd).is_null(r) && calendar::working_days_between(*start, c.reference_date) >= 45)
      flags.cells(kA, {kStart, kEnd}, r);
  }
}

// 8696: a completion date falls within the census year.
void completed_in_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kA).rows(); ++r)
    if (auto d = c.table(kA).col(kEnd).date(r); d && !c.in_period(*d)) flags.cell(kA, kEnd, r);
}

// 8736: an open assessment started within the census year.
void open_assessment_started_in_year(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r)
    if (auto start = a.col(kStart).date(r); start && a.col(kEnd).is_null(r) && !c.in_period(*start)) flags.cells(kA, {kStart, kEnd}, r);
}

// 8863Q: an assessment does not start while another of the episode runs.
void assessments_do_not_overlap(const Census& c, Flags& flags) {
  flag_overlaps(c.table(kA), kA, {"LAchildID", "CINdetailsID"}, kStart, kEnd, flags, {.open_runs_on = true});
}

// 8869: factor 21 (no factors identified) stands alone in an assessment.
// Rows are grouped by assessment (and completion), so files with one factor per row work too.
void factor_21_alone(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (const auto& [k, rows] : group_rows(a, {"LAchildID", "CINdetailsID", "AssessmentID", kEnd})) {
    bool has_21 = std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return has_factor(a.col(kFactors).list(r), "21"); });
    if (!has_21) continue;
    for (std::size_t r : rows) {
      const auto& factors = a.col(kFactors).list(r);
      if (std::any_of(factors.begin(), factors.end(), [](const std::string& f) { return f != "21"; })) flags.cell(kA, kFactors, r);
    }
  }
}

// 8873Q: an episode whose only assessment found no factors (21) closes with RC8 or RC9.
void no_factors_closes_after_assessment(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  Groups assessments = by_episode(a);
  const Table& cin = c.table("CINdetails");
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto it = assessments.find(episode_key(cin, r));
    if (it == assessments.end() || it->second.size() != 1) continue;
    std::size_t ar = it->second.front();
    auto reason = cin.col("ReasonForClosure").text(r);
    if (has_factor(a.col(kFactors).list(ar), "21") && reason != "RC8" && reason != "RC9") {
      flags.cell(kA, kFactors, ar);
      flags.cell("CINdetails", "ReasonForClosure", r);
    }
  }
}

// 8896: an episode has at most one open assessment.
void one_open_assessment(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (const auto& [k, rows] : by_episode(a)) {
    std::vector<std::size_t> open;
    for (std::size_t r : rows)
      if (a.col(kEnd).is_null(r)) open.push_back(r);
    if (open.size() > 1)
      for (std::size_t r : open) flags.cell(kA, kEnd, r);
  }
}

// 8897Q: an assessment completed in the year records at least one valid factor.
void completed_assessment_has_factors(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r) {
    auto end = a.col(kEnd).date(r);
    if (!end || !c.in_period(*end)) continue;
    const auto& factors = a.col(kFactors).list(r);
    if (std::none_of(factors.begin(), factors.end(), [](const std::string& f) { return from_code<AssessmentFactor>(f).has_value(); }))
      flags.cells(kA, {kEnd, kFactors}, r);
  }
}

// 8898: an assessment lists each factor once.
void factors_distinct(const Census& c, Flags& flags) {
  const Table& a = c.table(kA);
  for (std::size_t r = 0; r < a.rows(); ++r) {
    std::vector<std::string> factors = a.col(kFactors).list(r);
    std::sort(factors.begin(), factors.end());
    if (std::adjacent_find(factors.begin(), factors.end()) != factors.end()) flags.cell(kA, kFactors, r);
  }
}

// 8945Q / 8950Q: the retired factors 18A and 19A (now 18B/18C and 19B/19C).
void no_factor_18a(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kA).rows(); ++r)
    if (has_factor(c.table(kA).col(kFactors).list(r), "18A")) flags.cell(kA, kFactors, r);
}
void no_factor_19a(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kA).rows(); ++r)
    if (has_factor(c.table(kA).col(kFactors).list(r), "19A")) flags.cell(kA, kFactors, r);
}

constexpr Rule kRules[] = {
    {"1103", starts_after_referral},
    {"8608", ends_after_start},
    {"8614", factors_only_when_complete},
    {"8670Q", open_assessment_overdue},
    {"8696", completed_in_year},
    {"8736", open_assessment_started_in_year},
    {"8863Q", assessments_do_not_overlap},
    {"8869", factor_21_alone},
    {"8873Q", no_factors_closes_after_assessment},
    {"8896", one_open_assessment},
    {"8897Q", completed_assessment_has_factors},
    {"8898", factors_distinct},
    {"8945Q", no_factor_18a},
    {"8950Q", no_factor_19a},
};

}  // namespace

std::span<const Rule> assessment_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
