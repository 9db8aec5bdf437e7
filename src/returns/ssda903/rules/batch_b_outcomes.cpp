// Reviews, health and offending (OC2) and previous permanence (PrevPerm) rules (batch B).
#include <charconv>
#include <string>
#include <tuple>

#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Flags reviews whose participation code is one of `codes` and bad(age at the review) holds.
template <typename Bad>
void check_review_age(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> codes, Bad bad) {
  const Table* t = with_columns(in, "Reviews", {"DOB", "REVIEW", "REVIEW_CODE"});
  if (!t) return;
  out.checked(*t);
  const Column &dob = col(*t, "DOB"), &review = col(*t, "REVIEW"), &code = col(*t, "REVIEW_CODE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_one_of(code[i], codes) && known(dob.date(i)) && known(review.date(i)) && bad(age_on(dob.date(i), review.date(i)))) out.add(*t, i);
}

// PN0 is "child aged under 4 at the time of the review".
KITH_903_RULE("440", kBothRuleSets) {
  check_review_age(in, out, {"PN0"}, [](int age) { return age >= 4; });
}
KITH_903_RULE("441", kBothRuleSets) {
  check_review_age(in, out, {"PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"}, [](int age) { return age < 4; });
}

// Flags OC2 rows of the 12-month cohort whose age at 31 March satisfies bad_age and `field` is blank (or, with filled, completed).
template <typename BadAge>
void check_cohort_field(const RuleInput& in, Flags& out, std::string_view field, bool filled, BadAge bad_age) {
  const Table* t = with_columns(in, "OC2", {"CHILD", "DOB", field});
  const std::optional<Day> end = in.meta().collection_end;
  if (!t || !end || !with_columns(in, "Episodes", {"CHILD", "DECOM"})) return;
  out.checked(*t);
  ChildSet cohort = looked_after_12_months(in);
  const Column &child = col(*t, "CHILD"), &dob = col(*t, "DOB"), &f = col(*t, field);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (f.null(i) != filled && known(dob.date(i)) && cohort.count(child[i]) && bad_age(age_on(dob.date(i), *end))) out.add(*t, i);
}

KITH_903_RULE("543", kBothRuleSets) {
  check_cohort_field(in, out, "CONVICTED", false, [](int age) { return age >= 10; });
}
KITH_903_RULE("545", kBothRuleSets) {
  check_cohort_field(in, out, "HEALTH_CHECK", false, [](int age) { return age < 5; });
}
KITH_903_RULE("546", kBothRuleSets) {
  check_cohort_field(in, out, "HEALTH_CHECK", true, [](int age) { return age >= 5; });
}

// Flags OC2 rows where the trigger holds and a health field is blank.
template <typename Trigger>
void check_health_complete(const RuleInput& in, Flags& out, std::string_view field, Trigger trigger) {
  const Table* t = with_columns(in, "OC2", {field, "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"});
  if (!t) return;
  out.checked(*t);
  const Column& f = col(*t, field);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    if (!trigger(f, i)) continue;
    for (std::string_view c : {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"})
      if (col(*t, c).null(i)) {
        out.add(*t, i);
        break;
      }
  }
}

KITH_903_RULE("544", kBothRuleSets) {
  check_health_complete(in, out, "CONVICTED", [](const Column& c, std::size_t i) { return !c.null(i); });
}
KITH_903_RULE("547", kBothRuleSets) {
  check_health_complete(in, out, "HEALTH_CHECK", [](const Column& c, std::size_t i) { return c[i] == "1"; });
}

// Children starting to be looked after this year (RNE S) have their previous
// permanence option: a PrevPerm row with PREV_PERM, and LA_PERM unless it is Z1 (none).
KITH_903_RULE("630", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE"});
  const Table* pp = with_columns(in, "PrevPerm", {"CHILD", "PREV_PERM", "LA_PERM"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!eps || !pp || !start) return;
  out.checked(*eps);
  auto perm = row_by_child(*pp);
  const Column &prev = col(*pp, "PREV_PERM"), &la = col(*pp, "LA_PERM");
  const Column &child = col(*eps, "CHILD"), &decom = col(*eps, "DECOM"), &rne = col(*eps, "RNE");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (rne[i] != "S" || !known(decom.date(i)) || decom.date(i) < *start) continue;
    auto it = perm.find(child[i]);
    bool complete = it != perm.end() && !prev.null(it->second) && (prev[it->second] == "Z1" || !la.null(it->second));
    if (!complete) out.add(*eps, i);
  }
}

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// DATE_PERM may give an unknown day or month as ZZ, or be wholly unknown
// (ZZ/ZZ/ZZZZ). Returns the latest day the text can mean; nullopt when wholly
// unknown; kNoDate when it is not a valid value.
std::optional<Day> latest_day_meant(std::string_view text) {
  std::string_view parts[3];
  for (int k = 0; k < 3; ++k) {
    std::size_t slash = text.find('/');
    if ((k < 2) != (slash != std::string_view::npos)) return kNoDate;
    parts[k] = text.substr(0, slash);
    text = k < 2 ? text.substr(slash + 1) : std::string_view{};
  }
  auto [day, month, year] = std::tuple(parts[0], parts[1], parts[2]);
  if (day == "ZZ" && month == "ZZ" && year == "ZZZZ") return std::nullopt;
  if (!digits(year, 4)) return kNoDate;
  int y = 0;
  std::from_chars(year.data(), year.data() + 4, y);
  unsigned m = 12;
  if (month != "ZZ") {
    if (!(digits(month, 1) || digits(month, 2))) return kNoDate;
    std::from_chars(month.data(), month.data() + month.size(), m);
    if (m < 1 || m > 12) return kNoDate;
  }
  if (day == "ZZ") return to_day(Date::ymd(y, m, 1).plus_months(1).plus_days(-1));
  return parse_day(std::string(day) + "/" + std::to_string(m) + "/" + std::string(year));
}

// The previous permanence order is a valid (possibly partly unknown) date before
// the child's episodes began: flags the PrevPerm row and the child's episodes
// (all of them for an invalid value, else those starting on or before it).
KITH_903_RULE("632", kBothRuleSets) {
  const Table* pp = with_columns(in, "PrevPerm", {"CHILD", "DATE_PERM"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  if (!pp || !eps) return;
  out.checked(*pp);
  out.checked(*eps);
  const ChildRows& episodes = rows_by_child(*eps);
  const Column& decom = col(*eps, "DECOM");
  const Column &child = col(*pp, "CHILD"), &date = col(*pp, "DATE_PERM");
  for (std::size_t i = 0; i < pp->rows(); ++i) {
    if (date.null(i)) continue;
    std::optional<Day> latest = latest_day_meant(date[i]);
    if (!latest) continue;
    auto it = episodes.find(child[i]);
    if (*latest == kNoDate) {
      out.add(*pp, i);
      if (it != episodes.end())
        for (std::size_t r : it->second) out.add(*eps, r);
      continue;
    }
    if (it == episodes.end()) continue;
    for (std::size_t r : it->second)
      if (known(decom.date(r)) && decom.date(r) <= *latest) {
        out.add(*eps, r);
        out.add(*pp, i);
      }
  }
}

// Previous permanence is recorded for children who started to be looked after from 1 April 2016.
KITH_903_RULE("634", kBothRuleSets) {
  const Table* pp = with_columns(in, "PrevPerm", {"CHILD", "PREV_PERM", "LA_PERM", "DATE_PERM"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  if (!pp || !eps) return;
  out.checked(*pp);
  out.checked(*eps);
  const Day from = to_day(Date::ymd(2016, 4, 1));
  const ChildRows& episodes = rows_by_child(*eps);
  const Column& decom = col(*eps, "DECOM");
  const Column& child = col(*pp, "CHILD");
  for (std::size_t i = 0; i < pp->rows(); ++i) {
    auto it = episodes.find(child[i]);
    if (it == episodes.end() || !any_filled(*pp, i, {"PREV_PERM", "LA_PERM", "DATE_PERM"})) continue;
    bool dated = false, since = false;
    for (std::size_t r : it->second)
      if (known(decom.date(r))) {
        dated = true;
        since = since || decom.date(r) >= from;
      }
    if (!dated || since) continue;
    out.add(*pp, i);
    for (std::size_t r : it->second) out.add(*eps, r);
  }
}

// LA_PERM and DATE_PERM only with a previous permanence option.
KITH_903_RULE("635", kBothRuleSets) {
  const Table* t = with_columns(in, "PrevPerm", {"PREV_PERM", "LA_PERM", "DATE_PERM"});
  if (!t) return;
  out.checked(*t);
  const Column& prev = col(*t, "PREV_PERM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (prev.null(i) && any_filled(*t, i, {"LA_PERM", "DATE_PERM"})) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
